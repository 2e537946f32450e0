"""The report workflow in a real browser: a samordnare fills in and submits a report, a
processledare returns it with a reason, the samordnare corrects and resubmits, the processledare
approves."""

from __future__ import annotations

import datetime
import re

import pytest
from playwright.sync_api import Page, expect

from followup.models import Report, ReportStatus
from tests.conftest import build_world
from tests.followup.factories import make_indicator_set, make_period

pytestmark = pytest.mark.browser


@pytest.fixture
def world(transactional_db):
    w = build_world()
    w.fu = make_indicator_set()
    # Submitted before the quarter has ended: the koordinator allowed it (issue 19).
    w.period = make_period(
        datetime.date(2026, 10, 1), deadline=datetime.date(2027, 1, 31), early_submission=True
    )
    return w


def _switch_user(page: Page, browser_login, username: str) -> None:
    page.context.clear_cookies()
    browser_login(page, username)


def test_it_takes_a_report_from_draft_to_approved(page: Page, live_server, browser_login, world):
    browser_login(page, "alice")

    # The samordnare starts the report from the start page and fills it in.
    inbox = page.get_by_test_id("followup-inbox")
    expect(inbox).to_contain_text("Hjällbo familjecentral, 2026 kvartal 4")
    with page.expect_navigation():
        inbox.get_by_role("button", name="Påbörja rapporten").click()
    # Should the create form ever refuse the inbox's hidden values, say why.
    assert page.locator(".alert-danger, .invalid-feedback").all_inner_texts() == []
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Hjällbo familjecentral, 2026 kvartal 4"
    )
    page.get_by_label("Besök barn (antal)").fill("120")
    page.get_by_label("Hembesök erbjudna (antal)").fill("10")
    page.get_by_label("Hembesök accepterade (antal)").fill("8")
    calculated = page.locator("output[data-calc]")
    expect(calculated).to_have_text("80 %")  # live, as she types
    page.get_by_label("Hembesök accepterade (antal)").fill("12")
    expect(calculated).to_have_text("120 %")
    page.get_by_label("Hembesök accepterade (antal)").fill("8")
    # At least one goal is assessed (issue 19): a report with every goal Ej bedömt is refused.
    page.locator(f"#id_goal_status_{world.fu.goal.pk}").select_option("uppfyllt")
    page.locator(f"#id_goal_analysis_{world.fu.goal.pk}").fill("Fler besök än förra året.")
    page.locator("#id_children_views_gathered_1").check()  # Nej
    page.locator("#id_parents_views_gathered_1").check()
    page.get_by_role("button", name="Spara och lämna in för granskning").click()
    expect(page.get_by_text("Rapporten lämnades in för granskning.")).to_be_visible()
    expect(page.get_by_test_id("report-status")).to_contain_text("Inlämnad")
    expect(page.get_by_test_id("value-HB-ANDEL")).to_have_text("80 %")

    # The processledare finds it first on the start page, in "Att granska", and returns it.
    _switch_user(page, browser_login, "bob")
    page.get_by_test_id("review-queue").get_by_role(
        "link", name="Hjällbo familjecentral, 2026 kvartal 4"
    ).click()
    page.get_by_role("button", name="Skicka tillbaka rapporten").click()
    expect(page.get_by_text("Ange ett skäl, så att familjecentralen vet")).to_be_visible()
    page.get_by_label("Skäl").fill("Besöken i oktober verkar för låga, kontrollera siffran.")
    page.get_by_role("button", name="Skicka tillbaka rapporten").click()
    expect(page.get_by_text("Rapporten skickades tillbaka till familjecentralen.")).to_be_visible()
    expect(page.get_by_test_id("report-status")).to_contain_text("Återskickad")

    # The samordnare sees why, corrects the figure and submits again.
    _switch_user(page, browser_login, "alice")
    page.get_by_test_id("followup-inbox").get_by_role(
        "link", name="Hjällbo familjecentral, 2026 kvartal 4"
    ).click()
    expect(page.get_by_text("Besöken i oktober verkar för låga")).to_be_visible()
    expect(page.get_by_label("Besök barn (antal)")).to_have_value("120")
    page.get_by_label("Besök barn (antal)").fill("1 240")
    page.get_by_role("button", name="Spara och lämna in för granskning").click()
    expect(page.get_by_test_id("report-status")).to_contain_text("Inlämnad")

    # The processledare approves; the history shows who did what.
    _switch_user(page, browser_login, "bob")
    report = Report.objects.get(centre=world.hjallbo, period=world.period)
    page.goto(f"{live_server.url}{report.get_absolute_url()}")
    page.get_by_role("link", name="Granska").click()
    page.get_by_role("button", name="Godkänn rapporten").click()
    expect(page.get_by_text("Rapporten godkändes.")).to_be_visible()
    expect(page.get_by_test_id("report-status")).to_contain_text("Godkänd")
    history = page.locator("section.report-history")
    expect(history).to_contain_text("Besök barn: 120 → 1240")
    expect(history).to_contain_text("Skäl: Besöken i oktober verkar för låga")
    expect(history.locator("tbody tr")).to_have_count(7)
    expect(page.get_by_role("link", name=re.compile("Redigera rapporten"))).to_have_count(0)
    assert Report.objects.get(pk=report.pk).status == ReportStatus.APPROVED
