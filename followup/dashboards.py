"""The managers' dashboards: figures computed from the register, governance and the reports
in a fixed number of queries, whatever the number of centres and periods (the views only
filter and show them).

Completeness and timeliness (DESIGN.md rule 5): per period and district, the centres expected
to report (open on some day of the period, in the period owner's area), how many reports were
submitted, submitted on time (by the last day on time, deadline + grace days, counted by the
report's first submission, so a report returned and resubmitted late still counts as on time),
approved and returned, and which centres are missing or late.
"""

from __future__ import annotations

import datetime
import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Min, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from centres.models import (
    Classification,
    ClassificationResult,
    District,
    DistrictPopulation,
    FamilyCentre,
    Municipality,
    Principal,
    Region,
    ServiceType,
    year_before,
)
from coordination.models import (
    Agreement,
    Assignment,
    Budget,
    CostEntry,
    Meeting,
    Role,
    SteeringGroup,
    SteeringGroupMember,
    TrainingEvent,
)
from coordination.services import Settlement, settle
from followup import arbetssatt
from followup.models import (
    PUBLISHED_STATUSES,
    Goal,
    GoalAssessment,
    GoalStatus,
    Indicator,
    Period,
    PeriodKind,
    Report,
    ReportAction,
    ReportStatus,
    Unit,
    Value,
    ValueStatus,
)


class CentreState:
    """Where one expected centre stands for one period, as the drill-down names it."""

    MISSING = _("Missing")
    DRAFT = _("Not submitted")
    ON_TIME = _("Submitted on time")
    LATE = _("Submitted late")


@dataclass
class Expected:
    """One centre expected to report in one period, and its report if there is one."""

    centre: FamilyCentre
    period: Period
    report_id: int | None = None
    status: str = ""
    first_submitted: datetime.datetime | None = None

    @property
    def submitted(self) -> bool:
        return self.first_submitted is not None

    @property
    def status_label(self) -> str:
        return str(ReportStatus(self.status).label) if self.status else ""

    @property
    def on_time(self) -> bool:
        return self.submitted and (
            timezone.localdate(self.first_submitted) <= self.period.last_day_on_time
        )

    @property
    def state(self) -> str:
        if self.report_id is None:
            return str(CentreState.MISSING)
        if not self.submitted:
            return str(CentreState.DRAFT)
        return str(CentreState.ON_TIME if self.on_time else CentreState.LATE)

    @property
    def overdue(self) -> bool:
        """Not submitted, and the last day on time has passed."""
        return not self.submitted and self.period.is_overdue()


@dataclass
class CompletenessRow:
    """One period × district (or the period's total over the districts, `district` None)."""

    period: Period
    district: District | None
    centres: list[Expected] = field(default_factory=list)

    @property
    def expected(self) -> int:
        return len(self.centres)

    @property
    def submitted(self) -> int:
        return sum(e.submitted for e in self.centres)

    @property
    def on_time(self) -> int:
        return sum(e.on_time for e in self.centres)

    @property
    def late(self) -> int:
        return self.submitted - self.on_time

    @property
    def approved(self) -> int:
        return sum(e.status == ReportStatus.APPROVED for e in self.centres)

    @property
    def returned(self) -> int:
        return sum(e.status == ReportStatus.RETURNED for e in self.centres)

    @property
    def missing(self) -> int:
        return self.expected - self.submitted

    def percent(self, count: int) -> int | None:
        """`count` as a whole percentage of the expected centres (None when none expected)."""
        return round(100 * count / self.expected) if self.expected else None

    @property
    def submitted_percent(self) -> int | None:
        return self.percent(self.submitted)

    @property
    def on_time_percent(self) -> int | None:
        return self.percent(self.on_time)

    @property
    def approved_percent(self) -> int | None:
        return self.percent(self.approved)


