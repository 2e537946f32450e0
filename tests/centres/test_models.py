from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from centres.models import CentreService, District, FamilyCentre, Municipality, Staffing
from tests.factories import make_centre, make_district, make_staffing


def test_it_builds_the_address_from_its_parts(db):
    centre = make_centre(street_address="Rymdtorget 6", postal_code="415 13", city="Göteborg")

    assert centre.address == "Rymdtorget 6, 415 13 Göteborg"
    assert make_centre(city="Angered").address == "Angered"


def test_it_knows_when_a_centre_is_open(db):
    centre = make_centre(opened_on=datetime.date(2015, 1, 1), closed_on=datetime.date(2020, 6, 30))

    assert not centre.is_open_on(datetime.date(2014, 12, 31))
    assert centre.is_open_on(datetime.date(2015, 1, 1))
    assert centre.is_open_on(datetime.date(2020, 6, 30))
    assert not centre.is_open_on(datetime.date(2020, 7, 1))
    assert list(FamilyCentre.objects.open_on(datetime.date(2020, 7, 1))) == []


def test_it_rejects_a_closing_date_before_the_opening_date(db):
    centre = make_centre(opened_on=datetime.date(2015, 1, 1))
    centre.closed_on = datetime.date(2014, 1, 1)

    with pytest.raises(ValidationError) as error:
        centre.full_clean()
    assert "Stängningsdatum kan inte vara före öppningsdatum." in str(error.value)
    with pytest.raises(IntegrityError):
        centre.save()


def test_it_rejects_a_district_that_succeeds_itself(db):
    district = make_district("Angered")
    district.successor = district

    with pytest.raises(ValidationError) as error:
        district.full_clean()
    assert "En stadsdel kan inte efterträda sig själv." in str(error.value)


def test_it_knows_active_districts(db):
    old = make_district("Gammal", valid_to=datetime.date(2020, 12, 31))
    new = make_district("Ny", valid_from=datetime.date(2021, 1, 1))
    on = datetime.date(2020, 6, 1)

    assert list(District.objects.active_on(on)) == [old]
    assert new.is_active_on(datetime.date(2021, 1, 1))


def test_it_validates_codes(db):
    municipality = Municipality(name="Fel", code="148", region=make_district().municipality.region)

    with pytest.raises(ValidationError) as error:
        municipality.full_clean()
    assert "Kommunkoden består av fyra siffror." in str(error.value)


def test_it_validates_the_postal_code(db):
    centre = make_centre()
    centre.postal_code = "4153"

    with pytest.raises(ValidationError) as error:
        centre.full_clean()
    assert "Ange ett postnummer som 415 05." in str(error.value)


def test_it_sums_staffing_per_service(db):
    service = make_centre().services.get(service_type__code="bvc")
    make_staffing(service, "BVC-sjuksköterska", "2.5")
    make_staffing(service, "Barnläkare", "0.2")

    assert service.total_fte == Decimal("2.7")
    assert str(service.staffing.get(profession__name="Barnläkare")) == "Barnläkare: 0.20"


def test_it_allows_one_staffing_row_per_profession(db):
    service = make_centre().services.first()
    make_staffing(service, "Barnmorska", "1")

    with pytest.raises(IntegrityError):
        make_staffing(service, "Barnmorska", "2")


def test_it_rejects_negative_fte(db):
    service = make_centre().services.first()
    staffing = make_staffing(service, "Barnmorska", "1")
    staffing.fte = Decimal("-1")

    with pytest.raises(ValidationError):
        staffing.full_clean()
    assert Staffing.objects.count() == 1


def test_it_rejects_a_service_that_ends_before_it_starts(db):
    service = CentreService(
        centre=make_centre(services=[]),
        service_type=make_centre().services.first().service_type,
        started_on=datetime.date(2020, 1, 1),
        ended_on=datetime.date(2019, 1, 1),
    )

    with pytest.raises(ValidationError) as error:
        service.full_clean()
    assert "Slutdatum kan inte vara före startdatum." in str(error.value)


def test_it_keeps_edit_history(db):
    centre = make_centre("Hjällbo")
    centre.name = "Hjällbo familjecentral"
    centre.save()

    assert [h.name for h in centre.history.all()] == ["Hjällbo familjecentral", "Hjällbo"]


def test_it_links_every_register_page(db):
    centre = make_centre()

    assert centre.get_absolute_url() == f"/register/centraler/{centre.pk}/"
    assert centre.district.get_absolute_url() == f"/register/stadsdelar/{centre.district.pk}/"
    municipality = centre.district.municipality
    assert municipality.get_absolute_url() == f"/register/kommuner/{municipality.pk}/"


def test_it_annotates_municipality_coverage(db):
    district = make_district("Angered")
    make_district("Tom", district.municipality)
    make_centre("FC", district)
    make_centre("Liknande", district, services=["bvc", "oppen-forskola"])

    m = Municipality.objects.with_coverage().get(pk=district.municipality.pk)

    assert (m.district_count, m.unmet_district_count) == (2, 1)
    assert (m.centre_count, m.familjecentral_count, m.liknande_count) == (2, 1, 1)
