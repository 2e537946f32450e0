"""A returned report reaches its samordnare by e-mail (issue 20): the processledare returns it
in the browser, `send_notifications` runs, and the link in the message opens the report with
the reason."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import Page, expect

from followup.models import ReportAction, ReportEvent, ReportStatus
from tests.conftest import build_world
from tests.followup.factories import make_period, make_report

pytestmark = pytest.mark.browser

REASON = "Besöken i oktober verkar för låga, kontrollera siffran."


@pytest.fixture
def world(transactional_db):
    w = build_world()
    w.period = make_period(
        datetime.date(2026, 7, 1), datetime.date(2026, 9, 30), deadline=datetime.date(2026, 10, 30)
    )
    w.report = make_report(w.hjallbo, w.period, status=ReportStatus.SUBMITTED, submitted_by=w.alice)
    ReportEvent.objects.create(
        report=w.report,
        user=w.alice,
        action=ReportAction.SUBMITTED,
        from_status=ReportStatus.DRAFT,
        to_status=ReportStatus.SUBMITTED,
    )
    return w


def test_a_returned_report_leads_to_an_email_whose_link_opens_it(
    page: Page, live_server, browser_login, world, settings
):
    settings.PORTAL_BASE_URL = live_server.url
    browser_login(page, "bob")
    page.goto(f"{live_server.url}{world.report.get_absolute_url()}")
    page.get_by_role("link", name="Granska").click()
    page.get_by_label("Skäl").fill(REASON)
    page.get_by_role("button", name="Skicka tillbaka rapporten").click()
    expect(page.get_by_text("Rapporten skickades tillbaka till familjecentralen.")).to_be_visible()

    mail.outbox.clear()
    call_command("send_notifications")
    [message] = [m for m in mail.outbox if m.to == [world.alice.email]]
    assert "skickades tillbaka" in message.subject.lower()
    assert REASON in message.body
    link = re.search(rf"{re.escape(live_server.url)}\S+", message.body).group(0)

    page.context.clear_cookies()
    browser_login(page, "alice")
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hjällbo familjecentral")
    expect(page.get_by_role("note")).to_contain_text(REASON)  # "Granskarens skäl: …"