def completeness(
    centres: QuerySet[FamilyCentre], periods: Iterable[Period]
) -> list[CompletenessRow]:
    """Rows per period (as given) and district (by name), each period followed by its total;
    periods and districts without an expected centre are left out. A centre counts under the
    district its report was made in (which it may since have left for a successor), else
    under its district. Two queries, three when a report lies in a former district."""
    periods = list(periods)
    centres = list(centres.select_related("district__municipality").order_by("name"))
    first_submission = Coalesce(
        Min("events__created_at", filter=Q(events__action=ReportAction.SUBMITTED)),
        "submitted_at",
    )
    reports = {
        (r["centre_id"], r["period_id"]): r
        for r in Report.objects.filter(period__in=periods, centre__in=[c.pk for c in centres])
        .annotate(first_submitted=first_submission)
        .values("pk", "centre_id", "period_id", "district_id", "status", "first_submitted")
    }
    districts = {c.district_id: c.district for c in centres}
    former = {r["district_id"] for r in reports.values()} - set(districts)
    if former:
        districts |= District.objects.select_related("municipality").in_bulk(former)
    rows: list[CompletenessRow] = []
    for period in periods:
        by_district: dict[int, CompletenessRow] = {}
        total = CompletenessRow(period=period, district=None)
        for centre in centres:
            if not (period.applies_to(centre) and centre.is_open_between(period.start, period.end)):
                continue
            report = reports.get((centre.pk, period.pk), {})
            expected = Expected(
                centre=centre,
                period=period,
                report_id=report.get("pk"),
                status=report.get("status", ""),
                first_submitted=report.get("first_submitted"),
            )
            district = districts[report.get("district_id", centre.district_id)]
            row = by_district.setdefault(
                district.pk, CompletenessRow(period=period, district=district)
            )
            row.centres.append(expected)
            total.centres.append(expected)
        if total.centres:
            rows += sorted(by_district.values(), key=lambda r: r.district.name)
            rows.append(total)
    return rows


# --- Coverage -------------------------------------------------------------------------------


@dataclass
class CentreCoverage:
    """A centre's classification with the basverksamheter it lacks, and its samordnare."""

    centre: FamilyCentre
    result: ClassificationResult
    has_samordnare: bool
    empty_since: datetime.date | None  # without a samordnare since (None: never had one)


@dataclass
class DistrictCoverage:
    """A district's centres and familjecentraler (rule 2) and its processledare (rule 7)."""

    district: District
    centre_count: int
    familjecentral_count: int
    has_processledare: bool
    empty_since: datetime.date | None

    @property
    def meets_rule(self) -> bool:
        return self.familjecentral_count > 0


def _empty_since(ended: list[datetime.date], start: datetime.date | None) -> datetime.date | None:
    """The day after the last assignment ended, else the day the scope itself began."""
    if ended:
        return max(ended) + datetime.timedelta(days=1)
    return start


def coverage(
    centres: QuerySet[FamilyCentre],
    districts: QuerySet[District],
    municipalities: QuerySet[Municipality],
    on: datetime.date,
) -> tuple[list[CentreCoverage], list[DistrictCoverage], list[SteeringGroup]]:
    """The open centres, the active districts and the steering groups of the area on `on`
    (groups of a whole municipality only where the area is the whole `municipalities`): what
    each centre lacks, districts without a familjecentral or a processledare, centres without
    a samordnare, and the steering groups that are not partsammansatta. Nine queries."""
    core_types = list(ServiceType.objects.filter(is_core=True))
    centres = list(
        centres.open_on(on)
        .select_related("district__municipality")
        .prefetch_related("services")
        .order_by("district__municipality__name", "district__name", "name")
    )
    districts = list(
        districts.active_on(on)
        .select_related("municipality")
        .order_by("municipality__name", "name")
    )
    roles = Assignment.objects.filter(
        Q(role=Role.SAMORDNARE, centre__in=[c.pk for c in centres])
        | Q(role=Role.PROCESSLEDARE, district__in=[d.pk for d in districts])
    ).values("role", "centre_id", "district_id", "valid_from", "valid_to")
    active: set[tuple[str, int]] = set()
    ended: dict[tuple[str, int], list[datetime.date]] = {}
    for a in roles:
        key = (
            ("centre", a["centre_id"])
            if a["role"] == Role.SAMORDNARE
            else (
                "district",
                a["district_id"],
            )
        )
        if a["valid_from"] <= on and (a["valid_to"] is None or a["valid_to"] >= on):
            active.add(key)
        elif a["valid_to"] is not None and a["valid_to"] < on:
            ended.setdefault(key, []).append(a["valid_to"])
    centre_rows = []
    full: dict[int, int] = {}
    open_count: dict[int, int] = {}
    for centre in centres:
        result = centre.classify(on, core_types=core_types)
        key = ("centre", centre.pk)
        centre_rows.append(
            CentreCoverage(
                centre=centre,
                result=result,
                has_samordnare=key in active,
                empty_since=None
                if key in active
                else _empty_since(ended.get(key, []), centre.opened_on),
            )
        )
        open_count[centre.district_id] = open_count.get(centre.district_id, 0) + 1
        if result.classification == Classification.FAMILJECENTRAL:
            full[centre.district_id] = full.get(centre.district_id, 0) + 1
    district_rows = [
        DistrictCoverage(
            district=d,
            centre_count=open_count.get(d.pk, 0),
            familjecentral_count=full.get(d.pk, 0),
            has_processledare=("district", d.pk) in active,
            empty_since=None
            if ("district", d.pk) in active
            else _empty_since(ended.get(("district", d.pk), []), d.valid_from),
        )
        for d in districts
    ]
    groups = (
        SteeringGroup.objects.filter(
            Q(centre__in=[c.pk for c in centres])
            | Q(district__in=[d.pk for d in districts])
            | Q(municipality__in=municipalities.values("pk"))
        )
        .select_related("centre", "district", "municipality")
        .prefetch_related(Prefetch("members", SteeringGroupMember.objects.order_by()))
        .order_by("name")
    )
    return centre_rows, district_rows, [g for g in groups if not g.is_partsammansatt]


