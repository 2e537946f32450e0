"""One indicator over time and across centres, and several side by side (small multiples)."""

from __future__ import annotations

import datetime
import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from centres.models import District, FamilyCentre, Municipality, Region, year_before
from familjecentral.spans import is_in_force
from followup.dashboards.charts import Chart, trend_chart
from followup.dashboards.figures import (
    Aggregate,
    Figure,
    aggregate,
    in_series,
    report_figure,
    series_q,
    total_cell,
)
from followup.exports import Table
from followup.models import (
    PUBLISHED_STATUSES,
    Indicator,
    IndicatorTarget,
    Period,
    TargetComparison,
    TargetLevel,
    Value,
    ValueStatus,
    centre_target,
)


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
        if not is_in_force(opened_on, closed_on, start, end):
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


def _total_cells(total: Aggregate | None, indicator: Indicator) -> list:
    if total is None:
        return [None, 0, 0, 0]
    cell = total_cell(total, indicator)
    return [cell, total.centres, total.not_available, total.not_applicable]


def indicator_table(table: str, view: IndicatorView, cards: list[IndicatorCard]) -> Table:
    """The centres' figures as a file, or (`table`) the trend, the compared indicators or the
    totals of each district, the area, the municipality and the region."""
    ind = view.indicator
    counts = [_("Total"), _("Centres in the total"), _("Uppgift saknas"), _("Ej aktuellt")]
    if table == "trend":
        return Table(
            f"indikator-{ind.code}-over-tid",
            ind.code,
            [_("Period"), *counts, _("Target"), _("Target compared"), _("Last year")],
            (
                [
                    str(p.period),
                    *_total_cells(p.total, ind),
                    p.target,
                    p.comparison.legend if p.comparison else "",
                    total_cell(p.last_year, ind),
                ]
                for p in view.trend
            ),
        )
    if table == "compare" and cards:
        return Table(
            "indikatorer-jamforda",
            str(_("Indicators")),
            [
                _("Indicator code"),
                _("Indicator"),
                _("Period"),
                *counts,
                _("Target"),
                _("Target compared"),
            ],
            (
                [
                    c.view.indicator.code,
                    c.view.indicator.name,
                    str(c.view.period),
                    *_total_cells(c.view.area, c.view.indicator),
                    c.view.comparison.value if c.view.comparison else None,
                    c.view.comparison.legend if c.view.comparison else "",
                ]
                for c in cards
                if c.view.period
            ),
        )
    if table == "totals":
        rows = [(d.name, t) for d, t in view.districts]
        rows.append((str(_("Your area")), view.area))
        for scope in (view.municipality, view.region):
            if scope:
                rows.append((str(scope[0]), scope[1]))
        return Table(
            f"indikator-{ind.code}-summor",
            ind.code,
            [_("Scope"), *counts],
            ([name, *_total_cells(total, ind)] for name, total in rows),
        )
    return Table(
        f"indikator-{ind.code}",
        ind.code,
        [_("Family centre"), _("District"), _("Value"), _("Status"), _("Target")],
        (
            [
                c.centre.name,
                c.centre.district.name,
                c.number,
                str(ValueStatus(c.status).label),
                c.target,
            ]
            for c in view.centres
        ),
    )
