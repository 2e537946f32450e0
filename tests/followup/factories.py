"""`make_*` helpers for follow-up tests."""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal
from types import SimpleNamespace

from django.utils import timezone

from followup.models import (
    ChildRightsArticle,
    Goal,
    Indicator,
    IndicatorKind,
    IndicatorTarget,
    Period,
    PeriodKind,
    Report,
    ReportStatus,
    Unit,
    Value,
    ValueStatus,
)
from tests.factories import make_region

_seq = itertools.count(1)


def _owner(fields: dict) -> dict:
    """The owner keys: a `municipality` or `region` given in `fields`, else the region's
    shared set (make_region's), which every centre of the tests' world reports on."""
    if fields.get("municipality") is None and fields.get("region") is None:
        fields["region"] = make_region()
    return fields


def make_period(
    start: datetime.date = datetime.date(2026, 7, 1),
    end: datetime.date | None = None,
    *,
    kind: str = PeriodKind.QUARTER,
    deadline: datetime.date | None = None,
    **fields,
) -> Period:
    end = end or (start + datetime.timedelta(days=92)).replace(day=1) - datetime.timedelta(days=1)
    return Period.objects.create(
        kind=kind,
        start=start,
        end=end,
        deadline=deadline or end + datetime.timedelta(days=31),
        **_owner(fields),
    )


def make_goal(name: str | None = None, **fields) -> Goal:
    n = next(_seq)
    return Goal.objects.create(
        code=fields.pop("code", f"M{n}"),
        name=name or f"Mål {n}",
        order=fields.pop("order", n),
        **_owner(fields),
    )


def make_indicator(name: str | None = None, goal: Goal | None = None, **fields) -> Indicator:
    n = next(_seq)
    return Indicator.objects.create(
        code=fields.pop("code", f"I{n}"),
        name=name or f"Indikator {n}",
        goal=goal or make_goal(),
        order=fields.pop("order", n),
        **fields,
    )


def make_indicator_set(**owner) -> SimpleNamespace:
    """One goal with visits (required, 0–10 000), home visits offered and accepted, and the
    acceptance rate calculated from them (0–100 %). `owner`: municipality= or region= (default:
    the region's shared set)."""
    s = SimpleNamespace()
    s.goal = make_goal("Erbjuda lättillgängligt stöd", code="M-STOD", **owner)
    s.goal2 = make_goal("Stärka det sociala nätverket", code="M-NATVERK", **owner)
    s.visits = make_indicator(
        "Besök barn", s.goal, code="OF-BARN", required=True, minimum=0, maximum=10000
    )
    s.offered = make_indicator("Hembesök erbjudna", s.goal, code="HB-ERB", minimum=0)
    s.accepted = make_indicator("Hembesök accepterade", s.goal, code="HB-ACC", minimum=0)
    s.rate = make_indicator(
        "Andel accepterade hembesök",
        s.goal,
        code="HB-ANDEL",
        unit=Unit.PERCENT,
        kind=IndicatorKind.CALCULATED,
        numerator=s.accepted,
        denominator=s.offered,
        factor=Decimal("100"),
        minimum=0,
        maximum=100,
        required=True,
    )
    IndicatorTarget.objects.create(indicator=s.rate, year=2026, target=Decimal("80"))
    s.article = ChildRightsArticle.objects.create(number=12, title="Rätt att uttrycka sin mening")
    return s


def make_report(centre, period, status: str = ReportStatus.DRAFT, **fields) -> Report:
    now = timezone.now()
    if status in (ReportStatus.SUBMITTED, ReportStatus.APPROVED):
        fields.setdefault("submitted_at", now)
        fields.setdefault("first_submitted_at", fields["submitted_at"])  # as report_submit does
    if status == ReportStatus.APPROVED:
        fields.setdefault("approved_at", now)
    if status == ReportStatus.RETURNED:
        fields.setdefault("return_reason", "Komplettera besöken.")
    return Report.objects.create(centre=centre, period=period, status=status, **fields)


def set_value(report, indicator, number=None, status=ValueStatus.REPORTED, comment="") -> Value:
    return Value.objects.update_or_create(
        report=report,
        indicator=indicator,
        defaults={
            "number": None if number is None else Decimal(str(number)),
            "status": status,
            "comment": comment,
        },
    )[0]


def complete_data(s: SimpleNamespace, **overrides) -> dict:
    """ReportData that passes every submit rule for the indicator set `s`."""
    data = {
        "values": {
            s.visits.pk: {"number": Decimal("120"), "status": "rapporterad", "comment": ""},
            s.offered.pk: {"number": Decimal("10"), "status": "rapporterad", "comment": ""},
            s.accepted.pk: {"number": Decimal("8"), "status": "rapporterad", "comment": ""},
        },
        "assessments": {
            s.goal.pk: {
                "status": "uppfyllt",
                "analysis": "Fler besök än förra året.",
                "next_steps": "",
            },
        },
        "articles": {s.article.pk},
        "children_views_gathered": True,
        "children_views_how": "Rita-och-berätta på öppna förskolan.",
        "parents_views_gathered": False,
        "parents_views_how": "",
        "development_areas": "",
    }
    data.update(overrides)
    return data


def report_form_data(s, report: Report | None = None, **overrides) -> dict:
    """What the edit form of `make_indicator_set`'s report posts when filled in completely.
    The version is the one of `report` as the caller holds it: a stale one makes a conflict."""
    data = {
        "version": (report or s.report).version,
        f"number_{s.visits.pk}": "120",
        f"status_{s.visits.pk}": "rapporterad",
        f"comment_{s.visits.pk}": "",
        f"number_{s.offered.pk}": "10",
        f"status_{s.offered.pk}": "rapporterad",
        f"number_{s.accepted.pk}": "8",
        f"status_{s.accepted.pk}": "rapporterad",
        f"goal_status_{s.goal.pk}": "uppfyllt",
        f"goal_analysis_{s.goal.pk}": "Fler besök än förra året.",
        f"goal_status_{s.goal2.pk}": "ej-bedomt",
        "articles": [s.article.pk],
        "children_views_gathered": "1",
        "children_views_how": "Rita-och-berätta.",
        "parents_views_gathered": "0",
        "save": "",
    }
    data.update(overrides)
    return data


def indicator_post(goal: Goal | int, **fields) -> dict:
    """What the indicator form posts for a new entered indicator of `goal`, without targets."""
    return {
        "code": "NY",
        "name": "Ny indikator",
        "goal": getattr(goal, "pk", goal),
        "unit": "antal",
        "period_kind": "kvartal",
        "kind": "inmatad",
        "factor": "1",
        "order": "1",
        "targets-TOTAL_FORMS": "0",
        "targets-INITIAL_FORMS": "0",
        **fields,
    }
