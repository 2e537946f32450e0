"""Settings come from the environment: documented, safe by default, loud when unsafe."""

from __future__ import annotations

import datetime
import os
import re
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.template import Context, Template

BASE = Path(settings.BASE_DIR)


def _start(**environ: str) -> subprocess.CompletedProcess:
    """Load the settings in a fresh interpreter, as gunicorn or manage.py would."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(environ, DJANGO_SETTINGS_MODULE="familjecentral.settings")
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings;"
            "print(settings.DEBUG, settings.ALLOWED_HOSTS)",
        ],
        cwd=BASE,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_it_documents_every_variable_in_env_example():
    read = set(
        re.findall(
            r'env(?:\.\w+)?\(\s*"([A-Z0-9_]+)"', (BASE / "familjecentral/settings.py").read_text()
        )
    )
    documented = set(re.findall(r"^#?\s*([A-Z0-9_]+)=", (BASE / ".env.example").read_text(), re.M))
    assert read, "no variables found in settings.py"
    assert read - documented == set()


def test_it_refuses_to_start_without_a_secret_key_when_debug_is_off():
    result = _start(DJANGO_DEBUG="false")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_it_starts_with_a_secret_key_and_the_allowed_hosts_given():
    result = _start(
        DJANGO_DEBUG="false", DJANGO_SECRET_KEY="x" * 50, DJANGO_ALLOWED_HOSTS="fc.example.se"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False ['fc.example.se']"


def test_it_refuses_a_debug_value_it_does_not_understand():
    result = _start(DJANGO_DEBUG="kanske")
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be true or false" in result.stderr


def test_it_refuses_a_value_that_is_not_a_number():
    result = _start(DJANGO_AXES_FAILURE_LIMIT="fem")
    assert result.returncode != 0
    assert "ValueError" in result.stderr or "ImproperlyConfigured" in result.stderr


def test_it_shows_dates_times_and_numbers_the_swedish_way():
    moment = datetime.datetime(2026, 3, 5, 12, 30, tzinfo=datetime.UTC)
    rendered = Template(
        "{% load tz %}{{ day|date:'j F Y' }} | {{ moment|localtime|time:'H:i' }} | {{ number }}"
    ).render(Context({"day": datetime.date(2026, 3, 5), "moment": moment, "number": 1234.5}))
    # Stockholm is UTC+1 in March; the thousands separator is a (non-breaking) space.
    assert rendered.replace("\xa0", " ") == "5 mars 2026 | 13:30 | 1 234,5"


def _deploy_check(**environ: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(environ, DJANGO_SETTINGS_MODULE="familjecentral.settings")
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


PRODUCTION = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "k9#Qv2@xL7!mR4$wT8^zN1&bH5*cJ3(dF6)gY0-pS" * 2,
    "DJANGO_ALLOWED_HOSTS": "familjecentral.example.se",
    "PORTAL_TRUSTED_PROXIES": "1",
}


def test_the_deploy_check_finds_nothing_with_production_settings():
    result = _deploy_check(**PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_deploy_check_warns_when_https_is_turned_off():
    result = _deploy_check(**PRODUCTION, DJANGO_HSTS_SECONDS="0", DJANGO_SECURE_SSL_REDIRECT="no")
    assert result.returncode != 0
    assert "security.W004" in result.stderr + result.stdout  # no HSTS
    assert "security.W008" in result.stderr + result.stdout  # no SSL redirect
