"""A small world whose figures are computed by hand (issue 19): the tests of targets, shared
indicators, partial years, yes/no answers, closed centres and the regional comparison read
the figures below and assert what a statistician would sign.

On top of `build_world` (Göteborg: Angered with Hjällbo, Centrum with Kungssten; Härryda:
Mölnlycke with Mölnlycke familjecentral):

- Hammarkullen, a third Göteborg centre in Angered, closed on 2025-06-30: expected in 2025
  quarters 1–2 and the region's year 2025, in nothing of 2026.
- Göteborg's quarters 2025 Q1–Q4 and 2026 Q1–Q4. 2026 is a partial year: Q4 2026 has not
  ended on `TODAY` (2026-11-23, `frozen_today`) and holds no published report, so 2026's
  figures cover January–September.
- The region's years 2025 and 2026 (Västra Götalandsregionen's own period series).

Göteborg's own quarterly indicator FORSTA (Förstagångsbesök, a count), approved reports
unless said otherwise:

    quarter   Hjällbo  Kungssten  Hammarkullen   total
    2025 Q1     100        90          40          230
    2025 Q2     110        95          30          235
    2025 Q3      80        70           –          150
    2025 Q4     120       100           –          220   → 2025: 835; Q1–Q3: 615
    2026 Q1     105       100           –          205
    2026 Q2     115        90           –          205
    2026 Q3      85        80 (submitted)          165   → 2026 Q1–Q3: 575

  Targets: 2026 per centre and quarter 110 (2026 Q1: 110 × 2 centres = 220, the total 205 is
  below it; each centre: Hjällbo 105 below, Kungssten 100 below; 2026 Q3, the latest ended
  quarter on a chef's start page: 165 against 220); 2026 per municipality and
  year 800 (a year's target: never beside a quarter, nor beside Q1–Q3's 575: the årsrapport
  and the start page say it is compared once the year is whole); 2025 per centre and quarter 100
  (2025 Q1: 100 × 3 centres = 300 against 230).

Göteborg's yes/no indicator UTBILDAD (staff trained in Barnkonventionen), 2026 Q1: Hjällbo
yes, Kungssten no → "1 av 2". 2026 Q2: both yes → "2 av 2".

The region's shared yearly indicator R-BESOK (Besök av barn i öppen förskola, a count in the
region's years), reported once, in the region's year:

    year   Hjällbo  Kungssten  Hammarkullen  Mölnlycke        Göteborg  Härryda   region
    2025     4000      3000        1500         2000             8500     2000     10500
    2026     4200      3100 (submitted)         2500 (draft)     7300        –      7300

  A left-over value of R-BESOK in Hjällbo's Göteborg report of 2025 Q1 (999, as the portal
  stored the region's set in municipal reports before issue 19) is never counted: the
  region's figure for 2025 stays 10 500.
  Target: 2026 per centre and year 4000 (Göteborg's 2026 total 7300 against 4000 × 2 = 8000).
  Children 0–5 in 2025: Angered 3200, Centrum 1800, Mölnlycke 1000: per child Göteborg
  8500 / 5000 = 1,7 and Härryda 2000 / 1000 = 2,0.

Göteborg's quarterly reports are first submitted ten days after each quarter ends (deadline
30 days after the end, no grace days), so every one is on time.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from types import SimpleNamespace

from django.utils import timezone

from centres.models import DistrictPopulation
from followup.models import (
    IndicatorTarget,
    PeriodKind,
    ReportStatus,
    TargetLevel,
    Unit,
)
from tests.factories import make_centre
from tests.followup.factories import (
    make_goal,
    make_indicator,
    make_period,
    make_report,
    set_value,
)

QUARTERS = {
    (2025, 1): {"hjallbo": 100, "kungssten": 90, "hammarkullen": 40},
    (2025, 2): {"hjallbo": 110, "kungssten": 95, "hammarkullen": 30},
    (2025, 3): {"hjallbo": 80, "kungssten": 70},
    (2025, 4): {"hjallbo": 120, "kungssten": 100},
    (2026, 1): {"hjallbo": 105, "kungssten": 100},
    (2026, 2): {"hjallbo": 115, "kungssten": 90},
    (2026, 3): {"hjallbo": 85, "kungssten": 80},
}
SUBMITTED = {((2026, 3), "kungssten"), ((2026, "year"), "kungssten")}
YES_NO = {(2026, 1): {"hjallbo": 1, "kungssten": 0}, (2026, 2): {"hjallbo": 1, "kungssten": 1}}
YEARS = {
    2025: {"hjallbo": 4000, "kungssten": 3000, "hammarkullen": 1500, "molnlycke_fc": 2000},
    2026: {"hjallbo": 4200, "kungssten": 3100, "molnlycke_fc": 2500},
}
DRAFTS = {(2026, "molnlycke_fc")}


def _quarter(year: int, number: int) -> tuple[datetime.date, datetime.date]:
    start = datetime.date(year, 3 * number - 2, 1)
    following = datetime.date(year + (number == 4), (3 * number) % 12 + 1, 1)
    return start, following - datetime.timedelta(days=1)


def _aware(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


def _report(f: SimpleNamespace, centre, period, status: str):
    first = _aware(period.end + datetime.timedelta(days=10))
    published = status in (ReportStatus.SUBMITTED, ReportStatus.APPROVED)
    return make_report(
        centre,
        period,
        status,
        submitted_at=first if published else None,
        first_submitted_at=first if published else None,
        approved_at=first + datetime.timedelta(days=3) if status == ReportStatus.APPROVED else None,
    )


def build_figures(w: SimpleNamespace) -> SimpleNamespace:
    """The figures above, on `w` from build_world; returns the new objects."""
    f = SimpleNamespace(world=w)
    f.hammarkullen = make_centre(
        "Hammarkullen familjecentral",
        w.angered,
        opened_on=datetime.date(2010, 1, 1),
        closed_on=datetime.date(2025, 6, 30),
    )
    for district, children in ((w.angered, 3200), (w.centrum, 1800), (w.molnlycke, 1000)):
        DistrictPopulation.objects.update_or_create(
            district=district, year=2025, defaults={"children": children}
        )
    centres = {
        "hjallbo": w.hjallbo,
        "kungssten": w.kungssten,
        "hammarkullen": f.hammarkullen,
        "molnlycke_fc": w.molnlycke_fc,
    }

    f.goal = make_goal("Erbjuda lättillgängligt stöd", code="M01", municipality=w.goteborg)
    f.forsta = make_indicator(
        "Förstagångsbesök", f.goal, code="FORSTA", minimum=0, maximum=5000, period_kind="kvartal"
    )
    f.utbildad = make_indicator(
        "Personalen utbildad i barnkonventionen",
        f.goal,
        code="UTBILDAD",
        unit=Unit.YES_NO,
        minimum=0,
        maximum=1,
        period_kind="kvartal",
    )
    f.region_goal = make_goal("Nå alla familjer", code="R01", region=w.region)
    f.besok = make_indicator(
        "Besök av barn i öppen förskola",
        f.region_goal,
        code="R-BESOK",
        minimum=0,
        maximum=80000,
        period_kind="ar",
    )
    targets = [
        (f.forsta, 2026, PeriodKind.QUARTER, TargetLevel.CENTRE, 110),
        (f.forsta, 2026, PeriodKind.YEAR, TargetLevel.MUNICIPALITY, 800),
        (f.forsta, 2025, PeriodKind.QUARTER, TargetLevel.CENTRE, 100),
        (f.besok, 2026, PeriodKind.YEAR, TargetLevel.CENTRE, 4000),
    ]
    f.targets = [
        IndicatorTarget.objects.create(
            indicator=indicator, year=year, period_kind=kind, level=level, target=Decimal(value)
        )
        for indicator, year, kind, level, value in targets
    ]

    f.quarters = {}
    f.reports = {}
    for year in (2025, 2026):
        for number in (1, 2, 3, 4):
            start, end = _quarter(year, number)
            f.quarters[year, number] = make_period(
                start, end, deadline=end + datetime.timedelta(days=30), municipality=w.goteborg
            )
    f.years = {
        year: make_period(
            datetime.date(year, 1, 1),
            datetime.date(year, 12, 31),
            kind=PeriodKind.YEAR,
            deadline=datetime.date(year + 1, 1, 31),
            region=w.region,
        )
        for year in (2025, 2026)
    }
    for key, figures in QUARTERS.items():
        period = f.quarters[key]
        for name, number in figures.items():
            status = ReportStatus.SUBMITTED if (key, name) in SUBMITTED else ReportStatus.APPROVED
            report = _report(f, centres[name], period, status)
            f.reports[key, name] = report
            set_value(report, f.forsta, number)
            if name in YES_NO.get(key, {}):
                set_value(report, f.utbildad, YES_NO[key][name])
    # Left over from before issue 19: the region's indicator in a municipal quarter.
    set_value(f.reports[(2025, 1), "hjallbo"], f.besok, 999)
    for year, figures in YEARS.items():
        for name, number in figures.items():
            if (year, name) in DRAFTS:
                status = ReportStatus.DRAFT
            elif ((year, "year"), name) in SUBMITTED:
                status = ReportStatus.SUBMITTED
            else:
                status = ReportStatus.APPROVED
            report = _report(f, centres[name], f.years[year], status)
            f.reports[year, name] = report
            set_value(report, f.besok, number)
    return f
