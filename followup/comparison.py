"""The region's comparison across its municipalities and the manager's overview of their area
(issue 19, items 9 and 10): figures from submitted and approved reports only, each indicator
counted in its own period series (its owner's periods of its kind), read as the årsrapport
reads them (dashboards/figures.py): the part of the year its figures cover (`YearSpan`), a yes/no
per centre, and a year's target only beside a whole year (`target_of_year`), so that the
start page, the comparison and the årsrapport print the same figure, span and target.

Both are computed in a fixed number of queries; the views and templates only show them.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from centres.models import District, DistrictPopulation, FamilyCentre, Municipality, Region
from familjecentral.spans import overlapping
from followup.dashboards.figures import (
    LEVEL_ORDER,
    Aggregate,
    Figure,
    Made,
    YearSpan,
    aggregate,
    in_series,
    published_figures,
    report_figure,
    target_of_year,
    yes_no_per_centre,
)
from followup.exports import Table
from followup.models import (
    Indicator,
    Period,
    PeriodKind,
    Report,
    TargetComparison,
    TargetLevel,
    Unit,
)

# Where and when a report was made, as the årsrapport keeps it: its period's first and last
# day, its centre, district and municipality.


def _parts(indicator: Indicator) -> list[int]:
    if indicator.is_calculated:
        return [indicator.pk, indicator.numerator_id, indicator.denominator_id]
    return [indicator.pk]


def _is_figure(indicator: Indicator, figure) -> bool:
    """A reported figure, not "uppgift saknas" or "ej aktuellt"."""
    return figure is not None and aggregate(indicator, [figure]).centres > 0


def _entries(
    indicator: Indicator,
    by_report: dict[int, dict[int, Figure]],
    made: dict[int, Made],
    reports: Iterable[int],
) -> tuple[list, list[Made]]:
    """The figures of `indicator` in `reports`, and where each was made."""
    out, where = [], []
    for report in reports:
        entry = report_figure(indicator, by_report[report])
        if entry is not None:
            out.append(entry)
            where.append(made[report])
    return out, where


def _total(indicator: Indicator, figures: list, where: list[Made]) -> Aggregate:
    """The total over a span as the årsrapport reads it: a yes/no per centre (yes if it said
    yes in any period of the span: "n av m" centres), a count summed, a ratio computed from
    the summed parts; over several periods a centre counts once in "n centres"."""
    if indicator.is_yes_no:
        return aggregate(indicator, yes_no_per_centre(figures, where))
    counted = {w[2] for f, w in zip(figures, where, strict=True) if _is_figure(indicator, f)}
    return replace(aggregate(indicator, figures), centres=len(counted))


# --- Item 9: the region's comparison --------------------------------------------------------


@dataclass
class Cell:
    """One municipality's (or the region's) figure of one indicator in one year, and per child
    0–5 living there when the children are known for every district of it."""

    indicator: Indicator
    total: Aggregate
    children: int | None

    @property
    def per_child(self) -> Decimal | None:
        if not self.indicator.is_additive or self.total.number is None or not self.children:
            return None
        return (self.total.number / self.children).quantize(Decimal("0.1"), ROUND_HALF_UP)

    @property
    def per_thousand(self) -> Decimal | None:
        """Per 1 000 children 0–5, whole."""
        if self.per_child is None:
            return None
        return (self.total.number * 1000 / self.children).quantize(Decimal(1), ROUND_HALF_UP)

    @property
    def shows_per_thousand(self) -> bool:
        """Below one per child the page says per 1 000 children: "0,0 per child" says
        nothing."""
        return self.per_child is not None and self.total.number < self.children

    @property
    def per_child_display(self) -> str:
        """With one decimal always: "2,0", as the figure was rounded."""
        return "" if self.per_child is None else f"{self.per_child:.1f}".replace(".", ",")


@dataclass
class YearRow:
    span: YearSpan  # the part of the year the shown municipalities' figures cover
    cells: list[Cell]  # one per municipality shown, in the order of `municipalities`
    total: Cell | None  # the region's, when the whole region is shown

    @property
    def label(self) -> str:
        """ "2025"; "2026, hittills i år, jan–sep": the year and the årsrapport's span."""
        return f"{self.span.year}, {self.span.label}" if self.span.label else str(self.span.year)


