"""A samordnare keeps her centre's facts current in a real browser, on a phone: she changes the
öppen förskola's opening hours, saves, and later says the facts are still right; the centre page
shows the date."""

from __future__ import annotations

import io

import pytest
from django.utils import timezone
from django.utils.formats import date_format
from playwright.sync_api import Page, expect

from centres import demo as centres_demo
from centres.models import FamilyCentre
from coordination import demo as coordination_demo
from tests.browser.test_accessibility import _violations

pytestmark = pytest.mark.browser


@pytest.fixture
def demo_register(transactional_db):
    centres_demo.seed(io.StringIO())
    coordination_demo.seed_people(io.StringIO())


def test_a_samordnare_updates_the_opening_hours_and_confirms_the_facts(
    page: Page, live_server, browser_login, demo_register, csp_violations
):
    page.set_viewport_size({"width": 320, "height": 800})
    browser_login(page, "samordnare.hjallbo", password=coordination_demo.PASSWORD)
    hjallbo = FamilyCentre.objects.get(name__startswith="Hjällbo")
    page.goto(f"{live_server.url}{hjallbo.get_absolute_url()}")

    page.get_by_role("link", name="Redigera uppgifter").click()
    hours = page.get_by_label("Öppettider för öppna förskolan")
    hours.fill("Mån–tors 9–12\nFre 9–15")
    assert _violations(page, csp_violations) == []
    page.get_by_role("button", name="Spara").click()

    today = date_format(timezone.localdate(), "j F Y")
    expect(
        page.get_by_text("Centralens uppgifter är sparade och bekräftade i dag.")
    ).to_be_visible()
    expect(page.get_by_test_id("opening-hours")).to_have_text("Mån–tors 9–12Fre 9–15")
    expect(page.get_by_test_id("facts-confirmed")).to_contain_text(
        f"Uppgifterna bekräftade {today}"
    )

    # Later: nothing has changed, one click says so.
    FamilyCentre.objects.filter(pk=hjallbo.pk).update(facts_confirmed_on="2025-01-15")
    page.reload()
    expect(page.get_by_test_id("facts-confirmed")).to_contain_text("15 januari 2025")
    expect(page.get_by_test_id("facts-confirmed")).to_contain_text("mer än tolv månader")
    page.get_by_role("button", name="Stämmer fortfarande").click()
    expect(page.get_by_text("Centralens uppgifter är bekräftade i dag.")).to_be_visible()
    expect(page.get_by_test_id("facts-confirmed")).to_contain_text(
        f"Uppgifterna bekräftade {today}"
    )
    assert _violations(page, csp_violations) == []
