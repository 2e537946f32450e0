"""Whole journeys of two roles in a real browser (the samordnare's and the processledare's are in
test_report_keyboard.py and test_report_workflow.py): an admin registers a centre in Django
admin and the portal shows it as a familjecentral; a koordinator opens a new period and the
centres see it in their inbox."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from centres.models import FamilyCentre
from followup.models import Period
from tests.conftest import build_world
from tests.factories import make_core_service_types

pytestmark = pytest.mark.browser

CORE = [
    "Mödrahälsovård",
    "Barnhälsovård",
    "Öppen förskola",
    "Socialtjänst med förebyggande inriktning",
]


@pytest.fixture
def world(transactional_db):
    w = build_world()
    make_core_service_types()
    return w


def test_an_admin_registers_a_centre_with_its_four_core_services(
    page: Page, live_server, browser_login, world
):
    browser_login(page, "admin")
    page.goto(f"{live_server.url}/admin/centres/familycentre/add/")
    page.get_by_label("Namn").fill("Backa familjecentral")
    # The district is an autocomplete box: open it, search, choose.
    page.get_by_role("combobox", name="Stadsdel").click()
    page.locator(".select2-search__field").fill("Ange")
    page.get_by_role("option", name="Angered").click()
    add_service = page.locator("#services-group .add-row a")
    for i, name in enumerate(CORE):
        add_service.click()
        page.locator(f"#id_services-{i}-service_type").select_option(label=name)
        expect(page.locator(f"#id_services-{i}-co_located")).to_be_checked()
    page.get_by_role("button", name="Spara", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("Backa familjecentral")

    centre = FamilyCentre.objects.get(name="Backa familjecentral")
    assert centre.services.count() == 4

    # In the portal it is a familjecentral: all four basverksamheter under one roof.
    page.goto(f"{live_server.url}/register/centraler/?q=Backa")
    row = page.get_by_test_id("centre-row")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Angered")
    expect(row.locator(".badge")).to_have_text("Familjecentral")
    row.get_by_role("link", name="Backa familjecentral").click()
    expect(page.get_by_test_id("classification")).to_contain_text("Familjecentral")


def test_a_koordinator_opens_a_period_that_the_centres_then_see(
    page: Page, live_server, browser_login, world
):
    today = timezone.localdate()
    start = today.replace(month=(today.month - 1) // 3 * 3 + 1, day=1)  # this quarter
    end = (start + datetime.timedelta(days=95)).replace(day=1) - datetime.timedelta(days=1)
    deadline = end + datetime.timedelta(days=30)

    browser_login(page, "charlie")  # koordinator for Göteborg
    page.goto(f"{live_server.url}/uppfoljning/perioder/")
    page.get_by_role("link", name="Ny period").click()
    page.get_by_label("Typ").select_option(label="Kvartal")
    page.get_by_label("Start").fill(start.isoformat())
    page.locator("#id_end").fill(end.isoformat())  # "Slut", not "…periodens slut"
    page.get_by_label("Sista dag").fill(deadline.isoformat())
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("alert").or_(page.locator(".alert-success"))).to_contain_text(
        "sparades"
    )

    period = Period.objects.get(start=start, end=end)
    assert period.municipality == world.goteborg  # his only scope was chosen for him
    # The samordnare at Hjällbo (Göteborg) has a report to start; Mölnlycke's (Härryda) not.
    page.context.clear_cookies()
    browser_login(page, "alice")
    expect(page.get_by_test_id("followup-inbox")).to_contain_text(period.label)
    page.context.clear_cookies()
    browser_login(page, "eve")
    expect(page.get_by_test_id("followup-inbox")).not_to_contain_text(period.label)