@dataclass
class IndicatorTable:
    indicator: Indicator
    years: list[YearRow]

    @property
    def per_child(self) -> bool:
        """Only a count is divided by the children."""
        return self.indicator.is_additive


@dataclass
class RegionalComparison:
    region: Region
    municipalities: list[Municipality]
    with_total: bool
    tables: list[IndicatorTable] = field(default_factory=list)


def _children(
    municipalities: list[Municipality],
    districts: list[District],
    populations: dict[tuple[int, int], int],
    year: int,
) -> dict[int, int | None]:
    """Children 0–5 per municipality in `year`: the sum over its districts active in the year,
    None when one of them has no figure for the year."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    out: dict[int, int | None] = {}
    for m in municipalities:
        active = [
            d for d in districts if d.municipality_id == m.pk and d.is_active_between(start, end)
        ]
        counts = [populations.get((d.pk, year)) for d in active]
        out[m.pk] = sum(counts) if active and None not in counts else None
    return out


def regional_comparison(
    region: Region,
    municipalities: QuerySet[Municipality] | None = None,
    today: datetime.date | None = None,
) -> RegionalComparison:
    """The region's shared indicators (those the region owns) per year of the region's series,
    municipality by municipality, and the region's total when `municipalities` is None (the
    whole region). A figure counts only in the region's own periods of the indicator's kind,
    from submitted and approved reports: a shared indicator left over in a municipal report is
    never counted. A year is read as the årsrapport reads it: over the span its figures cover
    (named when part of the year), a yes/no per centre. Six queries."""
    today = today or timezone.localdate()
    every = list(Municipality.objects.filter(region=region).order_by("name"))
    if municipalities is None:
        shown = every
    else:
        wanted = set(municipalities.values_list("pk", flat=True))
        shown = [m for m in every if m.pk in wanted]
    result = RegionalComparison(region, shown, municipalities is None)
    indicators = list(
        Indicator.objects.filter(goal__region=region, is_active=True).select_related("goal")
    )
    if not indicators or not shown:
        return result
    periods = list(
        Period.objects.filter(
            region=region, kind__in={i.period_kind for i in indicators}, start__lte=today
        ).order_by("start")
    )
    found = published_figures(
        indicator_id__in={pk for i in indicators for pk in _parts(i)},
        report__period__in=[p.pk for p in periods],
    )
    by_report, made, period_of = found.figures, found.made, found.period_of
    years = sorted({p.start.year for p in periods}, reverse=True)
    districts = list(District.objects.filter(municipality__in=every))
    populations = {
        (p.district_id, p.year): p.children
        for p in DistrictPopulation.objects.filter(district__in=districts, year__in=years)
    }
    children = {year: _children(every, districts, populations, year) for year in years}
    counted = {m.pk for m in shown}
    for indicator in indicators:
        series = {
            p.pk
            for p in periods
            if p.kind == indicator.period_kind and indicator.is_valid_between(p.start, p.end)
        }
        rows = []
        for year in years:
            in_year = [
                r
                for r in by_report
                if period_of[r] in series and made[r][0].year == year and made[r][4] in counted
            ]
            this, where = _entries(indicator, by_report, made, in_year)
            if not this:
                continue
            by_municipality: dict[int, tuple[list, list[Made]]] = {}
            for f, w in zip(this, where, strict=True):
                figures, places = by_municipality.setdefault(w[4], ([], []))
                figures.append(f)
                places.append(w)
            cells = [
                Cell(
                    indicator,
                    _total(indicator, *by_municipality.get(m.pk, ([], []))),
                    children[year][m.pk],
                )
                for m in shown
            ]
            total = None
            if result.with_total:
                counts = [children[year][m.pk] for m in every]
                total = Cell(
                    indicator,
                    _total(indicator, this, where),
                    sum(counts) if None not in counts else None,
                )
            rows.append(YearRow(YearSpan.of(year, (w[:2] for w in where)), cells, total))
        if rows:
            result.tables.append(IndicatorTable(indicator, rows))
    return result


REGIONAL_HEADERS = [
    gettext_lazy("Indicator"),
    gettext_lazy("Year"),
    gettext_lazy("Municipality"),
    gettext_lazy("Figure"),
    gettext_lazy("Centres in the total"),
    gettext_lazy("Children 0–5"),
    gettext_lazy("Per child 0–5"),
    gettext_lazy("Per 1 000 children 0–5"),
]


def regional_table(result: RegionalComparison) -> Table:
    """The comparison as one long table: a row per indicator, year and municipality, and the
    region's total where it is shown."""
    columns = [*result.municipalities, *([result.region] if result.with_total else [])]
    return Table(
        "regionjamforelse",
        _("Regional comparison"),
        REGIONAL_HEADERS,
        (
            [
                str(table.indicator),
                row.label,
                str(place),
                cell.total.number,
                cell.total.centres,
                cell.children,
                cell.per_child,
                cell.per_thousand,
            ]
            for table in result.tables
            for row in table.years
            for place, cell in zip(
                columns, [*row.cells, *([row.total] if row.total else [])], strict=True
            )
        ),
    )