# --- Economy --------------------------------------------------------------------------------


@dataclass
class AgreementEconomy:
    agreement: Agreement
    status: str
    settlement: Settlement
    budget: Decimal | None = None  # the year's budget over every category; None: none set

    @property
    def remaining(self) -> Decimal | None:
        return None if self.budget is None else self.budget - self.settlement.total


def economy(
    agreements: QuerySet[Agreement], year: int, on: datetime.date
) -> list[AgreementEconomy]:
    """Every agreement with its status on `on`, its cost-sharing settlement for `year` by the
    same rule as the agreement page (coordination.services.settle), and its budget for the
    year. Three queries."""
    agreements = list(
        agreements.select_related("district__municipality", "municipality").order_by(
            "valid_to", "title", "pk"
        )
    )
    paid: dict[tuple[int, str], Decimal] = {
        (row["agreement_id"], row["paid_by"]): row["total"]
        for row in CostEntry.objects.filter(
            agreement__in=[a.pk for a in agreements], date__year=year
        )
        .order_by()
        .values("agreement_id", "paid_by")
        .annotate(total=Sum("amount"))
    }
    budgets = dict(
        Budget.objects.filter(agreement__in=[a.pk for a in agreements], year=year)
        .order_by()
        .values_list("agreement_id")
        .annotate(total=Sum("amount"))
    )
    zero = Decimal("0")
    return [
        AgreementEconomy(
            agreement=a,
            status=a.status_on(on),
            budget=budgets.get(a.pk),
            settlement=settle(
                year=year,
                paid_region=paid.get((a.pk, Principal.REGION), zero),
                paid_municipality=paid.get((a.pk, Principal.MUNICIPALITY), zero),
                share_region_percent=a.share_region_percent,
            ),
        )
        for a in agreements
    ]


# --- Goals ----------------------------------------------------------------------------------

# The traffic lights: a word and a symbol besides the colour, never the colour alone.
GOAL_LIGHTS = {
    GoalStatus.MET: ("success", "bi-check-circle-fill"),
    GoalStatus.PARTLY: ("warning", "bi-dash-circle-fill"),
    GoalStatus.NOT_MET: ("danger", "bi-x-circle-fill"),
    GoalStatus.NOT_ASSESSED: ("secondary", "bi-circle"),
}


@dataclass
class GoalCell:
    """One centre's assessment of one goal in one period (None: no submitted report)."""

    status: str | None = None
    report_id: int | None = None
    goal_id: int | None = None

    @property
    def label(self) -> str:
        return str(GoalStatus(self.status).label) if self.status else ""

    @property
    def colour(self) -> str:
        return GOAL_LIGHTS[self.status][0] if self.status else ""

    @property
    def icon(self) -> str:
        return GOAL_LIGHTS[self.status][1] if self.status else ""


# The fill of each traffic light in the SVG bars (Bootstrap's, contrast checked on white).
GOAL_FILLS = {
    GoalStatus.MET: "#146c43",
    GoalStatus.PARTLY: "#ffc107",
    GoalStatus.NOT_MET: "#b02a37",
    GoalStatus.NOT_ASSESSED: "#adb5bd",
}


@dataclass(frozen=True)
class Segment:
    status: str
    count: int
    x: float
    width: float

    @property
    def fill(self) -> str:
        return GOAL_FILLS[self.status]

    @property
    def label(self) -> str:
        return str(GoalStatus(self.status).label)


@dataclass
class GoalTrend:
    """How many centres assessed a goal met, partly met, not met or not assessed, per period."""

    goal: Goal
    periods: list[tuple[Period, dict[str, int]]]

    def bars(self) -> list[tuple[Period, list[Segment], list[int]]]:
        """Each period's counts as segments of a bar 100 wide (met first), and the counts in
        the order of GoalStatus."""
        out = []
        for period, tally in self.periods:
            total = sum(tally.values()) or 1
            x, segments = 0.0, []
            for status in GoalStatus:
                width = 100 * tally[status] / total
                if tally[status]:
                    segments.append(Segment(status, tally[status], round(x, 2), round(width, 2)))
                x += width
            out.append((period, segments, [tally[status] for status in GoalStatus]))
        return out


