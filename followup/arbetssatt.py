"""The yearly self-assessment of familjecentrerat arbetssätt.

A self-assessment is a report in a period of the kind `PeriodKind.SELF_ASSESSMENT`: it follows
the reports' workflow (draft, submitted, approved or returned) but holds a `Rating` per
characteristic instead of values and goal assessments. What is read across centres counts only
submitted and approved assessments, as the dashboards do for reports.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Avg, Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from centres.models import FamilyCentre
from followup import exports
from followup.models import (
    PUBLISHED_STATUSES,
    Characteristic,
    Period,
    PeriodKind,
    Rating,
    Report,
    field_key,
)

# The definition agreed by Temagrupp Barn och Unga on 2013-05-30 ("Definition av
# familjecentrerat arbetssätt"): number, short name, the definition's words. A migration adds
# them; the demo and the tests call `ensure_characteristics` on a database made without one.
CHARACTERISTICS = [
    (
        1,
        "Hälsofrämjande perspektiv",
        "Ett hälsofrämjande perspektiv där människors styrkor lyfts fram och tas tillvara.",
    ),
    (2, "Barnets bästa", "Barnets/den unges bästa sätts i främsta rummet."),
    (
        3,
        "Vårdnadshavarna som barnets viktigaste resurs",
        "Vårdnadshavarna ses som barnets/den unges viktigaste resurser.",
    ),
    (
        4,
        "Det sociala nätverket",
        "Det sociala nätverket runt barnet/den unge ses som viktig resurs för den unge.",
    ),
    (
        5,
        "Anpassat efter mognadsgrad",
        "Arbetssättet anpassas utifrån barnet/den unges mognadsgrad.",
    ),
    (
        6,
        "Gränsöverskridande samverkan",
        "Gränsöverskridande samverkan där verksamheterna sätter barn-, ungdoms- och "
        "familjeperspektivet främst.",
    ),
]


def ensure_characteristics(model: Any = Characteristic) -> None:
    """The six characteristics, added or brought back to the definition's words. `model` is
    the historical model in a migration."""
    for number, name, description in CHARACTERISTICS:
        model.objects.update_or_create(
            number=number, defaults={"name": name, "description": description}
        )


def characteristics_for(report: Report) -> list[Characteristic]:
    """What the report rates: the six characteristics in a self-assessment, nothing in a
    follow-up report."""
    return list(Characteristic.objects.all()) if report.is_self_assessment else []


def previous_ratings(report: Report) -> dict[int, Rating]:
    """The centre's published ratings in the owner's self-assessment the year before."""
    previous = report.period.previous()
    if previous is None:
        return {}
    return {
        r.characteristic_id: r
        for r in Rating.objects.filter(
            report__centre_id=report.centre_id,
            report__period=previous,
            report__status__in=PUBLISHED_STATUSES,
        )
    }


@dataclass
class RatingRow:
    """One characteristic on the self-assessment's page or in its form."""

    characteristic: Characteristic
    rating: Rating | None = None
    previous: Rating | None = None
    fields: list[Any] = field(default_factory=list)  # score, comment, improvement, in the form

    @property
    def change(self) -> int | None:
        return change(self.rating and self.rating.score, self.previous and self.previous.score)


def change(score: int | None, before: int | None) -> int | None:
    return None if score is None or before is None else score - before


def rating_rows(report: Report, form: Any = None) -> list[RatingRow]:
    saved = {r.characteristic_id: r for r in report.ratings.all()}
    previous = previous_ratings(report)
    return [
        RatingRow(
            characteristic=c,
            rating=saved.get(c.pk),
            previous=previous.get(c.pk),
            fields=[form[field_key(kind, c.pk)] for kind in ("score", "comment", "improvement")]
            if form
            else [],
        )
        for c in characteristics_for(report)
    ]


# --- Across centres: the koordinator's table, the goals dashboard and the årsrapport ----------


def _published(centres: Iterable[int], year: int) -> dict[int, Report]:
    """Each centre's published self-assessment of the year (the latest updated, should two
    owners both have asked for one)."""
    reports = (
        Report.objects.filter(
            centre_id__in=centres,
            period__kind=PeriodKind.SELF_ASSESSMENT,
            period__start__year=year,
            status__in=PUBLISHED_STATUSES,
        )
        .select_related("period")
        .prefetch_related("ratings")
        .order_by("updated_at")
    )
    return {r.centre_id: r for r in reports}


