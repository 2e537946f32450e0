"""Two-step login in a real browser: a processledare, required to use it, sets up the app from
the QR page, saves the recovery codes, and on the next login gives a code from the app. Each page
passes axe-core at phone width, under the Content Security Policy."""

from __future__ import annotations

import base64
import time

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import Page, expect

from tests.browser.test_accessibility import _violations
from tests.conftest import build_world

pytestmark = pytest.mark.browser


@pytest.fixture
def world(transactional_db):
    return build_world()


def _code(key: str, steps_ahead: int = 0) -> str:
    """What the authenticator app shows for the key the page printed."""
    totp = TOTP(base64.b32decode(key.replace(" ", "")), 30, 0, 6)
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def _fill_code(page: Page, code: str) -> None:
    page.get_by_label("Kod").fill(code)


def test_a_processledare_must_set_it_up_and_then_gives_a_code_at_login(
    page: Page, live_server, world, settings, csp_violations
):
    settings.PORTAL_REQUIRE_2FA = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # the right code follows a wrong one at once
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(f"{live_server.url}/konto/logga-in/")
    page.get_by_label("Användarnamn").fill("bob")
    page.get_by_label("Lösenord").fill("pass")
    page.get_by_role("button", name="Logga in").click()

    # Straight to the set-up, which shows the QR code (an image the policy allows) and the key.
    expect(page.get_by_role("heading", name="Slå på tvåstegsinloggning")).to_be_visible()
    qr = page.get_by_role("img", name="QR-kod för autentiseringsappen")
    expect(qr).to_be_visible()
    # Loaded and drawn (it may still be on its way when the page shows): a blocked or broken
    # image never gets a width, and the wait fails.
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=qr.element_handle())
    assert _violations(page, csp_violations) == []
    key = page.get_by_test_id("totp-key").inner_text()

    _fill_code(page, "000000")
    page.get_by_role("button", name="Slå på tvåstegsinloggning").click()
    expect(page.get_by_text("Koden är fel eller har gått ut")).to_be_visible()
    _fill_code(page, _code(key))
    page.get_by_role("button", name="Slå på tvåstegsinloggning").click()

    codes = page.get_by_test_id("recovery-codes").get_by_role("listitem")
    expect(codes).to_have_count(10)
    assert _violations(page, csp_violations) == []
    page.get_by_role("link", name="Jag har sparat koderna").click()
    page.wait_for_url(f"{live_server.url}/")

    # The next login asks for the code after the password.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/uppfoljning/")
    page.get_by_label("Användarnamn").fill("bob")
    page.get_by_label("Lösenord").fill("pass")
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("heading", name="Tvåstegsinloggning")).to_be_visible()
    assert _violations(page, csp_violations) == []
    _fill_code(page, _code(key, 1))
    page.get_by_role("button", name="Fortsätt").click()
    page.wait_for_url(f"{live_server.url}/uppfoljning/")
