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
from decimal import ROUND_CEILING, Decimal

from django.db.models import F, Prefetch, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.formats import date_format
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
    IndicatorTarget,
    Period,
    PeriodKind,
    Report,
    ReportStatus,
    TargetComparison,
    TargetLevel,
    Unit,
    Value,
    ValueStatus,
    centre_target,
    format_number,
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
        """Period.on_time of the first submission: the rule of the badge and the inbox."""
        return self.period.on_time(self.first_submitted)

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
    def counts(self) -> tuple[int, int]:
        """(submitted, on time) by Period.submission_counts, as the period list and the
        inbox count: a returned report first submitted is submitted (and returned)."""
        return self.period.submission_counts(e.first_submitted for e in self.centres)

    @property
    def submitted(self) -> int:
        return self.counts[0]

    @property
    def on_time(self) -> int:
        return self.counts[1]

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
    # The first submission, as Report.is_late reads it.
    reports = {
        (r["centre_id"], r["period_id"]): r
        for r in Report.objects.filter(period__in=periods, centre__in=[c.pk for c in centres])
        .with_first_submission()
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
            if not period.expects(centre):
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

# Where and when a report was made: its period's first and last day, centre, district and
# municipality.
Made = tuple[datetime.date, datetime.date, int, int, int]


@dataclass
class Published:
    """Published figures by report: report → indicator → (number, status), where and when each
    report was made, and its period."""

    figures: dict[int, dict[int, Figure]]
    made: dict[int, Made]
    period_of: dict[int, int]


def published_figures(*filters: Q, **lookups) -> Published:
    """The figures of submitted and approved reports that `filters` pick. One query."""
    out = Published({}, {}, {})
    for report_id, period_id, start, end, centre, district, municipality, ind, number, status in (
        Value.objects.filter(*filters, report__status__in=PUBLISHED_STATUSES, **lookups)
        .order_by()
        .values_list(
            "report_id",
            "report__period_id",
            "report__period__start",
            "report__period__end",
            "report__centre_id",
            "report__district_id",
            "report__district__municipality_id",
            "indicator_id",
            "number",
            "status",
        )
    ):
        out.figures.setdefault(report_id, {})[ind] = (number, status)
        out.made[report_id] = (start, end, centre, district, municipality)
        out.period_of[report_id] = period_id
    return out


@dataclass
class Aggregate:
    """An indicator's figure over several centres, by the indicator's own rule: a count (or
    hours, kronor) is summed; a calculated ratio is computed again from the summed numerator
    and denominator, never averaged; a yes/no is the number of centres answering yes out of
    those answering, read "1 av 2", never "Ja" (issue 19, item 5). An entered percentage has
    no parts to sum, so it has no total (only its spread). "Uppgift saknas" and "ej aktuellt"
    are counted apart, never as zero."""

    number: Decimal | None
    centres: int  # centres whose figure is in the total
    not_available: int = 0
    not_applicable: int = 0
    computable: bool = True
    text: str = ""  # the total as people read it: "1 200", "65,7 %", "1 av 2"; "" for none


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
        return Aggregate(
            result.number, len(both), missing, not_applicable, text=indicator.display(result.number)
        )
    total, reported, missing, not_applicable = _sums(figures)
    if indicator.unit == Unit.PERCENT:
        return Aggregate(None, reported, missing, not_applicable, computable=False)
    number = total if reported else None
    if indicator.is_yes_no:
        # The centres answering yes of those answering: "1 av 2", never "Ja".
        text = str(_("%(yes)s of %(count)s") % {"yes": format_number(total), "count": reported})
        return Aggregate(number, reported, missing, not_applicable, text=text if reported else "")
    return Aggregate(number, reported, missing, not_applicable, text=indicator.display(number))


@dataclass
class CentreFigure:
    centre: FamilyCentre
    number: Decimal | None
    status: str
    report_id: int
    stands_out: str = ""  # "high" or "low" when outside the quartiles ± 1.5 × the spread
    target: Decimal | None = None  # the centre's own target: a count's per centre, a rate's

    @property
    def below_target(self) -> bool:
        return (
            self.target is not None
            and self.number is not None
            and self.status == ValueStatus.REPORTED
            and self.number < self.target
        )


@dataclass
class TrendPoint:
    """One period of the indicator's series: the area's total, what it is held against (the
    target of that year and kind × the units in the total), and the same period a year
    earlier."""

    period: Period
    total: Aggregate
    comparison: TargetComparison | None
    last_year: Aggregate | None

    @property
    def target(self) -> Decimal | None:
        return self.comparison.value if self.comparison else None

    @property
    def below_target(self) -> bool:
        number = self.total.number
        return self.target is not None and number is not None and number < self.target


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
    comparison: TargetComparison | None = None  # the area's total in `period` against target
    centre_target: IndicatorTarget | None = None  # what each centre's figure is held against

    @property
    def point(self) -> TrendPoint | None:
        """The trend's point of the period shown."""
        return next((p for p in self.trend if p.period == self.period), None)


def _quartiles(numbers: list[Decimal]) -> tuple[Decimal, Decimal, Decimal]:
    ordered = sorted(numbers)
    q1, median, q3 = statistics.quantiles(ordered, n=4, method="inclusive")
    return Decimal(q1), Decimal(median), Decimal(q3)


def series_q(indicator: Indicator, prefix: str = "") -> Q:
    """The periods (`prefix` leads to one) of the indicator's own series: its goal's owner's
    periods of its kind. Its figures are entered and counted there only (issue 19, item 2)."""
    owner = indicator.goal
    if owner.municipality_id:
        q = Q(**{f"{prefix}municipality_id": owner.municipality_id})
    else:
        q = Q(**{f"{prefix}region_id": owner.region_id})
    return q & Q(**{f"{prefix}kind": indicator.period_kind})


def in_series(indicator: Indicator, period: Period) -> bool:
    """Whether `period` is one of the indicator's series (`series_q` on a loaded period)."""
    owner = indicator.goal
    if period.kind != indicator.period_kind:
        return False
    if owner.municipality_id:
        return period.municipality_id == owner.municipality_id
    return period.region_id == owner.region_id


def _in_total(figure: Figure | tuple[Figure, Figure] | None, calculated: bool) -> bool:
    """Whether `aggregate` counts the figure among the centres of its total."""
    if figure is None:
        return False
    parts = figure if calculated else (figure,)
    return all(status == ValueStatus.REPORTED and number is not None for number, status in parts)


def indicator_view(
    indicator: Indicator,
    centres: QuerySet[FamilyCentre],
    periods: Iterable[Period],
    period: Period | None,
) -> IndicatorView:
    """One indicator over the periods of its own series among `periods` for the area's
    `centres` (with its target and last year), and across centres for `period` (default: the
    latest with figures) with the totals of each district, of the area, of the centre's
    municipality and of its region. Figures come from submitted and approved reports, which
    everyone logged in may read, of the indicator's own series only (a figure left over in
    another series is never counted) and of centres open in the period.

    Targets are compared like with like (issue 19, item 1): a total with the target of its
    year and period kind × the units at the target's level in the total (the centres whose
    figure is in it, their districts or municipalities: a district's or municipality's target
    only for a total of whole ones), each centre with its own target; a year's target is
    never set beside a quarter. Queries: the area's centre ids, the figures as plain rows,
    the centres of the period shown."""
    periods = sorted((p for p in periods if in_series(indicator, p)), key=lambda p: p.start)
    if period is not None and not in_series(indicator, period):
        period = None
    area_ids = set(centres.values_list("pk", flat=True))
    earlier = {p.pk: year_before(p.start) for p in periods}
    parts = [indicator.numerator_id, indicator.denominator_id] if indicator.is_calculated else []
    wanted = Q(indicator_id=indicator.pk) | Q(indicator_id__in=[p for p in parts if p])
    rows = (
        Value.objects.filter(wanted, report__status__in=PUBLISHED_STATUSES)
        .filter(series_q(indicator, "report__period__"))
        .filter(
            Q(report__period__in=[p.pk for p in periods])
            | Q(report__period__start__in=earlier.values())
            | Q(report__period=period)
        )
        .order_by()  # a Value's default order would join its indicator and goal
        .values_list(
            "report__centre_id",
            "report__period_id",
            "report_id",
            "report__district_id",
            "report__district__municipality_id",
            "indicator_id",
            "number",
            "status",
            "report__period__start",
            "report__period__end",
            "report__centre__opened_on",
            "report__centre__closed_on",
        )
    )
    # (centre, period) → {indicator: (number, status)}; plain rows, the centres loaded below
    # only for the period shown.
    by_report: dict[tuple[int, int], dict[int, Figure]] = {}
    reports: dict[tuple[int, int], int] = {}
    made_in: dict[tuple[int, int], int] = {}  # the district each report was made in
    municipality_of: dict[tuple[int, int], int] = {}  # and that district's municipality
    period_ids: dict[datetime.date, int] = {}  # the series' periods by their first day
    for (
        centre_id,
        period_id,
        report_id,
        district_id,
        municipality_id,
        indicator_id,
        number,
        status,
        start,
        end,
        opened_on,
        closed_on,
    ) in rows:
        period_ids[start] = period_id
        if (opened_on is not None and opened_on > end) or (
            closed_on is not None and closed_on < start
        ):
            continue  # a centre not open in the period is not expected there
        key = (centre_id, period_id)
        by_report.setdefault(key, {})[indicator_id] = (number, status)
        reports[key] = report_id
        made_in[key] = district_id
        municipality_of[key] = municipality_id

    def figure(key) -> Figure | tuple[Figure, Figure] | None:
        return report_figure(indicator, by_report.get(key, {}))

    def total(keys) -> Aggregate:
        return aggregate(indicator, [f for f in map(figure, keys) if f is not None])

    by_period: dict[int, list[tuple[int, int]]] = {}
    for centre_id, period_id in by_report:
        by_period.setdefault(period_id, []).append((centre_id, period_id))

    def compare(p: Period, keys: list[tuple[int, int]]) -> TargetComparison | None:
        target = indicator.target_for(p.start.year, p.kind)
        if target is None:
            return None
        counted = [k for k in keys if _in_total(figure(k), indicator.is_calculated)]
        level = {TargetLevel.DISTRICT: made_in, TargetLevel.MUNICIPALITY: municipality_of}
        units = level.get(target.level)
        if units is not None and indicator.is_additive:
            # A district's or municipality's target holds for whole ones only.
            mine, chosen = {units[k] for k in counted}, set(counted)
            for k in by_period.get(p.pk, []):
                if units[k] in mine and k not in chosen and _in_total(figure(k), False):
                    return None
        return target.compare(
            centres=len(counted),
            districts=len({made_in[k] for k in counted}),
            municipalities=len({municipality_of[k] for k in counted}),
        )

    trend = []
    for p in periods:
        keys = [k for k in by_period.get(p.pk, []) if k[0] in area_ids]
        if not keys:
            continue
        previous = period_ids.get(earlier[p.pk])
        last = [k for k in by_period.get(previous, []) if k[0] in area_ids] if previous else []
        trend.append(TrendPoint(p, total(keys), compare(p, keys), total(last) if last else None))
    if period is None and trend:
        period = trend[-1].period
    if period is None:
        return IndicatorView(indicator, trend, None, [], [], None, None, None, None)
    keys = by_period.get(period.pk, [])
    in_area = [k for k in keys if k[0] in area_ids]
    centre_of = FamilyCentre.objects.select_related("district__municipality__region").in_bulk(
        sorted({k[0] for k in keys})
    )
    own_target = centre_target(indicator, period.start.year, period.kind)
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
        figures.append(
            CentreFigure(
                centre_of[key[0]],
                number,
                status,
                reports[key],
                target=own_target.target if own_target else None,
            )
        )
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
        comparison=compare(period, in_area) if in_area else None,
        centre_target=own_target,
    )


