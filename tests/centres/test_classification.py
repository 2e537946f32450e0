"""Rule 1 of DESIGN.md: familjecentral, familjecentralsliknande verksamhet or neither."""

from __future__ import annotations

import datetime
import itertools

import pytest
from django.utils import timezone

from centres.models import (
    CentreService,
    Classification,
    District,
    FamilyCentre,
    ServiceType,
    classify,
)
from tests.factories import make_centre, make_core_service_types, make_district, make_service_type

FC = Classification.FAMILJECENTRAL
LIKNANDE = Classification.LIKNANDE
NEITHER = Classification.NEITHER
CORE = ("mvc", "bvc", "oppen-forskola", "socialtjanst")

# Every combination of the four basverksamheter co-located, written out by hand from the rule.
EXPECTED = {
    frozenset(): NEITHER,
    frozenset({"mvc"}): NEITHER,
    frozenset({"bvc"}): NEITHER,
    frozenset({"oppen-forskola"}): NEITHER,
    frozenset({"socialtjanst"}): NEITHER,
    frozenset({"mvc", "bvc"}): NEITHER,
    frozenset({"mvc", "oppen-forskola"}): NEITHER,
    frozenset({"mvc", "socialtjanst"}): NEITHER,
    frozenset({"bvc", "oppen-forskola"}): LIKNANDE,
    frozenset({"bvc", "socialtjanst"}): LIKNANDE,
    frozenset({"oppen-forskola", "socialtjanst"}): NEITHER,
    frozenset({"mvc", "bvc", "oppen-forskola"}): LIKNANDE,
    frozenset({"mvc", "bvc", "socialtjanst"}): LIKNANDE,
    frozenset({"mvc", "oppen-forskola", "socialtjanst"}): NEITHER,
    frozenset({"bvc", "oppen-forskola", "socialtjanst"}): LIKNANDE,
    frozenset(CORE): FC,
}
COMBINATIONS = sorted(EXPECTED, key=lambda c: (len(c), sorted(c)))

# How a core service that does not count is present: not at all, elsewhere, ended, not started.
ABSENT = ["absent", "not-co-located", "ended", "not-started"]


def _today() -> datetime.date:
    return timezone.localdate()


def _centre_with(present: frozenset, absent: str, district: District) -> FamilyCentre:
    """A centre whose co-located, active core services are exactly `present`."""
    types = make_core_service_types()
    today = _today()
    centre = make_centre(district=district, services=[])
    for code in CORE:
        if code in present:
            CentreService.objects.create(centre=centre, service_type=types[code])
        elif absent == "not-co-located":
            CentreService.objects.create(centre=centre, service_type=types[code], co_located=False)
        elif absent == "ended":
            CentreService.objects.create(
                centre=centre,
                service_type=types[code],
                started_on=today - datetime.timedelta(days=400),
                ended_on=today - datetime.timedelta(days=1),
            )
        elif absent == "not-started":
            CentreService.objects.create(
                centre=centre, service_type=types[code], started_on=today + datetime.timedelta(1)
            )
    return centre


def _label(combo: frozenset) -> str:
    return "+".join(sorted(combo)) or "none"


@pytest.mark.parametrize("absent", ABSENT)
@pytest.mark.parametrize("combo", COMBINATIONS, ids=[_label(c) for c in COMBINATIONS])
def test_it_classifies_every_combination_of_core_services(db, combo, absent):
    centre = _centre_with(combo, absent, make_district())

    result = FamilyCentre.objects.get(pk=centre.pk).classify()

    assert result.classification == EXPECTED[combo]
    assert {t.code for t in result.missing} == set(CORE) - combo


def test_it_agrees_in_sql_and_python_for_every_combination(db):
    district = make_district()
    expected = {}
    for combo, absent in itertools.product(COMBINATIONS, ABSENT):
        centre = _centre_with(combo, absent, district)
        expected[centre.pk] = EXPECTED[combo]
    core_types = list(ServiceType.objects.filter(is_core=True))

    centres = FamilyCentre.objects.with_classification().prefetch_related("services")

    assert len(centres) == len(COMBINATIONS) * len(ABSENT) == 64
    for centre in centres:
        in_python = centre.classify(core_types=core_types).classification
        assert centre.classification == in_python == expected[centre.pk], centre.pk


def test_it_counts_a_service_on_its_first_and_last_day(db):
    today = _today()
    types = make_core_service_types()
    centre = make_centre(services=[])
    for code in CORE:
        CentreService.objects.create(
            centre=centre,
            service_type=types[code],
            started_on=today if code == "mvc" else None,
            ended_on=today if code == "bvc" else None,
        )

    assert centre.classify().classification == FC
    assert FamilyCentre.objects.with_classification().get(pk=centre.pk).classification == FC


def test_it_classifies_as_of_a_given_date(db):
    centre = _centre_with(frozenset({"bvc", "oppen-forskola"}), "ended", make_district())
    last_year = _today() - datetime.timedelta(days=30)

    assert centre.classify(on=last_year).classification == FC
    annotated = FamilyCentre.objects.with_classification(last_year).get(pk=centre.pk)
    assert annotated.classification == FC
    assert centre.classify().classification == LIKNANDE


def test_it_ignores_extra_services_that_are_not_core(db):
    centre = make_centre(services=["bvc"])
    CentreService.objects.create(
        centre=centre, service_type=make_service_type("Familjerådgivning", principal="kommun")
    )

    assert centre.classify().classification == NEITHER
    assert FamilyCentre.objects.with_classification().get(pk=centre.pk).classification == NEITHER


def test_it_names_the_missing_core_services_in_order(db):
    centre = make_centre(services=["bvc", "socialtjanst"])

    result = centre.classify()

    assert result.label == "Familjecentralsliknande verksamhet"
    assert result.missing_names == "Mödrahälsovård, Öppen förskola"


def test_it_is_neither_when_no_core_service_types_exist(db):
    assert classify(set(), []).classification == NEITHER


def test_it_counts_familjecentraler_per_district(db):
    full, similar, empty = make_district("Full"), make_district("Liknande"), make_district("Tom")
    make_centre("FC 1", full)
    make_centre("FC 2", full)
    make_centre("Stängd", full, closed_on=_today() - datetime.timedelta(days=1))
    make_centre("Liknande", similar, services=["bvc", "oppen-forskola"])
    make_centre("Framtida", empty, opened_on=_today() + datetime.timedelta(days=10))

    counts = dict(
        District.objects.filter(pk__in=[full.pk, similar.pk, empty.pk])
        .with_familjecentral_count()
        .values_list("name", "familjecentral_count")
    )

    assert counts == {"Full": 2, "Liknande": 0, "Tom": 0}


def test_it_annotates_district_coverage(db):
    district = make_district("Angered")
    make_centre("FC", district)
    make_centre("Liknande", district, services=["bvc", "socialtjanst"])
    make_centre("Inget", district, services=["mvc"])

    d = District.objects.with_coverage().get(pk=district.pk)

    assert (d.centre_count, d.familjecentral_count, d.liknande_count) == (3, 1, 1)
