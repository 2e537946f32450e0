"""The audit log: logins, failed logins, lockouts and refusals, each one JSON line with who,
from where and what (never a password)."""

from __future__ import annotations

import json
import logging

from django.urls import reverse

from familjecentral.log import JsonLines
from tests.conftest import login


def test_a_login_and_a_failed_one_are_logged_without_the_password(client, world, audit):
    client.post(reverse("login"), {"username": "alice", "password": "hemligt-fel"})
    client.post(reverse("login"), {"username": "alice", "password": "pass"})

    (failed, f), (ok, o) = audit()
    assert failed == "login_failed" and f["username"] == "alice" and f["ip"] == "127.0.0.1"
    assert ok == "login" and o["user"] == "alice" and o["path"] == reverse("login")
    assert "hemligt-fel" not in json.dumps([f, o])


def test_a_lockout_is_logged(client, world, settings, audit):
    settings.AXES_ENABLED = True
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "alice", "password": "fel"})
    assert ("lockout", "alice") in [(e, f.get("username")) for e, f in audit()]


def test_every_refusal_is_logged_with_who_asked_for_what(client, world, audit):
    login(client, world.alice)  # a samordnare may not set up periods
    response = client.get(reverse("followup:period-create"))
    assert response.status_code == 403
    event, fields = audit()[-1]
    assert event == "permission_denied"
    assert fields["user"] == "alice" and fields["path"] == reverse("followup:period-create")


def test_each_event_is_one_json_line():
    record = logging.LogRecord("familjecentral.audit", logging.WARNING, "", 0, "lockout", (), None)
    record.audit = {"username": "alice", "ip": "203.0.113.7"}
    line = JsonLines().format(record)
    assert "\n" not in line
    parsed = json.loads(line)
    assert parsed["event"] == "lockout" and parsed["level"] == "warning"
    assert parsed["username"] == "alice" and parsed["ip"] == "203.0.113.7" and parsed["time"]