@dataclass
class Goals:
    period: Period | None
    goals: list[Goal]
    rows: list[tuple[FamilyCentre, list[GoalCell]]]
    trends: list[GoalTrend]


def goals(
    centres: QuerySet[FamilyCentre], periods: Iterable[Period], period: Period | None
) -> Goals:
    """Centres × goals for `period` (default: the latest of `periods` with a submitted report)
    from the submitted and approved reports, and every goal's traffic lights per period of
    `periods`. The assessments come as plain rows (a national year has tens of thousands),
    then the goals and centres they name: four queries."""
    periods = sorted(periods, key=lambda p: (p.start, p.kind))
    assessments = list(
        GoalAssessment.objects.filter(
            report__period__in=[p.pk for p in {*periods, *([period] if period else [])}],
            report__centre__in=centres,
            report__status__in=PUBLISHED_STATUSES,
        ).values_list("report__centre_id", "report__period_id", "report_id", "goal_id", "status")
    )
    if period is None:
        with_reports = {row[1] for row in assessments}
        period = next((p for p in reversed(periods) if p.pk in with_reports), None)
    in_period = [row for row in assessments if row[1] == getattr(period, "pk", None)]
    goals_by_pk = Goal.objects.select_related("municipality", "region").in_bulk(
        {row[3] for row in assessments}
    )
    goal_list = sorted(
        {goals_by_pk[row[3]] for row in in_period},
        key=lambda g: (g.region_id is not None, g.order, g.code),
    )
    cells: dict[int, dict[int, GoalCell]] = {}
    for centre_id, _period_id, report_id, goal_id, status in in_period:
        cells.setdefault(centre_id, {})[goal_id] = GoalCell(status, report_id, goal_id)
    centres_seen = FamilyCentre.objects.select_related("district").in_bulk(cells)
    rows = [
        (centre, [cells[centre.pk].get(g.pk, GoalCell()) for g in goal_list])
        for centre in sorted(centres_seen.values(), key=lambda c: c.name)
    ]
    counts: dict[tuple[int, int], dict[str, int]] = {}
    trend_goals: dict[int, Goal] = {}
    period_ids = {p.pk for p in periods}
    for _centre_id, period_id, _report_id, goal_id, status in assessments:
        if period_id not in period_ids:
            continue
        trend_goals[goal_id] = goals_by_pk[goal_id]
        tally = counts.setdefault((goal_id, period_id), dict.fromkeys(GoalStatus, 0))
        tally[status] += 1
    trends = [
        GoalTrend(
            goal=g,
            periods=[(p, counts[g.pk, p.pk]) for p in periods if (g.pk, p.pk) in counts],
        )
        for g in sorted(trend_goals.values(), key=lambda g: (g.region_id is not None, g.order))
    ]
    return Goals(period=period, goals=goal_list, rows=rows, trends=trends)


# --- Indicators -----------------------------------------------------------------------------

Figure = tuple[Decimal | None, str]  # (number, ValueStatus) of one centre's value


@dataclass
class Aggregate:
    """An indicator's figure over several centres, by the indicator's own rule: a count (or
    hours, kronor) is summed; a calculated ratio is computed again from the summed numerator
    and denominator, never averaged; a yes/no is the number of centres answering yes. An
    entered percentage has no parts to sum, so it has no total (only its spread). "Uppgift
    saknas" and "ej aktuellt" are counted apart, never as zero."""

    number: Decimal | None
    centres: int  # centres whose figure is in the total
    not_available: int = 0
    not_applicable: int = 0
    computable: bool = True


def _sums(figures: list[Figure]) -> tuple[Decimal, int, int, int]:
    total, reported, missing, not_applicable = Decimal(0), 0, 0, 0
    for number, status in figures:
        if status == ValueStatus.NOT_AVAILABLE:
            missing += 1
        elif status == ValueStatus.NOT_APPLICABLE:
            not_applicable += 1
        elif number is not None:
            total += number
            reported += 1
    return total, reported, missing, not_applicable


def report_figure(
    indicator: Indicator, values: dict[int, Figure]
) -> Figure | tuple[Figure, Figure] | None:
    """One report's figure of `indicator` from its values by indicator: the (number, status),
    or for a calculated indicator its (numerator, denominator) figures; None when missing."""
    if indicator.is_calculated:
        numerator = values.get(indicator.numerator_id)
        denominator = values.get(indicator.denominator_id)
        if numerator is None or denominator is None:
            return None
        return numerator, denominator
    return values.get(indicator.pk)


