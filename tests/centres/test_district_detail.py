from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from tests.conftest import login
from tests.factories import make_centre, make_district


def _url(district) -> str:
    return reverse("centres:district-detail", args=[district.pk])


def test_it_sends_anonymous_visitors_to_the_login_page(client, world):
    response = client.get(_url(world.angered))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_answers_404_for_an_unknown_district(client, world):
    login(client, world.alice)

    assert client.get(reverse("centres:district-detail", args=[99999])).status_code == 404


def test_it_shows_a_district_that_meets_the_rule(client, world):
    login(client, world.frank)

    response = client.get(_url(world.angered))
    body = response.content.decode()

    assert response.context["meets_rule"] is True
    assert "Uppfyllt:" in body
    assert "stadsdelen har 1 familjecentral." in body
    assert "Hjällbo familjecentral" in body
    assert "badge-classification-familjecentral" in body


def test_it_shows_a_district_that_does_not_meet_the_rule(client, world):
    login(client, world.frank)

    body = client.get(_url(world.centrum)).content.decode()

    assert "Ej uppfyllt:" in body
    assert "stadsdelen har ingen familjecentral" in body
    assert "Den har 1 familjecentralsliknande verksamhet." in body
    assert "Saknas: Mödrahälsovård, Socialtjänst med förebyggande inriktning" in body


def test_it_does_not_count_a_closed_familjecentral(client, world):
    district = make_district("Lundby")
    make_centre("Stängd", district, closed_on=timezone.localdate() - datetime.timedelta(1))
    login(client, world.frank)

    response = client.get(_url(district))
    body = response.content.decode()

    assert "Ej uppfyllt:" in body
    assert "Inga öppna centraler i stadsdelen." in body
    assert "Stängda eller ännu inte öppnade" in body
    assert [c.name for c in response.context["other_centres"]] == ["Stängd"]


def test_it_shows_validity_successor_predecessors_and_children(client, world):
    nordost = make_district("Nordost", world.goteborg, valid_from=datetime.date(2021, 1, 1))
    old = make_district(
        "Gamla Angered",
        world.goteborg,
        valid_from=datetime.date(2011, 1, 1),
        valid_to=datetime.date(2020, 12, 31),
        successor=nordost,
    )
    login(client, world.frank)

    old_body = client.get(_url(old)).content.decode()
    new_body = client.get(_url(nordost)).content.decode()

    assert "2011-01-01 – 2020-12-31" in old_body
    assert "Inte aktiv" in old_body
    assert "Efterträdare" in old_body and nordost.get_absolute_url() in old_body
    assert "Föregångare" in new_body and old.get_absolute_url() in new_body
    assert "Barn 0–5 år" in client.get(_url(world.angered)).content.decode()
    assert "3 200" in client.get(_url(world.angered)).content.decode().replace("\xa0", " ")


def test_it_uses_a_fixed_number_of_queries(client, world, django_assert_max_num_queries):
    login(client, world.alice)
    client.get(_url(world.angered))
    with django_assert_max_num_queries(12) as few:
        client.get(_url(world.angered))
    for n in range(10):
        make_centre(f"Central {n}", world.angered)

    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(_url(world.angered))
