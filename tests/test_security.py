"""Deployment security: the client's address behind a proxy (so a lockout hits the attacker,
not everyone behind the same proxy), the Content Security Policy, and how long a login lasts."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.urls import reverse

from familjecentral.security import client_ip

PROXY = "10.0.0.2"


def _login(client, username: str, password: str, client_address: str):
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=client_address,
    )


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.7", PROXY),  # no trusted proxy: the header proves nothing
        (1, "203.0.113.7", "203.0.113.7"),
        (1, "6.6.6.6, 203.0.113.7", "203.0.113.7"),  # what the client sent itself is ignored
        (2, "203.0.113.7, 10.0.0.1", "203.0.113.7"),  # two proxies, each appended one address
        (1, "", PROXY),
    ],
)
def test_the_client_is_the_address_the_trusted_proxies_saw(settings, proxies, forwarded, expected):
    settings.PORTAL_TRUSTED_PROXIES = proxies
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_failed_logins_behind_the_proxy_lock_out_the_attacker_not_the_user(client, world, settings):
    settings.AXES_ENABLED = True
    settings.PORTAL_TRUSTED_PROXIES = 1
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "alice", "gissning", "198.51.100.66")
    locked = _login(client, "alice", "gissning", "198.51.100.66")
    assert "För många misslyckade inloggningar" in locked.content.decode()

    # Alice, at her own address behind the same proxy, still gets in.
    response = _login(client, "alice", "pass", "203.0.113.7")
    assert response.status_code == 302 and response.url == reverse("home")


def test_every_page_carries_a_policy_without_unsafe_inline(client, world):
    for response in (
        client.get(reverse("login")),
        client.get(reverse("accessibility")),
        client.get("/admin/login/"),
    ):
        policy = response["Content-Security-Policy"]
        assert "default-src 'self'" in policy
        assert "script-src 'self'" in policy
        assert "frame-ancestors 'none'" in policy
        assert "unsafe-inline" not in policy


def test_a_login_lasts_a_working_day_and_ends_with_the_browser(client, world, settings):
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    response = client.post(reverse("login"), {"username": "alice", "password": "pass"})
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["expires"] == "" and cookie["max-age"] == ""  # a browser-session cookie
    assert 0 < client.session.get_expiry_age() <= 8 * 60 * 60
