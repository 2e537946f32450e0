from __future__ import annotations

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from familjecentral.audit import audit
from federation.providers import configured


class PortalAuthenticationForm(AuthenticationForm):
    """Django's login form; with PORTAL_LOCAL_LOGIN off the password is for superusers only and
    everyone else is told which provider to use."""

    def confirm_login_allowed(self, user) -> None:
        super().confirm_login_allowed(user)
        if settings.PORTAL_LOCAL_LOGIN or user.is_superuser:
            return
        audit("local_login_refused", self.request, user=user.get_username())
        names = [p.name for p in configured()]
        raise ValidationError(
            _("Log in through %(provider)s.")
            % {"provider": get_text_list(names, _("or")) or _("your organisation's login")},
            code="local_login_off",
        )
