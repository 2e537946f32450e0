"""Two-step login (TOTP, django-otp) with recovery codes.

Anyone may turn it on for their own account. With `PORTAL_REQUIRE_2FA` on, superusers and the
roles that approve reports (processledare, koordinator) must: after the password they are sent to
set up an authenticator app before anything else opens. Whoever has it on gives a code from the
app, or one of ten single-use recovery codes, after the password.

What a session still owes is decided once, at login, and kept in the session (`SESSION_KEY`), so
a page costs no extra query. Logins through a backend named in `PORTAL_2FA_TRUSTED_BACKENDS`
(an identity provider that does its own second factor, such as a later SAML or OIDC login) owe
nothing.
"""

from __future__ import annotations

import io
import logging
from base64 import b32encode

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.dispatch import receiver
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from coordination.models import REVIEWING_ROLES
from coordination.rules import has_role
from familjecentral.audit import audit

SESSION_KEY = "portal_2fa"
VERIFY, ENROL, DONE = "verify", "enrol", "done"
RECOVERY_CODES = 10
# The pages a login that still owes its second step may open: what lets it pay, and leaving.
ALWAYS_OPEN = {"login", "logout", "accessibility", "admin:logout"}
OPEN = {
    VERIFY: ALWAYS_OPEN | {"twofactor-verify"},
    ENROL: ALWAYS_OPEN | {"twofactor-setup", "twofactor-qr"},
}


def is_required(user) -> bool:
    """Whether the user must have two-step login: the setting is on and they are a superuser
    or hold a role that approves reports."""
    return settings.PORTAL_REQUIRE_2FA and (user.is_superuser or has_role(user, *REVIEWING_ROLES))


def owed(request: HttpRequest, user) -> str:
    """What `user`'s login in `request` still owes: VERIFY (a code), ENROL (set the app up)
    or DONE."""
    if request.session.get(BACKEND_SESSION_KEY) in settings.PORTAL_2FA_TRUSTED_BACKENDS:
        return DONE
    if user_has_device(user):
        return VERIFY
    return ENROL if is_required(user) else DONE