@dataclass(frozen=True)
class Bar:
    """One period's bar: its top-left corner, its size, the period under it and the figure
    above it, and the target's height as a dashed tick across it."""

    x: float
    y: float
    width: float
    height: float
    label: str  # the period, on the x axis
    value: str  # the figure, above the bar
    target_y: float | None

    @property
    def x_end(self) -> float:
        return round(self.x + self.width, 1)

    @property
    def x_mid(self) -> float:
        return round(self.x + self.width / 2, 1)

    @property
    def value_y(self) -> float:
        return round(self.y - 4, 1)

    @property
    def label_lines(self) -> list[str]:
        """The period on two lines under a narrow bar: "2026" and "kvartal 1"."""
        first, _sep, rest = self.label.partition(" ")
        return [first, rest] if rest else [first]


@dataclass(frozen=True)
class Tick:
    y: float
    label: str


@dataclass(frozen=True)
class Chart:
    """A bar chart drawn as SVG on the server (the same on screen and on paper, no script or
    inline style): a y axis with its title and scale, an x axis with the periods, the figure
    on each bar and the target as a dashed tick."""

    width: int
    height: int
    left: int  # the y axis
    top: int
    bottom: int  # the x axis
    bars: list[Bar]
    ticks: list[Tick]
    axis_title: str

    @property
    def right(self) -> int:
        return self.width - 4

    @property
    def tick_x(self) -> int:
        return self.left - 4

    @property
    def label_y(self) -> int:
        return self.bottom + 13


