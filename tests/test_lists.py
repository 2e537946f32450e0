"""The one sorting and pagination rule every list page uses (familjecentral/lists.py)."""

from __future__ import annotations

import datetime

from django.test import RequestFactory

from centres.models import FamilyCentre
from familjecentral.lists import PAGE_SIZE, paginate, sorting
from tests.factories import make_centre

COLUMNS = {
    "name": ("Namn", ["name"]),
    "opened": ("Öppnad", ["opened_on", "name"]),
    "newest": ("Nyast", ["-opened_on", "name"]),
}


def _get(**params):
    return RequestFactory().get("/", params)


def _names(request) -> list[str]:
    order, _headers = sorting(request, COLUMNS, default="name")
    return list(FamilyCentre.objects.order_by(*order).values_list("name", flat=True))


def test_it_turns_only_the_chosen_column_and_puts_empty_values_last(db):
    make_centre("B", opened_on=datetime.date(2020, 1, 1))
    make_centre("A", opened_on=datetime.date(2020, 1, 1))
    make_centre("C", opened_on=datetime.date(2019, 1, 1))
    make_centre("D")  # never opened: last whichever way
    assert _names(_get(sort="opened")) == ["C", "A", "B", "D"]
    assert _names(_get(sort="-opened")) == ["A", "B", "C", "D"]  # names still A before B
    assert _names(_get(sort="newest")) == ["A", "B", "C", "D"]
    assert _names(_get(sort="-newest")) == ["C", "A", "B", "D"]


def test_it_falls_back_to_the_default_and_marks_the_sorted_header(db):
    order, headers = sorting(_get(sort="drop table"), COLUMNS, default="-opened")
    assert headers["opened"].aria_sort == "descending" and headers["opened"].next == "opened"
    assert headers["name"].aria_sort == "none" and headers["name"].next == "name"
    assert order[-1] == "pk"


def test_it_pages_25_rows_and_never_fails_on_a_bad_page_number(db):
    for n in range(PAGE_SIZE + 3):
        make_centre(f"Central {n:02}")
    centres = FamilyCentre.objects.order_by("name")
    assert len(paginate(_get(page="2"), centres).object_list) == 3
    assert paginate(_get(page="abc"), centres).number == 1
    assert paginate(_get(page="99"), centres).number == 2