def aggregate(indicator: Indicator, figures: list[Figure | tuple[Figure, Figure]]) -> Aggregate:
    """The total of `figures`: (number, status) per centre, or for a calculated indicator
    ((numerator), (denominator)) per centre."""
    if indicator.is_calculated:
        both = []
        missing = not_applicable = 0
        for numerator, denominator in figures:
            statuses = {numerator[1], denominator[1]}
            if ValueStatus.NOT_AVAILABLE in statuses:
                missing += 1
            elif ValueStatus.NOT_APPLICABLE in statuses:
                not_applicable += 1
            elif numerator[0] is not None and denominator[0] is not None:
                both.append((numerator[0], denominator[0]))
        if not both:
            return Aggregate(None, 0, missing, not_applicable)
        result = indicator.calculate(
            (sum(n for n, _d in both), ValueStatus.REPORTED),
            (sum(d for _n, d in both), ValueStatus.REPORTED),
        )
        return Aggregate(result.number, len(both), missing, not_applicable)
    total, reported, missing, not_applicable = _sums(figures)
    if indicator.unit == Unit.PERCENT:
        return Aggregate(None, reported, missing, not_applicable, computable=False)
    return Aggregate(total if reported else None, reported, missing, not_applicable)


@dataclass
class CentreFigure:
    centre: FamilyCentre
    number: Decimal | None
    status: str
    report_id: int
    stands_out: str = ""  # "high" or "low" when outside the quartiles ± 1.5 × the spread


@dataclass
class TrendPoint:
    period: Period
    total: Aggregate
    target: Decimal | None
    last_year: Aggregate | None


@dataclass
class IndicatorView:
    indicator: Indicator
    trend: list[TrendPoint]
    period: Period | None
    centres: list[CentreFigure]
    districts: list[tuple[District, Aggregate]]
    area: Aggregate | None
    municipality: tuple[Municipality, Aggregate] | None
    region: tuple[Region, Aggregate] | None
    spread: tuple[Decimal, Decimal, Decimal] | None  # lowest, median, highest


def _quartiles(numbers: list[Decimal]) -> tuple[Decimal, Decimal, Decimal]:
    ordered = sorted(numbers)
    q1, median, q3 = statistics.quantiles(ordered, n=4, method="inclusive")
    return Decimal(q1), Decimal(median), Decimal(q3)


