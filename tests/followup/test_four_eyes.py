"""Four eyes (DESIGN.md rule 9): whoever submitted a report does not approve it; another
reviewer does, or a superuser; the setting PORTAL_FOUR_EYES turns the rule off."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from followup import services
from followup.models import Report, ReportAction, ReportStatus
from tests.conftest import login
from tests.followup.factories import complete_data, make_indicator_set, make_period, make_report


@pytest.fixture
def submitted_by_bob(world):
    """Hjällbo's report, filled in and submitted by the processledare bob himself."""
    s = make_indicator_set()
    report = make_report(world.hjallbo, make_period())
    services.report_save_draft(report=report, user=world.bob, data=complete_data(s), version=1)
    return services.report_submit(report=report, user=world.bob)


def test_it_stops_the_submitter_approving_and_says_why(client, world, submitted_by_bob):
    report = submitted_by_bob
    with pytest.raises(ValidationError, match="en annan granskare måste godkänna den"):
        services.report_approve(report=report, user=world.bob)
    login(client, world.bob)
    page = client.get(reverse("followup:report-review", args=[report.pk])).content.decode()
    assert 'data-testid="four-eyes"' in page and "Godkänn rapporten" not in page
    response = client.post(reverse("followup:report-approve", args=[report.pk]), follow=True)
    assert "en annan granskare måste godkänna den" in response.content.decode()
    assert Report.objects.get(pk=report.pk).status == ReportStatus.SUBMITTED


def test_it_lets_another_reviewer_approve_and_the_history_says_who(world, submitted_by_bob):
    report = services.report_approve(report=submitted_by_bob, user=world.charlie)
    assert (report.status, report.approved_by, report.submitted_by) == (
        ReportStatus.APPROVED,
        world.charlie,
        world.bob,
    )
    actions = {e.action: e.user for e in report.events.all()}
    assert actions[ReportAction.SUBMITTED] == world.bob
    assert actions[ReportAction.APPROVED] == world.charlie


def test_it_lets_the_submitter_return_the_report(world, submitted_by_bob):
    report = services.report_return(report=submitted_by_bob, user=world.bob, reason="Fel siffra.")
    assert report.status == ReportStatus.RETURNED


def test_it_lets_a_superuser_approve_what_they_submitted(world):
    s = make_indicator_set()
    report = make_report(world.hjallbo, make_period())
    services.report_save_draft(report=report, user=world.admin, data=complete_data(s), version=1)
    services.report_submit(report=report, user=world.admin)
    assert services.report_approve(report=report, user=world.admin).status == "godkand"


def test_it_can_be_turned_off(world, submitted_by_bob, settings):
    settings.PORTAL_FOUR_EYES = False
    report = services.report_approve(report=submitted_by_bob, user=world.bob)
    assert report.status == ReportStatus.APPROVED


def test_it_shows_the_whole_report_beside_approve_and_return(client, world, submitted_by_bob):
    login(client, world.charlie)
    response = client.get(reverse("followup:report-review", args=[submitted_by_bob.pk]))
    page = response.content.decode()
    body, actions = page.split('class="review-actions"', 1)
    assert 'data-testid="value-OF-BARN">120<' in body  # the values,
    assert 'data-testid="value-HB-ANDEL">80 %<' in body  # calculated ones,
    assert "Fler besök än förra året." in body  # the goal assessments' analyses
    assert "Målvärde 2026" in body  # and the targets to compare with
    assert "Godkänn rapporten" in actions and "Skicka tillbaka rapporten" in actions


def test_the_second_reviewer_is_told_who_acted_first(client, world, frozen_today):
    """Two reviewers open the same report; the second to click is told what happened."""
    make_indicator_set()
    period = make_period(datetime.date(2026, 10, 1), deadline=datetime.date(2027, 1, 31))
    report = make_report(world.hjallbo, period, ReportStatus.SUBMITTED, submitted_by=world.alice)
    login(client, world.bob).post(reverse("followup:report-approve", args=[report.pk]))

    response = login(client, world.charlie).post(
        reverse("followup:report-return", args=[report.pk]),
        {"return-reason": "Kontrollera besöken."},
        follow=True,
    )

    text = response.content.decode()
    assert "Rapporten är godkänd (Bob Berg," in text
    assert "det här steget går inte att göra nu" in text
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED
