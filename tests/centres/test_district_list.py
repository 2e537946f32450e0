from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from tests.conftest import login
from tests.factories import make_centre, make_district

URL = reverse("centres:district-list")


def _names(response) -> list[str]:
    return [d.name for d in response.context["page"].object_list]


def test_it_sends_anonymous_visitors_to_the_login_page(client, db):
    assert client.get(URL)["Location"].startswith(reverse("login"))


def test_it_lists_active_districts_with_the_rule(client, world):
    login(client, world.frank)

    response = client.get(URL)
    body = response.content.decode()

    assert _names(response) == ["Angered", "Centrum", "Mölnlycke"]
    assert body.count("</i> Uppfyllt</span>") == 2  # Angered and Mölnlycke
    assert body.count("</i> Ej uppfyllt</span>") == 1  # Centrum


def test_it_hides_dissolved_districts_unless_asked(client, world):
    make_district("Gammal", world.goteborg, valid_to=datetime.date(2020, 12, 31))
    login(client, world.frank)

    assert "Gammal" not in _names(client.get(URL))
    assert "Gammal" in _names(client.get(URL, {"include_inactive": "on"}))


def test_it_filters_by_municipality_and_searches(client, world):
    login(client, world.frank)

    assert _names(client.get(URL, {"municipality": world.harryda.pk})) == ["Mölnlycke"]
    assert _names(client.get(URL, {"q": "cent"})) == ["Centrum"]
    assert "Inga stadsdelar matchar filtret." in client.get(URL, {"q": "zz"}).content.decode()


def test_it_sorts_by_number_of_familjecentraler(client, world):
    make_centre("Andra", world.molnlycke)
    login(client, world.frank)

    assert _names(client.get(URL, {"sort": "-familjecentraler"})) == [
        "Mölnlycke",
        "Angered",
        "Centrum",
    ]


@pytest.mark.parametrize("query", [{"page": "abc"}, {"municipality": "x"}, {"sort": "evil"}])
def test_it_never_fails_on_bad_parameters(client, world, query):
    login(client, world.frank)

    assert client.get(URL, query).status_code == 200


def test_it_keeps_the_query_count_flat(client, world, django_assert_max_num_queries):
    login(client, world.frank)
    client.get(URL)
    with django_assert_max_num_queries(11) as few:
        client.get(URL)
    for n in range(15):
        make_centre(f"Central {n}", make_district(f"Stadsdel {n}", world.goteborg))

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(URL)

    assert len(response.context["page"].object_list) == 18