@receiver(user_logged_in)
def _decide_at_login(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = owed(request, user)


class TwoFactorMiddleware:
    """After django-otp's OTPMiddleware: a login that owes its second step reaches only the
    pages that let it pay (and logging out)."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.user.is_authenticated:
            return None
        state = request.session.get(SESSION_KEY)
        if state is None:  # a session from before this setting or this feature
            state = request.session[SESSION_KEY] = owed(request, request.user)
        if state == DONE:
            return None
        if request.resolver_match.view_name in OPEN[state]:
            return None
        target = "twofactor-verify" if state == VERIFY else "twofactor-setup"
        return redirect_to_login(request.get_full_path(), reverse(target))


def _done(request: HttpRequest, device) -> None:
    otp_login(request, device)
    request.session[SESSION_KEY] = DONE


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse("home")


def _throttled(devices) -> int:
    """Seconds until the next attempt is allowed, 0 when one is."""
    waits = []
    for device in devices:
        allowed, data = device.verify_is_allowed()
        if not allowed and data and "locked_until" in data:
            waits.append(max(1, int((data["locked_until"] - timezone.now()).total_seconds())))
    return min(waits) if devices and len(waits) == len(devices) else 0


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=16,
        help_text=gettext_lazy(
            "Six digits from the authenticator app, or one of your recovery codes."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )

    def __init__(self, *args, user, devices_for, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.devices_for = devices_for
        self.device = None

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split()).lower()
        devices = self.devices_for(self.user)
        wait = _throttled(devices)
        if wait:
            raise forms.ValidationError(
                _("Too many wrong codes. Wait %(seconds)s seconds and try again."),
                params={"seconds": wait},
            )
        for device in devices:
            if device.verify_token(code):
                self.device = device
                return code
        raise forms.ValidationError(_("The code is wrong or has expired. Try again."))


def _confirmed_devices(user) -> list:
    """The user's TOTP and recovery-code devices, locked for this verification."""
    return [
        *TOTPDevice.objects.devices_for_user(user, confirmed=True).select_for_update(),
        *StaticDevice.objects.devices_for_user(user, confirmed=True).select_for_update(),
    ]


def _pending_device(user) -> TOTPDevice:
    """The authenticator being set up: kept until confirmed, so a reload shows the same key."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(
        user=user, name=_("Authenticator app"), confirmed=False
    )


def _new_recovery_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=_("Recovery codes"), confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


# /konto/tvastegs/verifiera/
@never_cache
@login_required
def verify(request: HttpRequest) -> HttpResponse:
    if request.session.get(SESSION_KEY) != VERIFY:
        return redirect(_next(request))
    form = CodeForm(request.POST or None, user=request.user, devices_for=_confirmed_devices)
    if request.method == "POST":
        if form.is_valid():
            _done(request, form.device)
            audit("2fa_verified", request, device=form.device.__class__.__name__)
            if isinstance(form.device, StaticDevice):
                left = form.device.token_set.count()
                messages.warning(
                    request,
                    _("You used a recovery code; %(left)s are left.") % {"left": left},
                )
            return redirect(_next(request))
        audit("2fa_failed", request, level=logging.WARNING)
    return render(
        request, "registration/twofactor_verify.html", {"form": form, "next": _next(request)}
    )


# /konto/tvastegs/
@never_cache
@login_required
def overview(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "registration/twofactor_overview.html",
        {
            "enabled": user_has_device(request.user),
            "required": is_required(request.user),
            "codes_left": StaticToken.objects.filter(device__user=request.user).count(),
        },
    )


# /konto/tvastegs/aktivera/
@never_cache
@login_required
def setup(request: HttpRequest) -> HttpResponse:
    if request.session.get(SESSION_KEY) == VERIFY:
        return redirect_to_login(_next(request), reverse("twofactor-verify"))
    device = _pending_device(request.user)
    form = CodeForm(
        request.POST or None,
        user=request.user,
        devices_for=lambda user: [device],
    )
    if request.method == "POST" and form.is_valid():
        TOTPDevice.objects.filter(user=request.user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        request.session["portal_2fa_codes"] = _new_recovery_codes(request.user)
        _done(request, device)
        audit("2fa_enabled", request)
        messages.success(request, _("Two-step login is on."))
        return redirect_to_login(_next(request), reverse("twofactor-codes"))
    key = b32encode(device.bin_key).decode()
    return render(
        request,
        "registration/twofactor_setup.html",
        {
            "form": form,
            "key": " ".join(key[i : i + 4] for i in range(0, len(key), 4)),
            "required": is_required(request.user),
            "next": _next(request),
        },
    )


# /konto/tvastegs/qr.svg
@never_cache
@login_required
def qr_code(request: HttpRequest) -> HttpResponse:
    """The pending authenticator's key as a QR code, only to its own user."""
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        raise Http404
    out = io.BytesIO()
    segno.make(device.config_url, error="m").save(
        out, kind="svg", scale=5, border=2, title=_("QR code for the authenticator app")
    )
    return HttpResponse(out.getvalue(), content_type="image/svg+xml")


# /konto/tvastegs/reservkoder/
@never_cache
@login_required
def codes(request: HttpRequest) -> HttpResponse:
    """The recovery codes just made, shown once."""
    shown = request.session.pop("portal_2fa_codes", None)
    if shown is None:
        return redirect("twofactor-overview")
    return render(
        request,
        "registration/twofactor_codes.html",
        {"codes": shown, "next": _next(request)},
    )


# /konto/tvastegs/reservkoder/nya/
@login_required
@require_POST
def new_codes(request: HttpRequest) -> HttpResponse:
    if not user_has_device(request.user):
        return redirect("twofactor-overview")
    request.session["portal_2fa_codes"] = _new_recovery_codes(request.user)
    audit("2fa_new_recovery_codes", request)
    messages.success(request, _("New recovery codes made; the old ones no longer work."))
    return redirect("twofactor-codes")


# /konto/tvastegs/stang-av/
@never_cache
@login_required
def disable(request: HttpRequest) -> HttpResponse:
    if is_required(request.user):
        messages.error(request, _("Two-step login is required for your account."))
        return redirect("twofactor-overview")
    if not user_has_device(request.user):
        return redirect("twofactor-overview")
    form = CodeForm(request.POST or None, user=request.user, devices_for=_confirmed_devices)
    if request.method == "POST" and form.is_valid():
        TOTPDevice.objects.filter(user=request.user).delete()
        StaticDevice.objects.filter(user=request.user).delete()
        audit("2fa_disabled", request)
        messages.success(request, _("Two-step login is off."))
        return redirect("twofactor-overview")
    return render(request, "registration/twofactor_disable.html", {"form": form})
