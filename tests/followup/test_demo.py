"""The follow-up part of `seed_demo`."""

from __future__ import annotations

import io

from django.core.management import call_command

from followup.models import (
    Goal,
    GoalAssessment,
    Indicator,
    IndicatorTarget,
    Period,
    Report,
    ReportEvent,
    ReportStatus,
    Value,
    ValueStatus,
)

MODELS = [Goal, Indicator, IndicatorTarget, Period, Report, Value, GoalAssessment, ReportEvent]


def _counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in MODELS}


def test_it_seeds_reports_in_every_state_and_is_idempotent(db):
    call_command("seed_demo", stdout=io.StringIO())
    first = _counts()
    call_command("seed_demo", stdout=io.StringIO())
    assert _counts() == first
    assert first["Period"] == 8
    assert str(Period.objects.order_by("start").last()) == "2026 kvartal 4"
    assert Goal.objects.filter(name="Stärka ett jämställt föräldraskap").exists()
    statuses = set(Report.objects.values_list("status", flat=True))
    assert statuses == set(ReportStatus.values)
    returned = Report.objects.get(status=ReportStatus.RETURNED)
    assert returned.centre.name == "Hjällbo familjecentral"
    assert "hembesök" in returned.return_reason
    assert Value.objects.filter(status=ValueStatus.NOT_AVAILABLE).exists()
    assert any(r.is_late for r in Report.objects.published().select_related("period"))
    assert Period.objects.filter(locked=True).exists()


def test_it_seeds_the_goals_and_indicators_without_centres(db):
    out = io.StringIO()
    from followup import demo

    demo.seed(out)
    assert "no demo centres" in out.getvalue()
    assert Indicator.objects.get(code="HB-ANDEL").is_calculated
    assert Goal.objects.get(code="M03").articles.filter(number=18).exists()