# --- Item 10: the manager's overview --------------------------------------------------------


class BehindState:
    MISSING = "missing"
    NOT_SUBMITTED = "not-submitted"
    LATE = "late"


@dataclass
class Behind:
    """A centre expected in an ended period that did not submit by the last day on time."""

    centre: FamilyCentre
    period: Period
    report_id: int | None
    first_submitted: datetime.datetime | None

    @property
    def state(self) -> str:
        if self.report_id is None:
            return BehindState.MISSING
        if self.first_submitted is None:
            return BehindState.NOT_SUBMITTED
        return BehindState.LATE

    @property
    def label(self) -> str:
        return {
            BehindState.MISSING: _("No report"),
            BehindState.NOT_SUBMITTED: _("Not submitted"),
            BehindState.LATE: _("Submitted late"),
        }[self.state]


@dataclass
class IndicatorProgress:
    """One indicator in the area, as the årsrapport of the area shows it: this year's span
    (`YearSpan`: the part of the year with figures) against the same span last year and the
    year's target (or why it is not compared), and, for an indicator whose target is set per
    period of its own kind (a quarter's), the latest ended period with figures against that
    period's target as the indicator dashboard holds it."""

    indicator: Indicator
    span: YearSpan
    total: Aggregate
    last_year: Aggregate | None  # the same span the year before
    target: TargetComparison | None  # the year's target beside a whole year, like with like
    target_note: str = ""  # why a year's target is not compared (part of a year, its level)
    period: Period | None = None  # the latest ended period with figures, with its target
    period_total: Aggregate | None = None
    period_target: TargetComparison | None = None

    @property
    def last_span(self) -> YearSpan:
        return self.span.year_before()

    @staticmethod
    def _meets(indicator: Indicator, total: Aggregate | None, target) -> bool | None:
        if target is None or total is None or total.number is None:
            return None
        if indicator.higher_is_better:
            return total.number >= target.value
        return total.number <= target.value

    @property
    def meets_target(self) -> bool | None:
        return self._meets(self.indicator, self.total, self.target)

    @property
    def period_meets_target(self) -> bool | None:
        return self._meets(self.indicator, self.period_total, self.period_target)

    @property
    def change(self) -> Decimal | None:
        """This year less last year's same span, for a count."""
        if (
            not self.indicator.is_additive
            or self.total.number is None
            or self.last_year is None
            or self.last_year.number is None
        ):
            return None
        return self.total.number - self.last_year.number


