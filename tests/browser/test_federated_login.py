"""Logging in through the municipality's identity provider in a real browser: the button on the
login page, the provider's own page (oidc-provider-mock, started by the test), back to the
portal's start page; logging out ends the provider's session too. Under the portal's Content
Security Policy."""

from __future__ import annotations

import copy
import re

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import build_world
from tests.federation import oidc_provider

pytestmark = [pytest.mark.browser, pytest.mark.urls("tests.federation.oidc_urls")]


@pytest.fixture
def world(transactional_db):
    return build_world()


@pytest.fixture
def op():
    with oidc_provider.provider() as base:
        yield base


def test_a_samordnare_logs_in_through_the_provider_and_out_again(
    page: Page, live_server, world, settings, op
):
    client = oidc_provider.register(op, f"{live_server.url}/konto/oidc/callback/")
    oidc_provider.enable(settings, op, client)
    # What settings.py adds when OIDC_OP_LOGOUT_ENDPOINT is set: the logout form's redirect
    # to the provider is a form action.
    policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
    policy["DIRECTIVES"]["form-action"].append(op)
    settings.CONTENT_SECURITY_POLICY = policy

    page.goto(f"{live_server.url}/konto/logga-in/")
    page.get_by_role("link", name="Logga in med Kommunens inloggning").click()

    # The provider's page: the person says who they are (the mock takes the e-mail as subject).
    expect(page).to_have_url(re.compile(rf"^{re.escape(op)}/oauth2/authorize"))
    page.get_by_placeholder("sub").fill("alice@example.org")
    page.get_by_role("button", name="Authorize").click()

    page.wait_for_url(f"{live_server.url}/")
    expect(page.get_by_test_id("user-menu")).to_contain_text("Alice Andersson")

    page.get_by_test_id("user-menu").click()
    page.get_by_role("button", name="Logga ut").click()

    expect(page).to_have_url(re.compile(rf"^{re.escape(op)}/oauth2/end_session"))
    page.get_by_role("button", name="End session").click()
    page.wait_for_url(f"{live_server.url}/konto/logga-in/")
    expect(page.get_by_text("Du är nu utloggad.")).to_be_visible()


def test_the_login_page_with_providers_and_the_refusal_page_pass_axe_on_a_phone(
    page: Page, live_server, world, settings, op, tmp_path, csp_violations
):
    # With local login for administrators only, the providers' buttons come first; a SAML
    # response the portal refuses ends on a Swedish page. Both at 1280 and 320 px.
    from tests.browser.test_accessibility import _violations

    oidc_provider.enable(settings, op, oidc_provider.register(op, f"{live_server.url}/cb/"))
    idp_metadata = tmp_path / "idp.xml"
    idp_metadata.write_text(
        '<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" '
        'entityID="https://idp.example.se/idp"/>'
    )
    settings.SAML_ENABLED, settings.SAML_PROVIDER_NAME = True, "SITHS"
    settings.SAML_IDP_METADATA_FILE = str(idp_metadata)
    settings.PORTAL_BASE_URL = live_server.url
    settings.PORTAL_LOCAL_LOGIN = False

    problems = []
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live_server.url}/konto/logga-in/")
        expect(page.get_by_role("link", name="Logga in med Kommunens inloggning")).to_be_visible()
        expect(page.get_by_role("link", name="Logga in med SITHS")).to_be_visible()
        problems += [f"{width} px login: {v}" for v in _violations(page, csp_violations)]
        # A forged response posted to the assertion consumer service, as a browser would.
        page.evaluate(
            """(response) => {
                const form = document.createElement('form');
                form.method = 'post';
                form.action = '/konto/saml2/acs/';
                const field = document.createElement('input');
                field.name = 'SAMLResponse';
                field.value = btoa(response);
                form.append(field);
                document.body.append(form);
                form.submit();
            }""",
            '<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"/>',
        )
        expect(page.get_by_role("heading", name="Inloggningen nekades")).to_be_visible()
        problems += [f"{width} px refused: {v}" for v in _violations(page, csp_violations)]
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        if overflow > 0:
            problems.append(f"{width} px: scrolls sideways by {overflow} px")
    assert not problems, "\n".join(problems)
    assert not csp_violations
