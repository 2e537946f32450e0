"""Cost sharing in a real browser: a processledare records a joint cost on the district's
agreement and sees who owes whom change."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from centres.models import Principal
from tests.conftest import build_world
from tests.coordination.factories import make_agreement, make_cost

pytestmark = pytest.mark.browser


@pytest.fixture
def world(transactional_db):
    w = build_world()
    w.agreement = make_agreement(w.angered, title="Samverkansavtal familjecentral Angered")
    make_cost(w.agreement, "10000", Principal.MUNICIPALITY, date=timezone.localdate())
    return w


def test_it_records_a_cost_and_shows_the_new_settlement(
    page: Page, live_server, browser_login, world
):
    browser_login(page, "bob")

    menu = page.locator("#nav-main")
    menu.get_by_role("button", name="Samordning").click()
    menu.get_by_role("link", name="Avtal", exact=True).click()
    page.get_by_role("link", name="Samverkansavtal familjecentral Angered").click()
    sentence = page.get_by_test_id("settlement-sentence")
    expect(sentence).to_have_text("Regionen ska betala 5\xa0000 kr till kommunen.")

    page.get_by_role("link", name="Registrera kostnad").click()
    page.get_by_label("Kategori").select_option(label="Lokal")
    page.get_by_label("Belopp (kr)").fill("30000")
    page.get_by_label("Betalt av").select_option(label="Region")
    page.get_by_label("Anteckning").fill("Hyra kvartal 4")
    page.get_by_role("button", name="Spara").click()

    expect(page.get_by_text("Kostnaden registrerades.")).to_be_visible()
    expect(page.get_by_test_id("total")).to_have_text("40\xa0000,00 kr")
    expect(sentence).to_have_text("Kommunen ska betala 10\xa0000 kr till regionen.")
    expect(page.get_by_test_id("cost-row").filter(has_text="Hyra kvartal 4")).to_be_visible()
