"""Reach: children reached against the children 0–5 of each district, per year."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from centres.models import District, DistrictPopulation
from followup.dashboards.figures import YearSpan, in_own_series_q
from followup.exports import Table
from followup.models import PUBLISHED_STATUSES, Value, ValueStatus


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


def reach_table(rows: list[ReachRow]) -> Table:
    return Table(
        "rackvidd",
        str(_("Reach")),
        [
            _("District"),
            _("Municipality"),
            _("Year"),
            _("Children 0–5"),
            _("Children reached"),
            _("Centres in the total"),
            _("Reach (%)"),
            _("Indicator"),
            _("Span"),
            _("Same span last year"),
            _("Last year's span"),
        ],
        (
            [
                r.district.name,
                r.district.municipality.name,
                r.year,
                r.children,
                r.reached,
                r.centres,
                r.percent,
                r.indicator,
                r.span_label or (str(_("whole year")) if r.span else ""),
                r.last_year,
                r.last_span_label,
            ]
            for r in rows
        ),
    )