def indicator_view(
    indicator: Indicator,
    centres: QuerySet[FamilyCentre],
    periods: Iterable[Period],
    period: Period | None,
) -> IndicatorView:
    """One indicator over `periods` for the area's `centres` (with its target and last year),
    and across centres for `period` (default: the latest with figures) with the totals of
    each district, of the area, of the centre's municipality and of its region. Figures come
    from submitted and approved reports, which everyone logged in may read. Queries: the
    area's centre ids, the figures as plain rows, the centres of the period shown."""
    periods = sorted(periods, key=lambda p: p.start)
    area_ids = set(centres.values_list("pk", flat=True))
    earlier = {p.pk: year_before(p.start) for p in periods}
    parts = [indicator.numerator_id, indicator.denominator_id] if indicator.is_calculated else []
    wanted = Q(indicator_id=indicator.pk) | Q(indicator_id__in=[p for p in parts if p])
    owner = indicator.goal
    # A municipality's set is reported in its own periods, a region's shared set in the
    # region's periods and in those of every municipality of the region.
    if owner.municipality_id:
        reported_in = Q(report__period__municipality_id=owner.municipality_id)
    else:
        reported_in = Q(report__period__region_id=owner.region_id) | Q(
            report__period__municipality__region_id=owner.region_id
        )
    rows = (
        Value.objects.filter(wanted, report__status__in=PUBLISHED_STATUSES)
        .filter(
            Q(report__period__in=[p.pk for p in periods])
            | Q(
                report__period__kind__in={p.kind for p in periods},
                report__period__start__in=earlier.values(),
            )
            | Q(report__period=period)
        )
        .filter(reported_in)
        .order_by()  # a Value's default order would join its indicator and goal
        .values_list(
            "report__centre_id",
            "report__period_id",
            "report_id",
            "report__district_id",
            "indicator_id",
            "number",
            "status",
            "report__period__municipality_id",
            "report__period__region_id",
            "report__period__kind",
            "report__period__start",
        )
    )
    # (centre, period) → {indicator: (number, status)}; plain rows, the centres loaded below
    # only for the period shown.
    by_report: dict[tuple[int, int], dict[int, Figure]] = {}
    reports: dict[tuple[int, int], int] = {}
    made_in: dict[tuple[int, int], int] = {}  # the district each report was made in
    # (owner municipality, owner region, kind, start) → period id
    period_ids: dict[tuple, int] = {}
    for centre_id, period_id, report_id, district_id, indicator_id, number, status, *same in rows:
        key = (centre_id, period_id)
        by_report.setdefault(key, {})[indicator_id] = (number, status)
        reports[key] = report_id
        made_in[key] = district_id
        period_ids[tuple(same)] = period_id

    def figure(key) -> Figure | tuple[Figure, Figure] | None:
        return report_figure(indicator, by_report.get(key, {}))

    def total(keys) -> Aggregate:
        return aggregate(indicator, [f for f in map(figure, keys) if f is not None])

    by_period: dict[int, list[tuple[int, int]]] = {}
    for centre_id, period_id in by_report:
        by_period.setdefault(period_id, []).append((centre_id, period_id))

    def same_period(p: Period, start: datetime.date) -> tuple:
        """The owner's period of the same kind starting on `start`."""
        return (p.municipality_id, p.region_id, p.kind, start)

    trend = []
    for p in periods:
        keys = [k for k in by_period.get(p.pk, []) if k[0] in area_ids]
        if not keys:
            continue
        previous = period_ids.get(same_period(p, earlier[p.pk]))
        last = [k for k in by_period.get(previous, []) if k[0] in area_ids] if previous else []
        trend.append(
            TrendPoint(
                p,
                total(keys),
                _target_value(indicator, p, len(keys)),
                total(last) if last else None,
            )
        )
    if period is None and trend:
        period = trend[-1].period
    if period is None:
        return IndicatorView(indicator, trend, None, [], [], None, None, None, None)
    keys = by_period.get(period.pk, [])
    in_area = [k for k in keys if k[0] in area_ids]
    centre_of = FamilyCentre.objects.select_related("district__municipality__region").in_bulk(
        sorted({k[0] for k in keys})
    )
    figures = []
    for key in sorted(in_area, key=lambda k: centre_of[k[0]].name):
        f = figure(key)
        if f is None:
            continue
        if indicator.is_calculated:
            calc = indicator.calculate(f[0], f[1])
            number, status = calc.number, calc.status
        else:
            number, status = f
        figures.append(CentreFigure(centre_of[key[0]], number, status, reports[key]))
    numbers = [
        c.number for c in figures if c.number is not None and c.status == ValueStatus.REPORTED
    ]
    spread = None
    if len(numbers) >= 2:
        q1, median, q3 = _quartiles(numbers)
        reach = (q3 - q1) * Decimal("1.5")
        for c in figures:
            if c.number is not None and c.number > q3 + reach:
                c.stands_out = "high"
            elif c.number is not None and c.number < q1 - reach:
                c.stands_out = "low"
        spread = (min(numbers), median, max(numbers))
    # Per district the report was made in, which a centre may since have left.
    districts: dict[int, list] = {}
    for key in in_area:
        districts.setdefault(made_in[key], []).append(key)
    district_of = {c.district_id: c.district for c in centre_of.values()}
    if set(districts) - set(district_of):
        district_of |= District.objects.in_bulk(set(districts) - set(district_of))
    district_totals = sorted(
        ((district_of[d], total(ks)) for d, ks in districts.items()),
        key=lambda d: d[0].name,
    )
    municipality = region = None
    if in_area:
        first = centre_of[in_area[0][0]].district.municipality
        municipality = (
            first,
            total([k for k in keys if centre_of[k[0]].district.municipality_id == first.pk]),
        )
        region = (
            first.region,
            total(
                [
                    k
                    for k in keys
                    if centre_of[k[0]].district.municipality.region_id == first.region_id
                ]
            ),
        )
    return IndicatorView(
        indicator,
        trend,
        period,
        figures,
        district_totals,
        total(in_area),
        municipality,
        region,
        spread,
    )


def _target_value(indicator: Indicator, period: Period, centres: int) -> Decimal | None:
    """Placeholder until the indicator dashboard compares like with like."""
    target = indicator.target_for(period.start.year, period.kind)
    comparison = target.compare(centres=centres) if target else None
    return comparison.value if comparison else None


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    target_y: float | None

    @property
    def x_end(self) -> float:
        return round(self.x + self.width, 1)


def trend_chart(trend: list[TrendPoint], width: int = 600, height: int = 160) -> list[Bar]:
    """The trend as bars (and the target as a tick on each), scaled to the largest figure:
    drawn as SVG on the server, the same on screen and on paper."""
    figures = [p.total.number for p in trend if p.total.number is not None]
    figures += [p.target for p in trend if p.target is not None]
    top = max(figures, default=Decimal(0)) or Decimal(1)
    slot = width / max(len(trend), 1)
    bars = []
    for i, point in enumerate(trend):
        value = point.total.number or Decimal(0)
        h = float(value / top) * (height - 20)
        target_y = (
            round(height - float(point.target / top) * (height - 20), 1)
            if point.target is not None
            else None
        )
        bars.append(
            Bar(
                x=round(i * slot + slot * 0.15, 1),
                y=round(height - h, 1),
                width=round(slot * 0.7, 1),
                height=round(h, 1),
                label=str(point.period),
                target_y=target_y,
            )
        )
    return bars


