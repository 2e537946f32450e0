"""Öppna mötesplatser: an öppen förskola outside a familjecentral or another öppen mötesplats is
a register entry of its own, shown on its district's page and counted in the district's offer,
and never expected to report."""

from __future__ import annotations

import datetime

from django.urls import reverse

from centres.models import MeetingPlace
from tests.conftest import login
from tests.followup.factories import make_period

NEW = reverse("centres:meeting-place-create")


def _data(district, **changes) -> dict:
    return {
        "name": "Öppna förskolan i Lärjeåns gård",
        "kind": "oppen-forskola",
        "district": str(district.pk),
        "provider": "Svenska kyrkan",
        "opening_hours": "Tis och tors 9–12",
        "opened_on": "2024-01-15",
        **changes,
    }


def test_a_processledare_adds_a_place_to_the_districts_offer(client, world):
    login(client, world.bob)
    response = client.post(NEW, _data(world.angered))
    place = MeetingPlace.objects.get()
    assert response.status_code == 302 and response["Location"] == place.get_absolute_url()
    district = client.get(world.angered.get_absolute_url()).content.decode()
    assert 'data-testid="meeting-place-count">1<' in district
    assert "Öppna förskolan i Lärjeåns gård" in district and "Svenska kyrkan" in district
    # Not a centre: it is never expected to report, nor offered a report.
    period = make_period()
    assert {c.name for c in period.expected_centres()} == {
        "Hjällbo familjecentral",
        "Kungssten",
        "Mölnlycke familjecentral",
    }
    home = client.get(reverse("home")).content.decode()
    assert "Lärjeåns gård" not in home


def test_a_district_the_user_does_not_manage_is_refused_and_the_input_kept(client, world):
    login(client, world.grace)
    response = client.post(NEW, _data(world.angered))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Välj en stadsdel som du leder i listan." in page
    assert 'value="Svenska kyrkan"' in page
    assert not MeetingPlace.objects.exists()


def test_bad_dates_and_postal_codes_get_swedish_messages(client, world):
    login(client, world.charlie)
    response = client.post(NEW, _data(world.centrum, postal_code="12", closed_on="2023-12-31"))
    page = response.content.decode()
    assert "Ange ett postnummer som 415 05." in page
    assert "Slutdatum kan inte vara före startdatum." in page


def test_the_list_shows_the_users_area_first_and_open_places(client, world):
    MeetingPlace.objects.create(district=world.angered, name="Lärjeåns gård", kind="motesplats")
    MeetingPlace.objects.create(district=world.molnlycke, name="Mölnlycke kyrka", kind="motesplats")
    MeetingPlace.objects.create(
        district=world.angered,
        name="Nedlagd",
        kind="oppen-forskola",
        closed_on=datetime.date(2020, 6, 30),
    )
    login(client, world.bob)
    url = reverse("centres:meeting-place-list")

    def names(query=""):
        return [p.name for p in client.get(url + query).context["page"].object_list]

    assert names() == ["Lärjeåns gård"]
    assert names("?scope=alla") == ["Lärjeåns gård", "Mölnlycke kyrka"]
    assert names("?scope=alla&include_closed=on") == ["Lärjeåns gård", "Mölnlycke kyrka", "Nedlagd"]
    assert names("?scope=alla&kind=oppen-forskola") == []


def test_the_list_reads_in_a_number_of_queries_that_does_not_grow(
    client, world, django_assert_max_num_queries
):
    url = reverse("centres:meeting-place-list") + "?scope=alla"
    MeetingPlace.objects.create(district=world.angered, name="Plats 0", kind="motesplats")
    login(client, world.bob)
    with django_assert_max_num_queries(16) as few:
        assert client.get(url).status_code == 200
    for i in range(1, 12):
        district = world.centrum if i % 2 else world.molnlycke
        MeetingPlace.objects.create(district=district, name=f"Plats {i}", kind="oppen-forskola")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 12