@dataclass
class Awaiting:
    """An indicator of the area with no published figure this year yet (a shared indicator
    reported once a year, say): last year's figure, and when this year's is due."""

    indicator: Indicator
    last_span: YearSpan
    last_year: Aggregate
    due: Period | None  # this year's latest period of its series


@dataclass
class ManagerOverview:
    year: int
    centres: list[FamilyCentre]  # open today
    districts: int
    expected: int  # reports expected in the ended periods of the last twelve months
    on_time: int
    behind: list[Behind]
    indicators: list[IndicatorProgress]
    awaiting: list[Awaiting] = field(default_factory=list)

    @property
    def on_time_percent(self) -> int | None:
        return round(100 * self.on_time / self.expected) if self.expected else None


def _whole_level(where: list[Made], whole: tuple[set[int], set[int]]) -> str:
    """The largest whole the area's figures make, as the scope of an årsrapport: the
    municipalities they come from when the area holds each of them whole, else their
    districts when it holds those whole, else only centres."""
    whole_districts, whole_municipalities = whole
    if {w[4] for w in where} <= whole_municipalities:
        return TargetLevel.MUNICIPALITY
    if {w[3] for w in where} <= whole_districts:
        return TargetLevel.DISTRICT
    return TargetLevel.CENTRE


def _latest_period(
    indicator: Indicator,
    series: list[Period],
    in_period: Callable[[Period], tuple[list, list[Made]]],
    whole: tuple[set[int], set[int]],
    today: datetime.date,
) -> tuple[Period, Aggregate, TargetComparison] | None:
    """The series' latest ended period with figures, its total and its own target as the
    indicator dashboard compares them (`IndicatorTarget.compare` with the centres in the
    period's total, their districts and municipalities; a district's or municipality's
    target only where the area holds them whole); None without such a target."""
    for period in reversed([p for p in series if p.has_ended(today)]):
        figures, where = in_period(period)
        counted = [w for f, w in zip(figures, where, strict=True) if _is_figure(indicator, f)]
        if not counted:
            continue
        target = indicator.target_for(period.start.year, period.kind)
        if target is None:
            return None
        if indicator.is_additive and LEVEL_ORDER.index(target.level) > LEVEL_ORDER.index(
            _whole_level(counted, whole)
        ):
            return None
        comparison = target.compare(
            centres=len({w[2] for w in counted}),
            districts=len({w[3] for w in counted}),
            municipalities=len({w[4] for w in counted}),
        )
        return (period, aggregate(indicator, figures), comparison) if comparison else None
    return None


