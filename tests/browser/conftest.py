"""Browser tests: Playwright drives Debian's Chromium against a live server.

They never download a browser: `chromium` must be on PATH (`apt-get install chromium`). When it
is missing the tests fail with that instruction instead of being skipped, so CI cannot pass
without them.
"""

from __future__ import annotations

import os
import shutil

import pytest

# Playwright's sync API runs an event loop in the test thread; the test thread only sets up data.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("Chromium is not installed: run `apt-get install chromium` (see README.md).")
    return {
        **browser_type_launch_args,
        "executable_path": executable,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def browser_login(live_server):
    """Log `username` in through the login form; world users have the password "pass"."""

    def login(page, username: str, password: str = "pass") -> None:
        page.goto(f"{live_server.url}/konto/logga-in/")
        page.get_by_label("Användarnamn").fill(username)
        page.get_by_label("Lösenord").fill(password)
        page.get_by_role("button", name="Logga in").click()
        page.wait_for_url(f"{live_server.url}/")

    return login


@pytest.fixture(autouse=True)
def _browser_settings(settings):
    settings.DEBUG = False
    # Static files come from the finders (node_modules, static/) without collectstatic.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def csp_violations(page):
    """Every browser test runs under the portal's Content Security Policy: anything it blocks
    (an inline script or style, a foreign source) fails the test. The list is the test's to
    look at (tests/browser/test_accessibility.py leaves out what axe-core itself adds)."""
    blocked: list[str] = []
    page.on(
        "console",
        lambda message: (
            blocked.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    yield blocked
    assert not blocked, "\n".join(blocked)
