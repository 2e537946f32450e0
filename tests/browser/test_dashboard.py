"""The managers' dashboards in a real browser: a chef logs in, opens the completeness dashboard
from the start page, drills into a district and downloads the table as Excel."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from coordination import demo as coordination_demo

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", stdout=io.StringIO())


def test_a_chef_drills_into_a_district_and_downloads_the_excel_file(
    page: Page, live_server, browser_login, demo
):
    browser_login(page, "chef.goteborg", password=coordination_demo.PASSWORD)
    # The chef's own panel ("Ditt område på en minut") links to the dashboards.
    overview = page.get_by_test_id("manager-overview")
    overview.get_by_role("link", name="Inlämning och tidshållning", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inlämning och tidshållning")

    page.get_by_label("Typ av period").select_option(label="Kvartal")
    page.get_by_role("button", name="Visa").click()
    table = page.get_by_test_id("completeness")
    expect(table).to_contain_text("Totalt")
    expect(table).not_to_contain_text("Mölnlycke")  # Härryda is not the chef's

    table.get_by_role("link", name="Nordost").first.click()
    drill = page.get_by_test_id("drill-down")
    expect(drill).to_contain_text("Hjällbo familjecentral")
    expect(page.get_by_role("heading", level=2)).to_contain_text("Nordost")

    with page.expect_download() as download:
        page.get_by_role("link", name="Excel").click()
    assert download.value.suggested_filename == "inlamning-familjecentraler.xlsx"
    sheet = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Familjecentral"
    assert "Hjällbo familjecentral" in [row[0] for row in rows[1:]]
    assert {row[1] for row in rows[1:]} == {"Nordost"}