def manager_overview(
    centres: QuerySet[FamilyCentre],
    whole_districts: Iterable[int] = (),
    whole_municipalities: Iterable[int] = (),
    today: datetime.date | None = None,
) -> ManagerOverview:
    """A manager's area (`centres`; the districts and municipalities it holds whole) in one
    minute: its centres, the reports of the ended periods of the last twelve months that came
    in on time and which centres are behind, and each indicator of the area's municipalities
    and their regions this year as the årsrapport of the area shows it (the span so far, the
    same span last year, the year's target or why not), with the latest ended quarter (or
    other period of its kind) against its own target as the indicator dashboard shows it.
    Six queries, whatever the size of the area."""
    today = today or timezone.localdate()
    year = today.year
    area = list(centres.select_related("district__municipality").order_by("name"))  # 1
    ids = [c.pk for c in area]
    municipalities = {c.district.municipality_id for c in area}
    regions = {c.district.municipality.region_id for c in area} - {None}
    owners = Q(municipality_id__in=municipalities) | Q(region_id__in=regions)
    periods = list(
        Period.objects.filter(owners, start__gte=datetime.date(year - 1, 1, 1), start__lte=today)
        .select_related("municipality", "region")
        .order_by("start")
    )  # 2
    # Reporting: the ended periods of the last twelve months whose last day on time is past.
    due = [
        p for p in periods if p.is_overdue(today) and p.end > today - datetime.timedelta(days=365)
    ]
    reports = {
        (centre_id, period_id): (pk, first or submitted)
        for pk, centre_id, period_id, first, submitted in Report.objects.filter(
            centre__in=ids, period__in=[p.pk for p in due]
        ).values_list("pk", "centre_id", "period_id", "first_submitted_at", "submitted_at")
    }  # 3
    expected = on_time = 0
    behind = []
    for p in due:
        for c in area:
            if not p.expects(c):
                continue
            expected += 1
            pk, first = reports.get((c.pk, p.pk), (None, None))
            if p.on_time(first):
                on_time += 1
            else:
                behind.append(Behind(c, p, pk, first))
    behind.sort(key=lambda b: (-b.period.end.toordinal(), b.centre.name))

    open_today = [c for c in area if c.is_open_between(today, today)]
    indicators = list(
        Indicator.objects.filter(
            Q(goal__municipality_id__in=municipalities) | Q(goal__region_id__in=regions),
            overlapping(
                datetime.date(year - 1, 1, 1), datetime.date(year, 12, 31), "valid_from", "valid_to"
            ),
            is_active=True,
        )
        .select_related("goal")
        .prefetch_related("targets")
    )  # 4, 5
    progress: list[IndicatorProgress] = []
    awaiting: list[Awaiting] = []
    if indicators and area:
        found = published_figures(
            indicator_id__in={pk for i in indicators for pk in _parts(i)},
            report__centre__in=ids,
            report__period__in=[p.pk for p in periods],
        )  # 6
        by_report, made, period_of = found.figures, found.made, found.period_of
        whole = (set(whole_districts), set(whole_municipalities))
        for indicator in indicators:
            if indicator.unit == Unit.PERCENT and not indicator.is_calculated:
                continue  # an entered percentage has no total for an area
            # Its own series, where it is valid: the årsrapport's `in_own_series_q`.
            series = [
                p
                for p in periods
                if in_series(indicator, p) and indicator.is_valid_between(p.start, p.end)
            ]
            mine = {p.pk for p in series}

            def entries(wanted, indicator=indicator, mine=mine):
                chosen = [r for r in by_report if period_of[r] in mine and wanted(r)]
                return _entries(indicator, by_report, made, chosen)

            this, where = entries(lambda r: made[r][0].year == year)
            if not any(_is_figure(indicator, f) for f in this):
                last, last_where = entries(lambda r: made[r][0].year == year - 1)
                if any(_is_figure(indicator, f) for f in last):
                    awaiting.append(
                        Awaiting(
                            indicator,
                            YearSpan.of(year - 1, (w[:2] for w in last_where)),
                            _total(indicator, last, last_where),
                            max(
                                (p for p in series if p.start.year == year),
                                key=lambda p: p.start,
                                default=None,
                            ),
                        )
                    )
                continue
            span = YearSpan.of(year, (w[:2] for w in where))
            before = span.year_before()
            last, last_where = entries(lambda r, before=before: before.holds(*made[r][:2]))
            target, note = target_of_year(
                indicator,
                _whole_level(where, whole),
                span,
                centres=len({w[2] for w in where}),
                districts=len({w[3] for w in where}),
                municipalities=len({w[4] for w in where}),
            )
            latest = None
            if indicator.period_kind != PeriodKind.YEAR:
                latest = _latest_period(
                    indicator,
                    series,
                    lambda p, entries=entries: entries(lambda r: period_of[r] == p.pk),
                    whole,
                    today,
                )
            progress.append(
                IndicatorProgress(
                    indicator,
                    span,
                    _total(indicator, this, where),
                    _total(indicator, last, last_where) if last else None,
                    target,
                    note,
                    *(latest or ()),
                )
            )
    return ManagerOverview(
        year=year,
        centres=open_today,
        districts=len({c.district_id for c in open_today}),
        expected=expected,
        on_time=on_time,
        behind=behind,
        indicators=progress,
        awaiting=awaiting,
    )
