from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from centres.models import Municipality
from tests.conftest import login
from tests.coordination.factories import make_agreement, make_steering_group
from tests.factories import Role, assign, make_centre, make_district, make_municipality

LIST = reverse("centres:municipality-list")


def _detail(municipality) -> str:
    return reverse("centres:municipality-detail", args=[municipality.pk])


def test_it_sends_anonymous_visitors_to_the_login_page(client, world):
    assert client.get(LIST)["Location"].startswith(reverse("login"))
    assert client.get(_detail(world.goteborg))["Location"].startswith(reverse("login"))


def test_it_lists_municipalities_with_coverage(client, world):
    login(client, world.frank)

    response = client.get(LIST)
    goteborg, harryda = response.context["page"].object_list

    assert (goteborg.name, goteborg.code, goteborg.region.name) == (
        "Göteborg",
        "1480",
        "Västra Götalandsregionen",
    )
    assert (goteborg.district_count, goteborg.centre_count) == (2, 2)
    assert (goteborg.familjecentral_count, goteborg.liknande_count) == (1, 1)
    assert goteborg.unmet_district_count == 1
    assert harryda.unmet_district_count == 0
    assert "Stadsdelar utan familjecentral" in response.content.decode()


def test_it_searches_by_name_or_code(client, world):
    login(client, world.frank)

    by_code = client.get(LIST, {"q": "1401"}).context["page"].object_list
    by_name = client.get(LIST, {"q": "göt"}).context["page"].object_list

    assert [m.name for m in by_code] == ["Härryda"]
    assert [m.name for m in by_name] == ["Göteborg"]


def test_it_sorts_by_districts_without_a_familjecentral(client, world):
    login(client, world.frank)

    page = client.get(LIST, {"sort": "-unmet"}).context["page"]

    assert [m.name for m in page.object_list] == ["Göteborg", "Härryda"]


def test_it_shows_an_empty_state(client, world):
    login(client, world.frank)

    assert "Inga kommuner matchar sökningen." in client.get(LIST, {"q": "x"}).content.decode()


@pytest.mark.parametrize("query", [{"page": "abc"}, {"sort": "evil"}, {"q": "'; drop"}])
def test_it_never_fails_on_bad_parameters(client, world, query):
    login(client, world.frank)

    assert client.get(LIST, query).status_code == 200


def test_it_keeps_the_list_query_count_flat(client, world, django_assert_max_num_queries):
    login(client, world.frank)
    client.get(LIST)
    with django_assert_max_num_queries(10) as few:
        client.get(LIST)
    for n in range(10):
        municipality = make_municipality(f"Kommun {n}", f"90{n:02}")
        make_centre(f"Central {n}", make_district(f"Område {n}", municipality))

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(LIST)

    assert response.context["page"].paginator.count == 12


def test_it_shows_each_district_with_totals(client, world):
    make_district("Örgryte-Härlanda", world.goteborg, child_population=1000)
    login(client, world.frank)

    response = client.get(_detail(world.goteborg))
    body = response.content.decode()

    assert [d.name for d in response.context["districts"]] == [
        "Angered",
        "Centrum",
        "Örgryte-Härlanda",
    ]
    assert "Kommunkod" in body and "1480" in body
    assert "Västra Götalandsregionen" in body
    assert body.count("</i> Ej uppfyllt</span>") == 2
    assert "2 stadsdelar uppfyller inte kravet" in body
    assert response.context["child_population"] == 4200
    assert response.context["municipality"].centre_count == 2


def test_it_lists_former_districts_with_their_successor(client, world):
    make_district(
        "Gamla Centrum",
        world.goteborg,
        valid_from=datetime.date(2011, 1, 1),
        valid_to=datetime.date(2020, 12, 31),
        successor=world.centrum,
    )
    login(client, world.frank)

    response = client.get(_detail(world.goteborg))

    assert [d.name for d in response.context["inactive_districts"]] == ["Gamla Centrum"]
    assert "Tidigare stadsdelar" in response.content.decode()
    assert "efterträdd av" in response.content.decode()


def test_it_answers_404_for_an_unknown_municipality(client, world):
    login(client, world.frank)

    assert client.get(reverse("centres:municipality-detail", args=[99999])).status_code == 404


def test_it_keeps_the_detail_query_count_flat(client, world, django_assert_max_num_queries):
    login(client, world.frank)
    client.get(_detail(world.goteborg))
    # 10 for the register, 4 for the coordination panels (people, may assign, groups, agreements)
    # and up to 4 for process support (districts, their open centres, two of assignments)
    with django_assert_max_num_queries(18) as few:
        client.get(_detail(world.goteborg))
    for n in range(10):
        make_centre(f"Central {n}", make_district(f"Område {n}", world.goteborg))
        make_agreement(world.goteborg, title=f"Avtal {n}")

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(_detail(world.goteborg))

    assert len(response.context["districts"]) == 12
    assert Municipality.objects.count() == 2


def test_it_shows_the_koordinator_steering_groups_and_agreements(client, world):
    make_steering_group(world.harryda, "Styrgrupp Härryda", parties=["kommun"])
    make_agreement(world.harryda, title="Samverkansavtal Härryda")
    assign(world.frank, Role.KOORDINATOR, world.harryda)
    login(client, world.charlie)

    body = client.get(_detail(world.harryda)).content.decode()

    assert "Övergripande koordinator:" in body and "Frank Falk" in body
    assert "Styrgrupp Härryda" in body and "Ej partsammansatt" in body
    assert "Samverkansavtal Härryda" in body
    assert "Hantera uppdrag" not in body  # charlie's municipality is Göteborg
    assert "Hantera uppdrag" in client.get(_detail(world.goteborg)).content.decode()
