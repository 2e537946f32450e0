"""Date spans: what is in force from a start day to an end day, both days included.

Districts, centres, services, assignments, agreements, documents, goals and indicators each
have one; an empty start means "from the beginning", an empty end "until further notice". The
query, the check on a loaded object, the database constraint and the form error below are one
rule, so a list, a page and the database agree on what was in force when.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.expressions import Combinable
from django.utils.translation import gettext_lazy as _

# In queries `day`, `first` and `last` are dates, or expressions such as F("period__start").
Day = datetime.date | Combinable

END_BEFORE_START = _("The end date cannot be before the start date.")


def begun_by(day: Day, start: str = "start", prefix: str = "") -> Q:
    """Begun on or before `day` (an empty start has always begun)."""
    return Q(**{f"{prefix}{start}__isnull": True}) | Q(**{f"{prefix}{start}__lte": day})


def not_ended_by(day: Day, end: str = "end", prefix: str = "") -> Q:
    """Not ended before `day` (an empty end has not ended)."""
    return Q(**{f"{prefix}{end}__isnull": True}) | Q(**{f"{prefix}{end}__gte": day})


def overlapping(
    first: Day, last: Day, start: str = "start", end: str = "end", prefix: str = ""
) -> Q:
    """In force on at least one day of first–last; `prefix` leads to the fields, e.g.
    "centre__"."""
    return begun_by(last, start, prefix) & not_ended_by(first, end, prefix)


def in_force_on(day: Day, start: str = "start", end: str = "end", prefix: str = "") -> Q:
    """In force on `day`."""
    return overlapping(day, day, start, end, prefix)


def is_in_force(
    start: datetime.date | None,
    end: datetime.date | None,
    first: datetime.date,
    last: datetime.date | None = None,
) -> bool:
    """`overlapping()` for values already loaded: a span start–end is in force on `first`, or
    on at least one day of first–last."""
    last = first if last is None else last
    return (start is None or start <= last) and (end is None or end >= first)


def span_constraint(
    name: str,
    start: str = "start",
    end: str = "end",
    *,
    open_start: bool = True,
    open_end: bool = True,
) -> models.CheckConstraint:
    """The end is not before the start. `open_start`/`open_end`: the field may be empty."""
    condition = Q(**{f"{end}__gte": models.F(start)})
    if open_start:
        condition = Q(**{f"{start}__isnull": True}) | condition
    if open_end:
        condition = Q(**{f"{end}__isnull": True}) | condition
    return models.CheckConstraint(condition=condition, name=name)


def span_errors(
    obj: object, start: str = "start", end: str = "end", message: str = END_BEFORE_START
) -> dict[str, str]:
    """`span_constraint()` said in Swedish before the database is asked: the error on `end`,
    for a `clean()` that gathers its errors."""
    first, last = getattr(obj, start), getattr(obj, end)
    if first and last and last < first:
        return {end: message}
    return {}


def clean_span(
    obj: object, start: str = "start", end: str = "end", message: str = END_BEFORE_START
) -> None:
    """`span_errors()` raised, for a `clean()` that stops at the first error."""
    if errors := span_errors(obj, start, end, message):
        raise ValidationError(errors)
