"""Two-step login: anyone may turn it on; with PORTAL_REQUIRE_2FA the approving roles and
superusers must. The code (or a single-use recovery code) comes after the password, and until
it is given nothing but the code page and logging out opens."""

from __future__ import annotations

import time

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice


@pytest.fixture(autouse=True)
def _no_throttle(settings):
    """Wrong codes in these tests are followed at once by right ones."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


def code(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The code the user's app shows now (or a step later: a code is accepted once)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


def password_login(client, user) -> None:
    response = client.post(reverse("login"), {"username": user.username, "password": "pass"})
    assert response.status_code == 302


def turn_on(client, user) -> tuple[TOTPDevice, list[str]]:
    """The user sets up the app as the pages lead them; returns the device and recovery codes."""
    client.force_login(user)
    page = client.get(reverse("twofactor-setup"))
    device = TOTPDevice.objects.get(user=user)
    key = page.context["key"].replace(" ", "")
    assert device.config_url.split("secret=")[1].startswith(key)
    response = client.post(reverse("twofactor-setup"), {"code": code(device)}, follow=True)
    codes = response.context["codes"]
    client.logout()
    device.refresh_from_db()
    return device, codes


def test_off_by_default_nobody_is_asked_for_a_code(client, world):
    password_login(client, world.bob)
    assert client.get(reverse("home")).status_code == 200


def test_turning_it_on_shows_the_key_a_qr_code_and_ten_recovery_codes(client, world):
    client.force_login(world.alice)
    page = client.get(reverse("twofactor-setup"))
    assert "Ange den sexsiffriga koden" in page.content.decode()
    qr = client.get(reverse("twofactor-qr"))
    assert qr["Content-Type"] == "image/svg+xml" and b"<svg" in qr.content

    wrong = client.post(reverse("twofactor-setup"), {"code": "000000"})
    assert "Koden är fel eller har gått ut" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=world.alice, confirmed=True).exists()

    device = TOTPDevice.objects.get(user=world.alice)
    shown = client.post(reverse("twofactor-setup"), {"code": code(device)}, follow=True)
    codes = shown.context["codes"]
    assert len(codes) == 10 and all(c in shown.content.decode() for c in codes)
    # Shown once: the page does not show them again.
    assert client.get(reverse("twofactor-codes")).status_code == 302
    assert "Påslagen" in client.get(reverse("twofactor-overview")).content.decode()


def test_after_the_password_only_the_code_page_opens_until_the_code_is_given(client, world):
    device, _ = turn_on(client, world.alice)
    password_login(client, world.alice)
    report_list = reverse("followup:report-list")
    response = client.get(report_list)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('twofactor-verify')}?next={report_list}"
    # Nothing that would let a password alone take over the second step.
    for name in ("twofactor-overview", "twofactor-disable", "twofactor-setup"):
        assert client.get(reverse(name))["Location"].startswith(reverse("twofactor-verify"))
    tokens = set(StaticToken.objects.values_list("token", flat=True))
    assert client.post(reverse("twofactor-new-codes")).status_code == 302
    assert set(StaticToken.objects.values_list("token", flat=True)) == tokens
    assert client.get(reverse("admin:index"))["Location"].startswith(reverse("twofactor-verify"))

    wrong = client.post(reverse("twofactor-verify"), {"code": "123456", "next": report_list})
    assert "Koden är fel eller har gått ut" in wrong.content.decode()
    ok = client.post(reverse("twofactor-verify"), {"code": code(device, 1), "next": report_list})
    assert ok["Location"] == report_list
    assert client.get(report_list).status_code == 200


def test_the_page_asked_for_keeps_its_whole_address_through_the_code_step(client, world):
    device, _ = turn_on(client, world.alice)
    password_login(client, world.alice)
    wanted = reverse("followup:report-list") + "?scope=alla&status=godkand"
    to_verify = client.get(wanted)["Location"]
    ok = client.post(
        to_verify, {"code": code(device, 1), "next": client.get(to_verify).context["next"]}
    )
    assert ok["Location"] == wanted


def test_a_recovery_code_works_once(client, world):
    _, codes = turn_on(client, world.alice)
    password_login(client, world.alice)
    response = client.post(reverse("twofactor-verify"), {"code": codes[0].upper()}, follow=True)
    assert "Du använde en reservkod; 9 finns kvar." in response.content.decode()
    client.logout()

    password_login(client, world.alice)
    again = client.post(reverse("twofactor-verify"), {"code": codes[0]})
    assert "Koden är fel eller har gått ut" in again.content.decode()


def test_new_recovery_codes_replace_the_old_ones(client, world):
    device, old = turn_on(client, world.alice)
    password_login(client, world.alice)
    client.post(reverse("twofactor-verify"), {"code": code(device, 1)})
    new = client.post(reverse("twofactor-new-codes"), follow=True).context["codes"]
    assert set(new).isdisjoint(old)
    kept = StaticToken.objects.filter(device__user=world.alice).values_list("token", flat=True)
    assert set(kept) == set(new)


def test_wrong_codes_in_a_row_make_the_user_wait(client, world, settings):
    device, _ = turn_on(client, world.alice)
    settings.OTP_TOTP_THROTTLE_FACTOR = settings.OTP_STATIC_THROTTLE_FACTOR = 60
    password_login(client, world.alice)
    client.post(reverse("twofactor-verify"), {"code": "111111"})
    response = client.post(reverse("twofactor-verify"), {"code": code(device, 1)})
    assert "För många felaktiga koder. Vänta" in response.content.decode()
    assert client.get(reverse("home")).status_code == 302


def test_required_roles_must_set_it_up_before_anything_else(client, world, settings):
    settings.PORTAL_REQUIRE_2FA = True
    password_login(client, world.bob)  # processledare: approves reports
    response = client.get(reverse("home"))
    assert response["Location"].startswith(reverse("twofactor-setup"))
    page = client.get(reverse("twofactor-setup"))
    assert "Ditt konto måste använda tvåstegsinloggning" in page.content.decode()
    assert client.get(reverse("twofactor-qr")).status_code == 200

    client.force_login(world.admin)
    assert client.get(reverse("admin:index"))["Location"].startswith(reverse("twofactor-setup"))

    password_login(client, world.alice)  # samordnare: does not approve, is not asked
    assert client.get(reverse("home")).status_code == 200


def test_a_required_user_cannot_turn_it_off(client, world, settings):
    device, _ = turn_on(client, world.bob)
    settings.PORTAL_REQUIRE_2FA = True
    password_login(client, world.bob)
    client.post(reverse("twofactor-verify"), {"code": code(device, 1)})
    response = client.post(reverse("twofactor-disable"), {"code": "x"}, follow=True)
    assert "Tvåstegsinloggning krävs för ditt konto." in response.content.decode()
    assert TOTPDevice.objects.filter(user=world.bob, confirmed=True).exists()


def test_turning_it_off_asks_for_a_code(client, world):
    device, _ = turn_on(client, world.alice)
    password_login(client, world.alice)
    client.post(reverse("twofactor-verify"), {"code": code(device, 1)})
    wrong = client.post(reverse("twofactor-disable"), {"code": "000000"})
    assert "Koden är fel" in wrong.content.decode()
    assert TOTPDevice.objects.filter(user=world.alice).exists()
    client.post(reverse("twofactor-disable"), {"code": code(device, 2)})
    assert not TOTPDevice.objects.filter(user=world.alice).exists()
    assert not StaticToken.objects.filter(device__user=world.alice).exists()


def test_a_login_through_a_trusted_identity_provider_owes_no_second_step(client, world, settings):
    settings.PORTAL_REQUIRE_2FA = True
    sso = "django.contrib.auth.backends.RemoteUserBackend"  # stands in for a SAML/OIDC backend
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, sso]
    settings.PORTAL_2FA_TRUSTED_BACKENDS = [sso]
    client.force_login(world.bob, backend=sso)
    assert client.get(reverse("home")).status_code == 200


def test_the_qr_code_is_only_for_a_pending_set_up(client, world):
    client.force_login(world.alice)
    assert client.get(reverse("twofactor-qr")).status_code == 404


def test_codes_given_and_refused_are_in_the_audit_log(client, world, audit):  # noqa: F811
    device, _ = turn_on(client, world.alice)
    password_login(client, world.alice)
    client.post(reverse("twofactor-verify"), {"code": "000000"})
    client.post(reverse("twofactor-verify"), {"code": code(device, 1)})
    events = [(e, f["user"]) for e, f in audit()]
    assert ("2fa_enabled", "alice") in events
    assert events[-2:] == [("2fa_failed", "alice"), ("2fa_verified", "alice")]
