"""What the dashboards share: which published figures count (each indicator in its own period
series) and how they add up (`Aggregate`, by the indicator's own rule), the part of a year a
figure covers (`YearSpan`) and a yearly target held against a year's total."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import F, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from centres.models import year_before
from familjecentral.spans import overlapping
from followup.models import (
    PUBLISHED_STATUSES,
    Indicator,
    Period,
    PeriodKind,
    TargetComparison,
    TargetLevel,
    Unit,
    Value,
    ValueStatus,
    format_number,
)

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


def total_cell(total: Aggregate | None, indicator: Indicator):
    """A total as a cell of an export table (None for none): a yes/no total reads "1 av 2",
    never a bare 1 that reads as "Ja"."""
    if total is None:
        return None
    return (total.text or None) if indicator.is_yes_no else total.number


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
        & overlapping(
            F("report__period__start"),
            F("report__period__end"),
            "valid_from",
            "valid_to",
            "indicator__",
        )
    )


def whole_year(year: int) -> tuple[datetime.date, datetime.date]:
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
        first, last = whole_year(self.year)
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


# The levels a target is set at, from the smallest; a count's target is compared with a total
# of the same level or above (a municipality's target says nothing about one district).
LEVEL_ORDER = [TargetLevel.CENTRE, TargetLevel.DISTRICT, TargetLevel.MUNICIPALITY]


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
