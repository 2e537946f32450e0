"""The Content Security Policy holds in the browser: an inline script does not run, an inline
style and a foreign image are refused, and the browser tests notice (tests/browser/conftest.py
fails any test whose page the policy had to refuse something on)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.conftest import build_world

pytestmark = pytest.mark.browser


@pytest.fixture
def world(transactional_db):
    return build_world()


def test_the_policy_refuses_inline_script_inline_style_and_other_origins(
    page: Page, live_server, browser_login, world, csp_violations
):
    browser_login(page, "alice")
    page.evaluate(
        """() => {
          const script = document.createElement("script");
          script.textContent = "window.injected = true";
          document.body.append(script);
          const box = document.createElement("div");
          box.innerHTML = '<span style="color: red">x</span><img src="https://example.org/x.png">';
          document.body.append(box);
        }"""
    )
    page.wait_for_timeout(100)
    assert page.evaluate("() => window.injected") is None
    refused = "\n".join(csp_violations)
    assert "script-src" in refused
    assert "style-src" in refused
    assert "img-src" in refused
    csp_violations.clear()  # seen, as this test means them to be