def _scale(top: Decimal, whole: bool) -> list[Decimal]:
    """Round steps from 0 to at least `top`, about four of them: 0, 50, 100, 150, 200, 250."""
    top = top if top > 0 else Decimal(1)
    rough = top / 4
    magnitude = Decimal(10) ** (len(str(int(rough))) - 1) if rough >= 1 else Decimal("0.1")
    step = next(
        (m * magnitude for m in (1, 2, Decimal("2.5"), 5, 10) if m * magnitude >= rough),
        10 * magnitude,
    )
    if whole:
        step = max(Decimal(1), step.to_integral_value(rounding=ROUND_CEILING))
    count = int((top / step).to_integral_value(rounding=ROUND_CEILING))
    return [step * i for i in range(count + 1)]


def trend_chart(
    trend: list[TrendPoint], indicator: Indicator, width: int = 480, height: int = 240
) -> Chart:
    """The trend as bars (and the target as a tick on each) on a scale from 0 to a round
    figure above the largest figure or target, with the unit on the y axis and each figure
    (a yes/no as "1 av 2") above its bar."""
    left, top, bottom = 44, 22, height - 30
    figures = [p.total.number for p in trend if p.total.number is not None]
    figures += [p.target for p in trend if p.target is not None]
    whole = indicator.is_yes_no or (
        indicator.unit == Unit.COUNT
        and not indicator.is_calculated
        and all(f == f.to_integral_value() for f in figures)
    )
    largest = max(figures, default=Decimal(0))
    # Room above the tallest bar or target for its figure, but a yes/no ends at its centres.
    steps = _scale(largest if indicator.is_yes_no else largest * Decimal("1.1"), whole)
    scale = steps[-1]
    plot = bottom - top

    def y_of(number: Decimal) -> float:
        return round(bottom - float(number / scale) * plot, 1)

    ticks = [
        Tick(y_of(s), format_number(s) if indicator.is_yes_no else indicator.display(s))
        for s in steps
    ]
    slot = (width - 4 - left) / max(len(trend), 1)
    bars = []
    for i, point in enumerate(trend):
        value = point.total.number or Decimal(0)
        y = y_of(value)
        bars.append(
            Bar(
                x=round(left + i * slot + slot * 0.15, 1),
                y=y,
                width=round(slot * 0.7, 1),
                height=round(bottom - y, 1),
                label=str(point.period),
                value=point.total.text or "–",
                target_y=y_of(point.target) if point.target is not None else None,
            )
        )
    if indicator.is_yes_no:
        axis_title = str(_("Centres answering yes"))
    else:
        axis_title = str(Unit(indicator.unit).label)  # "Antal", "Procent", "Timmar", "Kronor"
    return Chart(width, height, left, top, bottom, bars, ticks, axis_title)