# --- Reach ----------------------------------------------------------------------------------


@dataclass
class ReachRow:
    """Children reached in a district in a year, against the children 0–5 living there."""

    district: District
    year: int
    children: int | None  # None: no population registered for the year
    reached: Decimal | None  # None: no centre reported children reached
    centres: int  # centres whose figures are summed
    indicator: str = ""

    @property
    def percent(self) -> Decimal | None:
        if self.reached is None or not self.children:
            return None
        return (self.reached * 100 / self.children).quantize(Decimal("0.1"))


def reach(districts: QuerySet[District], years: list[int]) -> list[ReachRow]:
    """Per district and year: the children 0–5 (DistrictPopulation) and the children reached,
    summed over the year's submitted and approved reports made in the district (a district
    only for the years it existed) from the
    indicator that counts children reached (the municipality's own when it has one, else its
    region's shared one, never both: that would count children twice). Three queries."""
    districts = list(districts.select_related("municipality").order_by("name"))
    populations = {
        (p.district_id, p.year): p.children
        for p in DistrictPopulation.objects.filter(district__in=districts, year__in=years)
    }
    figures: dict[tuple[int, int, bool], list] = {}
    names: dict[tuple[int, int, bool], str] = {}
    for row in Value.objects.filter(
        indicator__counts_children_reached=True,
        report__status__in=PUBLISHED_STATUSES,
        report__district__in=districts,
        report__period__start__year__in=years,
    ).values(
        "report__district_id",
        "report__period__start__year",
        "report__centre_id",
        "indicator__goal__region_id",
        "indicator__code",
        "number",
        "status",
    ):
        key = (
            row["report__district_id"],
            row["report__period__start__year"],
            row["indicator__goal__region_id"] is not None,
        )
        figures.setdefault(key, []).append(row)
        names[key] = row["indicator__code"]
    out = []
    for year in sorted(years, reverse=True):
        for d in districts:
            if not d.is_active_between(datetime.date(year, 1, 1), datetime.date(year, 12, 31)):
                continue  # a district that ended before the year, or began after it
            own, shared = (d.pk, year, False), (d.pk, year, True)
            key = own if own in figures else shared
            rows = figures.get(key, [])
            reported = [
                r for r in rows if r["status"] == ValueStatus.REPORTED and r["number"] is not None
            ]
            out.append(
                ReachRow(
                    district=d,
                    year=year,
                    children=populations.get((d.pk, year)),
                    reached=sum((r["number"] for r in reported), Decimal(0)) if reported else None,
                    centres=len({r["report__centre_id"] for r in reported}),
                    indicator=names.get(key, ""),
                )
            )
    return out


# --- Årsrapport -----------------------------------------------------------------------------


@dataclass
class GoalYear:
    """A goal in the year: for one centre each period's light and analysis, for a district or
    a municipality the lights counted per period."""

    goal: Goal
    assessments: list[GoalAssessment]
    trend: GoalTrend


@dataclass
class IndicatorYear:
    indicator: Indicator
    total: Aggregate
    target: Decimal | None
    last_year: Aggregate | None


@dataclass
class AnnualReport:
    scope: FamilyCentre | District | Municipality
    year: int
    centres: list[FamilyCentre]
    report_count: int
    goals: list[GoalYear]
    indicators: list[IndicatorYear]
    children_views: int
    parents_views: int
    views_how: list[str]
    articles: list[tuple[str, int]]
    meetings: list[Meeting]
    training: list[tuple[TrainingEvent, int]]
    economy: list[AgreementEconomy]
    arbetssatt: arbetssatt.Means

    @property
    def is_centre(self) -> bool:
        return isinstance(self.scope, FamilyCentre)


def _scope_centres(scope) -> QuerySet[FamilyCentre]:
    if isinstance(scope, FamilyCentre):
        return FamilyCentre.objects.filter(pk=scope.pk)
    if isinstance(scope, District):
        return FamilyCentre.objects.filter(district=scope)
    return FamilyCentre.objects.filter(district__municipality=scope)


def _governance_q(scope, centre_key: str = "centre") -> Q:
    """Governance of the scope: of the centre (and its district), of the district (and its
    centres), of the municipality (and its districts and centres)."""
    if isinstance(scope, FamilyCentre):
        q = Q(district_id=scope.district_id)
        return q | Q(**{centre_key: scope}) if centre_key else q
    if isinstance(scope, District):
        q = Q(district=scope)
        return q | Q(**{f"{centre_key}__district": scope}) if centre_key else q
    q = Q(municipality=scope) | Q(district__municipality=scope)
    return q | Q(**{f"{centre_key}__district__municipality": scope}) if centre_key else q


