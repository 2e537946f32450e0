"""The follow-up part of `seed_demo`."""

from __future__ import annotations

import datetime
import io

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from followup import demo
from followup.models import (
    Goal,
    GoalAssessment,
    Indicator,
    IndicatorTarget,
    Period,
    Report,
    ReportAction,
    ReportEvent,
    ReportStatus,
    Value,
    ValueStatus,
)
from tests.factories import make_user

MODELS = [
    Goal,
    Indicator,
    IndicatorTarget,
    Period,
    Report,
    Value,
    GoalAssessment,
    ReportEvent,
    Group,
]


def _counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in MODELS}


def test_it_seeds_reports_in_every_state_and_is_idempotent(db):
    call_command("seed_demo", stdout=io.StringIO())
    first = _counts()
    call_command("seed_demo", stdout=io.StringIO())
    assert _counts() == first
    assert first["Period"] == 8
    today = timezone.localdate()
    current_quarter = f"{today.year} kvartal {(today.month - 1) // 3 + 1}"
    assert str(Period.objects.order_by("start").last()) == current_quarter
    assert Goal.objects.filter(name="Stärka ett jämställt föräldraskap").exists()
    statuses = set(Report.objects.values_list("status", flat=True))
    assert statuses == set(ReportStatus.values)
    returned = Report.objects.filter(status=ReportStatus.RETURNED).select_related("period")
    assert 2 <= len(returned) <= 3
    assert len({r.centre_id for r in returned}) == len(returned)
    assert len({r.period_id for r in returned}) > 1
    hjallbo = returned.get(centre__name="Hjällbo familjecentral")
    assert "hembesök" in hjallbo.return_reason
    assert all(r.return_reason and r.returned_by and not r.period.locked for r in returned)
    assert Value.objects.filter(status=ValueStatus.NOT_AVAILABLE).exists()
    assert any(r.is_late for r in Report.objects.published().select_related("period"))
    assert Period.objects.filter(locked=True).exists()
    # The history tables show no event after today, and each report's events in their order.
    now = timezone.now()
    assert not ReportEvent.objects.filter(created_at__gt=now).exists()
    assert not Report.objects.filter(created_at__gt=now).exists()
    for report in Report.objects.exclude(status=ReportStatus.DRAFT):
        reviewed = report.approved_at or report.returned_at
        assert report.created_at < report.submitted_at < (reviewed or now)
    for events in _events_by_report().values():
        assert events[0].action == ReportAction.CREATED
        times = [e.created_at for e in events]
        assert times == sorted(set(times))


def _events_by_report() -> dict[int, list[ReportEvent]]:
    by_report: dict[int, list[ReportEvent]] = {}
    for event in ReportEvent.objects.order_by("pk"):  # the order they were written in
        by_report.setdefault(event.report_id, []).append(event)
    return by_report


def test_it_never_dates_a_demo_event_after_now():
    now = timezone.now()
    planned = [
        (ReportAction.CREATED, "", "utkast", None, now - datetime.timedelta(days=2), ""),
        (ReportAction.SUBMITTED, "utkast", "inlamnad", None, now + datetime.timedelta(days=3), ""),
        (ReportAction.APPROVED, "inlamnad", "godkand", None, now + datetime.timedelta(days=9), ""),
    ]
    times = [event[4] for event in demo._settled(planned, now)]
    assert times[0] == now - datetime.timedelta(days=2)
    assert times[0] < times[1] < times[2] == now


def test_it_lets_the_demo_koordinatorer_set_up_in_django_admin(client, db):
    user = make_user("koordinator.goteborg")
    demo.seed(io.StringIO())
    demo.seed(io.StringIO())  # again: still one group, still staff
    user.refresh_from_db()
    assert user.is_staff and user.groups.count() == 1
    client.force_login(user)
    for model in ("goal", "indicator", "period"):
        assert client.get(reverse(f"admin:followup_{model}_changelist")).status_code == 200
        assert client.get(reverse(f"admin:followup_{model}_add")).status_code == 200
    goal = Goal.objects.get(code="M01")
    assert client.get(reverse("admin:followup_goal_change", args=[goal.pk])).status_code == 200
    indicator = Indicator.objects.get(code="HB-ANDEL")  # with its targets inline
    url = reverse("admin:followup_indicator_change", args=[indicator.pk])
    assert 'name="targets-0-target"' in client.get(url).content.decode()
    assert client.get(reverse("admin:followup_report_changelist")).status_code == 403
    assert client.get(reverse("admin:followup_value_changelist")).status_code == 403


def test_it_seeds_the_goals_and_indicators_without_centres(db):
    out = io.StringIO()
    from followup import demo

    demo.seed(out)
    assert "no demo centres" in out.getvalue()
    assert Indicator.objects.get(code="HB-ANDEL").is_calculated
    assert Goal.objects.get(code="M03").articles.filter(number=18).exists()