@dataclass
class IndicatorCard:
    """One indicator of several shown side by side: a small chart, and its total against its
    target for the period shown."""

    view: IndicatorView
    chart: Chart


def small_multiples(
    indicators: Iterable[Indicator],
    centres: QuerySet[FamilyCentre],
    periods: Iterable[Period],
    period: Period | None,
) -> list[IndicatorCard]:
    """Each indicator over the periods of its own series among `periods`, as a small chart
    with the total of `period` (where it is one of the series, else the latest with figures)
    against its target. Three queries or so per indicator."""
    periods = list(periods)
    cards = []
    for indicator in indicators:
        view = indicator_view(indicator, centres, periods, period)
        cards.append(IndicatorCard(view, trend_chart(view.trend, indicator, 320, 200)))
    return cards


# --- Reach ----------------------------------------------------------------------------------


def in_own_series_q() -> Q:
    """A value (of a Value queryset) counted only in its indicator's own period series: a
    period of the indicator's owner, of its kind, in which it is valid. A figure left over
    in another series (the region's indicator in a municipal quarter) is never counted, so no
    figure is summed over overlapping periods (issue 19, item 2)."""
    return (
        (
            Q(indicator__goal__municipality_id=F("report__period__municipality_id"))
            | Q(indicator__goal__region_id=F("report__period__region_id"))
        )
        & Q(indicator__period_kind=F("report__period__kind"))
        & (
            Q(indicator__valid_from__isnull=True)
            | Q(indicator__valid_from__lte=F("report__period__end"))
        )
        & (
            Q(indicator__valid_to__isnull=True)
            | Q(indicator__valid_to__gte=F("report__period__start"))
        )
    )