def annual_report(scope: FamilyCentre | District | Municipality, year: int) -> AnnualReport:
    """Everything the årsrapport of a centre, district or municipality holds for `year`, from
    the submitted and approved reports of the periods that began that year, and the
    governance of the scope. A fixed number of queries."""
    centres = list(_scope_centres(scope).select_related("district").order_by("name"))
    # A district's reports are those made in it, also by centres that have since moved on.
    made_in = Q(district=scope) if isinstance(scope, District) else Q(centre__in=centres)
    reports = list(
        Report.objects.filter(made_in, period__start__year=year, status__in=PUBLISHED_STATUSES)
        .exclude(period__kind=PeriodKind.SELF_ASSESSMENT)
        .select_related("period", "centre")
        .prefetch_related("articles")
        .order_by("period__start", "centre__name")
    )
    report_ids = [r.pk for r in reports]
    periods = sorted({r.period for r in reports}, key=lambda p: (p.start, p.kind))
    assessments = list(
        GoalAssessment.objects.filter(report__in=report_ids)
        .select_related("goal__municipality", "goal__region", "report__period", "report__centre")
        .order_by("goal__order", "goal__code", "report__period__start", "report__centre__name")
    )
    by_goal: dict[int, list[GoalAssessment]] = {}
    for a in assessments:
        by_goal.setdefault(a.goal_id, []).append(a)
    goal_years = []
    for items in by_goal.values():
        tallies: dict[int, dict[str, int]] = {}
        for a in items:
            tallies.setdefault(a.report.period_id, dict.fromkeys(GoalStatus, 0))[a.status] += 1
        goal = items[0].goal
        trend = GoalTrend(goal, [(p, tallies[p.pk]) for p in periods if p.pk in tallies])
        goal_years.append(GoalYear(goal, items, trend))
    goal_years.sort(key=lambda g: (g.goal.region_id is not None, g.goal.order, g.goal.code))

    values = Value.objects.filter(
        Q(report__district=scope) if isinstance(scope, District) else Q(report__centre__in=centres),
        report__period__start__year__in=[year, year - 1],
        report__status__in=PUBLISHED_STATUSES,
    ).values_list("report_id", "report__period__start__year", "indicator_id", "number", "status")
    figures: dict[tuple[int, int], dict[int, Figure]] = {}  # (report, year) → indicator → figure
    shown: set[int] = set()
    for report_id, value_year, indicator_id, number, status in values:
        figures.setdefault((report_id, value_year), {})[indicator_id] = (number, status)
        if value_year == year:
            shown.add(indicator_id)
    indicators = list(
        Indicator.objects.filter(pk__in=shown)
        .select_related("goal__municipality", "goal__region", "numerator", "denominator")
        .prefetch_related("targets")
        .order_by("goal__region", "goal__order", "order", "code")
    )

    def total(ind: Indicator, in_year: int) -> Aggregate | None:
        entries = []
        for (_report, y), by_indicator in figures.items():
            if y != in_year:
                continue
            entry = report_figure(ind, by_indicator)
            if entry is not None:
                entries.append(entry)
        return aggregate(ind, entries) if entries else None

    indicator_years = [
        IndicatorYear(ind, total(ind, year), None, total(ind, year - 1)) for ind in indicators
    ]

    articles: dict[str, int] = {}
    for r in reports:
        for article in r.articles.all():
            articles[str(article)] = articles.get(str(article), 0) + 1
    meetings = list(
        Meeting.objects.filter(_governance_q(scope), date__year=year)
        .select_related("steering_group")
        .prefetch_related("decisions")
        .order_by("date", "pk")
    )
    training = [
        (event, event.participant_count or 0)
        for event in TrainingEvent.objects.filter(
            _governance_q(scope, centre_key=""), date__year=year
        )
        .annotate(participant_count=Sum("participations__count"))
        .order_by("date", "pk")
    ]
    return AnnualReport(
        scope=scope,
        year=year,
        centres=centres,
        report_count=len(reports),
        goals=goal_years,
        indicators=indicator_years,
        children_views=sum(bool(r.children_views_gathered) for r in reports),
        parents_views=sum(bool(r.parents_views_gathered) for r in reports),
        views_how=[
            text
            for r in reports
            for text in (r.children_views_how, r.parents_views_how)
            if text and isinstance(scope, FamilyCentre)
        ],
        articles=sorted(articles.items(), key=lambda a: -a[1]),
        meetings=meetings,
        training=training,
        economy=economy(
            Agreement.objects.filter(_governance_q(scope, centre_key="")),
            year,
            datetime.date(year, 12, 31),
        ),
        arbetssatt=arbetssatt.averages(_scope_centres(scope), year),
    )
