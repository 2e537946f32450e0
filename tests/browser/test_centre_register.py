"""The register in a real browser: a demo user logs in, sees her own area, widens the centre
list to all, narrows it to one district and opens a centre's page."""

from __future__ import annotations

import io
import re

import pytest
from playwright.sync_api import Page, expect

from centres import demo as centres_demo
from coordination import demo as coordination_demo

pytestmark = pytest.mark.browser


@pytest.fixture
def demo_register(transactional_db):
    # The register and the demo people of `make run`; follow-up is not needed here.
    centres_demo.seed(io.StringIO())
    coordination_demo.seed_people(io.StringIO())


def test_it_filters_the_centre_list_by_district_and_opens_a_centre(
    page: Page, live_server, browser_login, demo_register
):
    browser_login(page, "samordnare.hjallbo", password=coordination_demo.PASSWORD)

    menu = page.locator("#nav-main")
    menu.get_by_role("button", name="Registret").click()
    menu.get_by_role("link", name="Familjecentraler").click()
    rows = page.get_by_test_id("centre-row")
    # Her own area first: the one centre she coordinates.
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text("Hjällbo familjecentral")

    page.get_by_label("Visa", exact=True).select_option(label="Visa alla")
    page.get_by_role("button", name="Filtrera").click()
    expect(rows.filter(has_text="Kungssten")).to_have_count(1)

    page.get_by_label("Stadsdel").select_option(label="Nordost (Göteborg)")
    page.get_by_role("button", name="Filtrera").click()

    expect(page).to_have_url(re.compile(r"scope=alla.*district=\d+"))
    expect(rows).to_have_count(5)
    for row in rows.all():
        expect(row.locator("td").nth(1)).to_have_text("Nordost")
    expect(rows.filter(has_text="Kungssten")).to_have_count(0)

    rows.get_by_role("link", name="Hjällbo familjecentral").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hjällbo familjecentral")
    expect(page.get_by_test_id("classification")).to_contain_text("Familjecentral")
    expect(page.get_by_text("Hjällbotorget 2")).to_be_visible()