def _whole_year(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


@dataclass(frozen=True)
class YearSpan:
    """The part of a year a figure covers: from the first day of the first period with
    published figures to the last day of the last (issue 19, item 3). 2026's quarters 1–3
    make "jan–sep"; a year's figure is compared with the same span the year before."""

    year: int
    start: datetime.date
    end: datetime.date

    @classmethod
    def of(cls, year: int, periods: Iterable[tuple[datetime.date, datetime.date]]) -> YearSpan:
        periods = list(periods)
        return cls(year, min(p[0] for p in periods), max(p[1] for p in periods))

    @property
    def is_whole(self) -> bool:
        first, last = _whole_year(self.year)
        return self.start <= first and self.end >= last

    @property
    def months(self) -> str:
        """ "jan–sep" """
        first, last = date_format(self.start, "b"), date_format(self.end, "b")
        return first if first == last else f"{first}–{last}"

    @property
    def label(self) -> str:
        """Empty for a whole year, else the span named: "hittills i år, jan–sep" this year,
        "jan–sep" in a year that has passed."""
        if self.is_whole:
            return ""
        if self.year >= timezone.localdate().year:
            return str(_("so far this year, %(months)s") % {"months": self.months})
        return self.months

    def year_before(self) -> YearSpan:
        return YearSpan(self.year - 1, year_before(self.start), year_before(self.end))

    @property
    def label_with_year(self) -> str:
        """ "jan–sep 2025", or "2025" for a whole year."""
        if self.is_whole:
            return str(self.year)
        return f"{self.months} {self.year}"

    def holds(self, start: datetime.date, end: datetime.date) -> bool:
        return self.start <= start and end <= self.end


@dataclass
class ReachRow:
    """Children reached in a district in a year, against the children 0–5 living there."""

    district: District
    year: int
    children: int | None  # None: no population registered for the year
    reached: Decimal | None  # None: no centre reported children reached
    centres: int  # centres whose figures are summed
    indicator: str = ""
    span: YearSpan | None = None  # the part of the year the figures cover
    # Children reached in the same span the year before (Q1–Q3 against Q1–Q3), by the same
    # indicator; None where nothing was reported then.
    last_year: Decimal | None = None

    @property
    def span_label(self) -> str:
        """ "hittills i år, jan–sep" where the figures cover only part of the year."""
        return self.span.label if self.span else ""

    @property
    def last_span_label(self) -> str:
        """ "jan–sep 2025": what `last_year` covers."""
        return self.span.year_before().label_with_year if self.span else ""

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
    region's shared one, never both: that would count children twice), each only in its own
    period series. A year whose figures cover part of it names the span ("hittills i år,
    jan–sep"), so it is not read as a whole year beside the year before, and is held against
    the same span of the year before. Three queries."""
    districts = list(districts.select_related("municipality").order_by("name"))
    populations = {
        (p.district_id, p.year): p.children
        for p in DistrictPopulation.objects.filter(district__in=districts, year__in=years)
    }
    figures: dict[tuple[int, int, bool], list] = {}
    names: dict[tuple[int, int, bool], str] = {}
    for row in (
        Value.objects.filter(
            indicator__counts_children_reached=True,
            report__status__in=PUBLISHED_STATUSES,
            report__district__in=districts,
            report__period__start__year__in={*years, *(y - 1 for y in years)},
        )
        .filter(in_own_series_q())
        .values(
            "report__district_id",
            "report__period__start__year",
            "report__period__start",
            "report__period__end",
            "report__centre_id",
            "indicator__goal__region_id",
            "indicator__code",
            "number",
            "status",
        )
    ):
        key = (
            row["report__district_id"],
            row["report__period__start__year"],
            row["indicator__goal__region_id"] is not None,
        )
        figures.setdefault(key, []).append(row)
        names[key] = row["indicator__code"]

    def reported(rows: list) -> list:
        return [r for r in rows if r["status"] == ValueStatus.REPORTED and r["number"] is not None]

    def when(row: dict) -> tuple[datetime.date, datetime.date]:
        return row["report__period__start"], row["report__period__end"]

    out = []
    for year in sorted(years, reverse=True):
        for d in districts:
            if not d.is_active_between(datetime.date(year, 1, 1), datetime.date(year, 12, 31)):
                continue  # a district that ended before the year, or began after it
            own, shared = (d.pk, year, False), (d.pk, year, True)
            key = own if own in figures else shared
            rows = figures.get(key, [])
            done = reported(rows)
            span = YearSpan.of(year, map(when, rows)) if rows else None
            # The same span of the year before, by the same (own or shared) indicator.
            before = [
                r
                for r in reported(figures.get((d.pk, year - 1, key[2]), []))
                if span and span.year_before().holds(*when(r))
            ]
            out.append(
                ReachRow(
                    district=d,
                    year=year,
                    children=populations.get((d.pk, year)),
                    reached=sum((r["number"] for r in done), Decimal(0)) if done else None,
                    centres=len({r["report__centre_id"] for r in done}),
                    indicator=names.get(key, ""),
                    span=span,
                    last_year=sum((r["number"] for r in before), Decimal(0)) if before else None,
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


# The levels a target is set at, from the smallest; a count's target is compared with a total
# of the same level or above (a municipality's target says nothing about one district).
LEVEL_ORDER = [TargetLevel.CENTRE, TargetLevel.DISTRICT, TargetLevel.MUNICIPALITY]


@dataclass
class IndicatorYear:
    """An indicator in the årsrapport: its total over its own period series in the year (the
    span with published figures), the same span the year before, and the year's target where
    it is comparable (issue 19, items 1–3)."""

    indicator: Indicator
    total: Aggregate
    span: YearSpan
    target: TargetComparison | None  # the yearly target beside a whole year, like with like
    last_year: Aggregate | None  # the same span the year before
    target_note: str = ""  # why a yearly target is not compared (part of a year, its level)

    @property
    def last_span(self) -> YearSpan:
        return self.span.year_before()


def scope_level(scope: FamilyCentre | District | Municipality) -> str:
    """The level of the whole an årsrapport's total is of: a centre, a district, a
    municipality."""
    if isinstance(scope, FamilyCentre):
        return TargetLevel.CENTRE
    return TargetLevel.DISTRICT if isinstance(scope, District) else TargetLevel.MUNICIPALITY


def target_of_year(
    indicator: Indicator,
    level: str,
    span: YearSpan,
    centres: int,
    districts: int,
    municipalities: int,
) -> tuple[TargetComparison | None, str]:
    """The yearly target held against the year's total, and else why not: only a whole year
    is compared with a year's target, a count's target only with a total of its level or
    above (`level`: the largest whole the total holds, a TargetLevel); a quarter's target is
    never multiplied into a year's. The årsrapport and the chef's start page both use it."""
    target = indicator.target_for(span.year, PeriodKind.YEAR)
    if target is None:
        return None, ""
    if not span.is_whole:
        return None, str(
            _(
                "Yearly target %(target)s: compared once the whole year is reported "
                "(so far %(months)s)."
            )
            % {"target": target.describe(), "months": span.months}
        )
    if indicator.is_additive and LEVEL_ORDER.index(target.level) > LEVEL_ORDER.index(level):
        return None, str(
            _("Target %(target)s: set for a larger whole, not compared with a part of it.")
            % {"target": target.describe()}
        )
    return (
        target.compare(centres=centres, districts=districts, municipalities=municipalities),
        "",
    )


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


def _scope_centres(scope, year: int | None = None) -> QuerySet[FamilyCentre]:
    """The scope's centres; with `year`, those open on some day of it (a centre closed in
    June 2025 is in 2025's report, not in 2026's)."""
    if isinstance(scope, FamilyCentre):
        centres = FamilyCentre.objects.filter(pk=scope.pk)
    elif isinstance(scope, District):
        centres = FamilyCentre.objects.filter(district=scope)
    else:
        centres = FamilyCentre.objects.filter(district__municipality=scope)
    return centres.open_between(*_whole_year(year)) if year is not None else centres


def scope_exists_in(scope, year: int) -> bool:
    """Whether the centre was open, or the district existed, on some day of `year`: there is
    an årsrapport of it for that year (a municipality always has one)."""
    if isinstance(scope, FamilyCentre):
        return scope.is_open_between(*_whole_year(year))
    if isinstance(scope, District):
        return scope.is_active_between(*_whole_year(year))
    return True


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


def yes_no_per_centre(figures: list[Figure], where: list[tuple]) -> list[Figure]:
    """One yes/no answer per centre over several periods: yes if it said yes in any of them,
    else no if it answered, else its "uppgift saknas" or "ej aktuellt"."""
    by_centre: dict[int, list[Figure]] = {}
    for figure, made in zip(figures, where, strict=True):
        by_centre.setdefault(made[2], []).append(figure)
    out = []
    for answers in by_centre.values():
        given = [n for n, status in answers if status == ValueStatus.REPORTED and n is not None]
        if given:
            out.append((max(given), ValueStatus.REPORTED))
        else:
            out.append(answers[-1])
    return out


def annual_report(scope: FamilyCentre | District | Municipality, year: int) -> AnnualReport:
    """Everything the årsrapport of a centre, district or municipality holds for `year`, from
    the submitted and approved reports of the periods that began that year, and the
    governance of the scope; the centres open in the year (a closed centre's figures of the
    year before it closed stay in the year before). Each indicator is summed over its own
    period series only, over the span of the year with published figures, beside the same
    span the year before and, for a whole year, its yearly target. A fixed number of
    queries."""
    centres = list(_scope_centres(scope, year).select_related("district").order_by("name"))
    # A district's reports are those made in it, also by centres that have since moved on;
    # those of a centre closed since are its own, in the years it was open.
    made_in = (
        Q(district=scope)
        if isinstance(scope, District)
        else Q(centre__in=_scope_centres(scope).values("pk"))
    )
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

    found = published_figures(
        Q(report__district=scope)
        if isinstance(scope, District)
        else Q(report__centre__in=_scope_centres(scope).values("pk")),
        in_own_series_q(),
        report__period__start__year__in=[year, year - 1],
    )
    figures, made = found.figures, found.made
    shown = {
        indicator_id
        for report_id, by_indicator in figures.items()
        if made[report_id][0].year == year
        for indicator_id in by_indicator
    }
    indicators = list(
        Indicator.objects.filter(pk__in=shown)
        .select_related("goal__municipality", "goal__region", "numerator", "denominator")
        .prefetch_related("targets")
        # The municipality's own first, the region's shared set after: on every database
        # (SQLite puts NULLs first, PostgreSQL last).
        .order_by(F("goal__region").asc(nulls_first=True), "goal__order", "order", "code")
    )

    def entries(ind: Indicator, wanted) -> tuple[list, list[tuple]]:
        """The figures of `ind` in the reports `wanted(start, end)` takes, and where from."""
        out, where = [], []
        for report_id, by_indicator in figures.items():
            if not wanted(*made[report_id][:2]):
                continue
            entry = report_figure(ind, by_indicator)
            if entry is not None:
                out.append(entry)
                where.append(made[report_id])
        return out, where

    indicator_years = []
    for ind in indicators:
        this, where = entries(ind, lambda start, _end: start.year == year)
        if not this:
            continue  # a part of a calculated indicator reported only the year before
        span = YearSpan.of(year, (w[:2] for w in where))
        before = span.year_before()
        last, last_where = entries(ind, before.holds)
        if ind.is_yes_no:
            # A year of quarterly yes/no answers is read per centre: "1 av 2" centres said yes
            # in at least one period of the span, never 3 of 4 centre-quarters.
            this, last = yes_no_per_centre(this, where), yes_no_per_centre(last, last_where)
        target, note = target_of_year(
            ind,
            scope_level(scope),
            span,
            centres=len({w[2] for w in where}),
            districts=len({w[3] for w in where}),
            municipalities=len({w[4] for w in where}),
        )
        indicator_years.append(
            IndicatorYear(
                ind,
                aggregate(ind, this),
                span,
                target,
                aggregate(ind, last) if last else None,
                note,
            )
        )

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
        arbetssatt=arbetssatt.averages(_scope_centres(scope, year), year),
    )
