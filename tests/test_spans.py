from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.db.models import F

from centres.models import District, FamilyCentre
from familjecentral.spans import (
    clean_span,
    in_force_on,
    is_in_force,
    overlapping,
    span_constraint,
    span_errors,
)
from tests.factories import make_centre, make_district

D = datetime.date


def test_it_counts_the_first_and_the_last_day_as_in_force():
    assert is_in_force(D(2020, 1, 1), D(2020, 12, 31), D(2020, 1, 1))
    assert is_in_force(D(2020, 1, 1), D(2020, 12, 31), D(2020, 12, 31))
    assert not is_in_force(D(2020, 1, 1), D(2020, 12, 31), D(2019, 12, 31))
    assert not is_in_force(D(2020, 1, 1), D(2020, 12, 31), D(2021, 1, 1))


def test_it_treats_an_empty_start_or_end_as_open():
    assert is_in_force(None, None, D(1900, 1, 1))
    assert is_in_force(None, D(2020, 12, 31), D(1900, 1, 1))
    assert is_in_force(D(2020, 1, 1), None, D(2999, 1, 1))


def test_it_finds_a_span_that_overlaps_a_period_on_one_day():
    assert is_in_force(D(2020, 1, 1), D(2020, 3, 31), D(2020, 3, 31), D(2020, 6, 30))
    assert is_in_force(D(2020, 6, 30), None, D(2020, 1, 1), D(2020, 6, 30))
    assert not is_in_force(D(2020, 7, 1), None, D(2020, 1, 1), D(2020, 6, 30))


def test_it_asks_the_database_the_same_rule(db):
    ended = make_district("Gammal", valid_to=D(2020, 12, 31))
    begun = make_district("Ny", valid_from=D(2021, 1, 1))
    always = make_district("Alltid")

    def found(q) -> set[District]:
        return set(District.objects.filter(q))

    assert found(in_force_on(D(2020, 12, 31), "valid_from", "valid_to")) == {ended, always}
    assert found(in_force_on(D(2021, 1, 1), "valid_from", "valid_to")) == {begun, always}
    assert found(overlapping(D(2020, 6, 1), D(2021, 6, 1), "valid_from", "valid_to")) == {
        ended,
        begun,
        always,
    }


def test_it_follows_a_prefix_and_compares_with_expressions(db):
    old = make_district("Gammal", valid_to=D(2020, 12, 31))
    centre = make_centre("Gamla centralen", old, opened_on=D(2019, 1, 1))
    make_centre("Nya centralen", make_district("Ny"), opened_on=D(2021, 1, 1))
    q = in_force_on(F("opened_on"), "valid_from", "valid_to", prefix="district__")

    assert list(FamilyCentre.objects.filter(q).filter(district=old)) == [centre]
    assert FamilyCentre.objects.filter(q).count() == 2


def test_it_builds_the_constraint_with_the_open_ends_asked_for():
    both = span_constraint("x", "valid_from", "valid_to").condition
    fixed_start = span_constraint("x", "valid_from", "valid_to", open_start=False).condition
    closed = span_constraint("x", open_start=False, open_end=False).condition

    assert both.connector == "OR" and both.children == [
        ("valid_to__isnull", True),
        ("valid_from__isnull", True),
        ("valid_to__gte", F("valid_from")),
    ]
    assert fixed_start.children == [("valid_to__isnull", True), ("valid_to__gte", F("valid_from"))]
    assert closed.children == [("end__gte", F("start"))]


def test_it_puts_the_error_on_the_end_field():
    span = SimpleNamespace(start=D(2020, 2, 1), end=D(2020, 1, 31))

    assert span_errors(span) == {"end": "Slutdatum kan inte vara före startdatum."}
    assert span_errors(span, message="Fel.") == {"end": "Fel."}
    assert span_errors(SimpleNamespace(start=D(2020, 2, 1), end=None)) == {}
    with pytest.raises(ValidationError) as error:
        clean_span(span)
    assert error.value.message_dict == {"end": ["Slutdatum kan inte vara före startdatum."]}