@dataclass
class Cell:
    score: int | None
    change: int | None


@dataclass
class TableRow:
    centre: FamilyCentre
    report: Report | None
    cells: list[Cell]


@dataclass
class Average:
    characteristic: Characteristic
    mean: Decimal | None
    before: Decimal | None
    count: int

    @property
    def change(self) -> Decimal | None:
        return None if self.mean is None or self.before is None else self.mean - self.before


@dataclass
class Table:
    year: int
    characteristics: list[Characteristic]
    rows: list[TableRow]
    averages: Means

    @property
    def assessed(self) -> int:
        return sum(1 for r in self.rows if r.report)


def latest_year(centres: QuerySet[FamilyCentre]) -> int | None:
    """The latest year, up to this one, that the owners of the centres asked for a
    self-assessment."""
    places = centres.order_by().values("district__municipality")
    start = (
        Period.objects.filter(kind=PeriodKind.SELF_ASSESSMENT, start__lte=timezone.localdate())
        .filter(Q(municipality__in=places) | Q(region__municipalities__in=places))
        .order_by("-start")
        .values_list("start", flat=True)
        .first()
    )
    return start.year if start else None


class Means(list):
    """The `Average` of each characteristic."""

    @property
    def assessed(self) -> bool:
        """Whether any centre assessed itself this year or the year before."""
        return any(a.count or a.before is not None for a in self)


def _mean(value: Any) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(Decimal("0.1"), ROUND_HALF_UP)


def averages(centres: QuerySet[FamilyCentre], year: int) -> Means:
    """The mean score per characteristic of the centres' published self-assessments of the
    year, and of the year before: the goals dashboard and the årsrapport show it."""

    def means(of_year: int) -> dict[int, tuple[Any, int]]:
        rows = (
            Rating.objects.filter(
                report__centre__in=centres.order_by().values("pk"),
                report__period__kind=PeriodKind.SELF_ASSESSMENT,
                report__period__start__year=of_year,
                report__status__in=PUBLISHED_STATUSES,
                score__isnull=False,
            )
            .order_by()
            .values("characteristic")
            .annotate(mean=Avg("score"), count=Count("pk"))
        )
        return {r["characteristic"]: (r["mean"], r["count"]) for r in rows}

    now, before = means(year), means(year - 1)
    return Means(
        Average(
            c,
            _mean(now.get(c.pk, (None, 0))[0]),
            _mean(before.get(c.pk, (None, 0))[0]),
            now.get(c.pk, (None, 0))[1],
        )
        for c in Characteristic.objects.all()
    )


def table(centres: QuerySet[FamilyCentre], year: int) -> Table:
    """Centres × characteristics for a year: each centre's published score and the change
    since its score the year before; and the mean per characteristic, this year and last.
    Only the centres open on some day of the year are expected: one closed before it is
    neither listed nor counted (issue 19, item 6)."""
    centres = centres.open_between(datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    rows_of = list(centres.select_related("district__municipality").order_by("name"))
    ids = [c.pk for c in rows_of]
    now, before = _published(ids, year), _published(ids, year - 1)

    def scores(report: Report | None) -> dict[int, int | None]:
        return {r.characteristic_id: r.score for r in report.ratings.all()} if report else {}

    characteristics = list(Characteristic.objects.all())
    rows = []
    for centre in rows_of:
        current, previous = scores(now.get(centre.pk)), scores(before.get(centre.pk))
        cells = [
            Cell(current.get(c.pk), change(current.get(c.pk), previous.get(c.pk)))
            for c in characteristics
        ]
        rows.append(TableRow(centre, now.get(centre.pk), cells))
    return Table(year, characteristics, rows, averages(centres, year))


def self_assessment_table(result: Table) -> exports.Table:
    """The dashboard's centres × characteristics of `result.year`, with the changes."""
    return exports.Table(
        f"arbetssatt-{result.year}",
        str(_("Arbetssätt %(year)s") % {"year": result.year}),
        [
            _("Family centre"),
            _("District"),
            _("Status"),
            *(f"{c.number}. {c.name}" for c in result.characteristics),
            *(_("Change %(number)s") % {"number": c.number} for c in result.characteristics),
        ],
        (
            [
                row.centre.name,
                row.centre.district.name,
                str(row.report.get_status_display()) if row.report else "",
                *(cell.score for cell in row.cells),
                *(cell.change for cell in row.cells),
            ]
            for row in result.rows
        ),
    )
