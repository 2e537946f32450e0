"""The one rule both protocols follow: a person who logs in through an identity provider is
matched to an existing account by a configurable attribute (the e-mail address, or the HSA-id
kept in `Identity`), and is never created with rights. Someone the portal does not know gets an
account with no assignment (no centre, district or municipality: nothing but the public pages)
and a message in Swedish to ask their koordinator (issue 21)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from familjecentral.audit import audit

EMAIL, HSA_ID = "email", "hsa_id"

NEW_ACCOUNT_MESSAGE = _(
    "Your account has been created but has no access yet. "
    "Ask your koordinator to give you an assignment."
)


def account_for(
    request: HttpRequest,
    *,
    match_on: str,
    value: str,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
):
    """The account a provider's login is for: the existing active one `value` names, else a
    new one without rights (and the message to ask the koordinator); None when `value` names
    an account that cannot be used (`known_but_unusable`), which the caller refuses."""
    user = find_account(match_on, value)
    if user is not None:
        return user
    if known_but_unusable(match_on, value):
        return None
    user = account_without_rights(
        match_on=match_on, value=value, email=email, first_name=first_name, last_name=last_name
    )
    messages.info(request, NEW_ACCOUNT_MESSAGE)
    return user


def find_account(match_on: str, value: str):
    """The active account whose e-mail address (case-insensitive) or HSA-id is `value`; None
    when there is none or, for an e-mail address, more than one."""
    User = get_user_model()
    value = (value or "").strip()
    if not value:
        return None
    if match_on == HSA_ID:
        return User.objects.filter(identity__hsa_id=value, is_active=True).first()
    found = list(User.objects.filter(email__iexact=value, is_active=True)[:2])
    return found[0] if len(found) == 1 else None


def known_but_unusable(match_on: str, value: str) -> bool:
    """Whether `value` names an account that cannot be logged in to: a deactivated one, or an
    e-mail address several accounts share. Such a person is refused, not given a new account:
    the provider's word neither brings a closed account back nor decides between people."""
    users = get_user_model().objects
    if match_on == HSA_ID:
        return users.filter(identity__hsa_id=value).exists()
    return users.filter(email__iexact=value).exists()


@transaction.atomic
def account_without_rights(
    *, match_on: str, value: str, email: str = "", first_name: str = "", last_name: str = ""
):
    """A new account for someone the provider vouches for but the portal does not know: no
    password, not staff, no assignment. The koordinator gives it an assignment later."""
    from federation.models import Identity

    User = get_user_model()
    base = (email.split("@")[0] if email else value).lower()[:120] or "person"
    username, n = base, 1
    while User.objects.filter(username=username).exists():
        n += 1
        username = f"{base}{n}"
    user = User.objects.create_user(
        username, email=email, first_name=first_name[:150], last_name=last_name[:150]
    )
    user.set_unusable_password()
    user.save(update_fields=["password"])
    if match_on == HSA_ID:
        Identity.objects.create(user=user, hsa_id=value)
    audit("federated_account_created", user=username, match_on=match_on)
    return user
