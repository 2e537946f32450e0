"""The yearly self-assessment in a real browser: a samordnare rates the six characteristics on a
phone and submits; the koordinator sees her scores in the centres × characteristics table with
the change since last year."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import Page, expect

from followup.arbetssatt import ensure_characteristics
from followup.models import Characteristic, PeriodKind, Rating, ReportStatus
from tests.browser.test_accessibility import _violations
from tests.conftest import build_world
from tests.followup.factories import make_period, make_report

pytestmark = pytest.mark.browser


@pytest.fixture
def self_assessment(transactional_db):
    w = build_world()
    ensure_characteristics()
    last_year = make_report(
        w.hjallbo,
        make_period(
            datetime.date(2025, 9, 1),
            datetime.date(2025, 12, 31),
            kind=PeriodKind.SELF_ASSESSMENT,
            municipality=w.goteborg,
        ),
        ReportStatus.APPROVED,
    )
    for c in Characteristic.objects.all():
        Rating.objects.create(report=last_year, characteristic=c, score=2)
    w.draft = make_report(
        w.hjallbo,
        make_period(
            datetime.date(2026, 9, 1),
            datetime.date(2026, 12, 31),
            kind=PeriodKind.SELF_ASSESSMENT,
            municipality=w.goteborg,
        ),
    )
    return w


def test_a_samordnare_files_the_self_assessment_and_the_koordinator_sees_it(
    page: Page, live_server, browser_login, self_assessment, csp_violations, frozen_today
):
    w = self_assessment
    page.set_viewport_size({"width": 320, "height": 800})
    browser_login(page, "alice")
    page.goto(f"{live_server.url}/uppfoljning/rapporter/{w.draft.pk}/redigera/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Hjällbo familjecentral, Arbetssätt 2026"
    )
    assert _violations(page, csp_violations) == []

    # Submitting with one characteristic not rated: told where, nothing lost.
    for c in Characteristic.objects.exclude(number=6):
        page.get_by_label(f"Poäng – {c.name}").select_option(str(3 if c.number != 2 else 4))
    page.get_by_label("Planerad förbättring – Barnets bästa").fill("Barnens röst i varje grupp")
    page.get_by_role("button", name="Spara och lämna in för granskning").click()
    expect(page.locator("#error-summary")).to_contain_text("Bedöm kännetecknet från 1 till 4.")
    expect(page.get_by_label("Planerad förbättring – Barnets bästa")).to_have_value(
        "Barnens röst i varje grupp"
    )
    page.get_by_label("Poäng – Gränsöverskridande samverkan").select_option("1")
    page.get_by_role("button", name="Spara och lämna in för granskning").click()
    expect(page.get_by_test_id("report-status")).to_contain_text("Inlämnad")
    expect(page.get_by_test_id("score-2")).to_have_text("4")
    assert _violations(page, csp_violations) == []

    # The koordinator's table: Hjällbo's scores, and the change since last year's 2.
    page.context.clear_cookies()
    browser_login(page, "charlie")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/uppfoljning/oversikt/arbetssatt/")
    table = page.get_by_test_id("self-assessment-matrix")
    row = table.get_by_role("row").filter(has_text="Hjällbo familjecentral")
    cells = row.get_by_role("cell")  # the status, then characteristics 1–6
    expect(cells.nth(0)).to_have_text("Inlämnad")
    expect(cells.nth(1)).to_contain_text("3")
    expect(cells.nth(1)).to_contain_text("+1")
    expect(cells.nth(2)).to_contain_text("4")
    expect(cells.nth(2)).to_contain_text("+2")
    expect(cells.nth(6)).to_contain_text("1")
    expect(cells.nth(6)).to_contain_text("-1")
    expect(page.get_by_text("1 av 2 centraler har en inlämnad")).to_be_visible()
    assert _violations(page, csp_violations) == []
