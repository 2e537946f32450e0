"""Sorting and pagination of the portal's list pages: one rule for every table.

A list view names its columns as `{key: (label, [field, tie-breaker, …])}` and a default key
("-period" for descending), and reads `?sort=` and `?page=` through `sorting()` and
`paginate()`; its template includes `_sort_header.html` for each column and `_pagination.html`
under the table. An unknown sort key or page number falls back to the default, never an error.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import F, OrderBy, QuerySet
from django.http import HttpRequest

PAGE_SIZE = 25


@dataclass(frozen=True)
class SortColumn:
    key: str
    label: str
    next: str  # the ?sort= value the column header links to
    aria_sort: str  # "ascending", "descending" or "none"


def _ordered(field: str, descending: bool) -> OrderBy:
    """`field` ("-field" for descending) turned when `descending`; empty values always last,
    on every database."""
    if field.startswith("-"):
        field, descending = field[1:], not descending
    column = F(field)
    return column.desc(nulls_last=True) if descending else column.asc(nulls_last=True)


def sorting(
    request: HttpRequest, columns: dict[str, tuple[Any, list[str]]], default: str
) -> tuple[list, dict[str, SortColumn]]:
    """The order_by() arguments and the column headers for ?sort=<key> or ?sort=-<key>.

    Only the chosen column turns; its tie-breakers keep their own order, and the primary key
    ends every order so that pages never overlap."""
    sort = request.GET.get("sort", default)
    key = sort.removeprefix("-")
    if key not in columns:
        sort, key = default, default.removeprefix("-")
    descending = sort.startswith("-")
    primary, *tie_breakers = columns[key][1]
    headers = {
        k: SortColumn(
            key=k,
            label=str(label),
            next=f"-{k}" if k == key and not descending else k,
            aria_sort=("descending" if descending else "ascending") if k == key else "none",
        )
        for k, (label, _fields) in columns.items()
    }
    return [_ordered(primary, descending), *tie_breakers, "pk"], headers


def paginate(request: HttpRequest, queryset: QuerySet) -> Page:
    """The page ?page= asks for (the last one when past the end, the first when not a
    number)."""
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
