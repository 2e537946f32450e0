from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import login
from tests.factories import make_centre, make_district

URL = reverse("centres:centre-list")


def _names(response) -> list[str]:
    return [c.name for c in response.context["page"].object_list]


def test_it_sends_anonymous_visitors_to_the_login_page(client, db):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_lists_open_centres_with_their_classification(client, world):
    login(client, world.frank)

    response = client.get(URL)
    body = response.content.decode()

    assert _names(response) == ["Hjällbo familjecentral", "Kungssten", "Mölnlycke familjecentral"]
    assert body.count('class="badge badge-classification-') == 3
    assert "Familjecentralsliknande verksamhet" in body
    assert "Saknas: Mödrahälsovård, Socialtjänst med förebyggande inriktning" in body
    assert world.hjallbo.get_absolute_url() in body


def test_it_hides_closed_centres_unless_asked(client, world):
    make_centre("Gamla", world.angered, closed_on=timezone.localdate() - datetime.timedelta(1))
    login(client, world.frank)

    assert "Gamla" not in _names(client.get(URL))
    response = client.get(URL, {"include_closed": "on"})
    assert "Gamla" in _names(response)
    assert "Stängd" in response.content.decode()


def test_it_filters_by_municipality(client, world):
    login(client, world.frank)

    response = client.get(URL, {"municipality": world.harryda.pk})

    assert _names(response) == ["Mölnlycke familjecentral"]


def test_it_filters_by_district(client, world):
    login(client, world.frank)

    response = client.get(URL, {"district": world.centrum.pk})

    assert _names(response) == ["Kungssten"]
    assert "selected>Centrum (Göteborg)</option>" in response.content.decode()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("familjecentral", ["Hjällbo familjecentral", "Mölnlycke familjecentral"]),
        ("liknande", ["Kungssten"]),
        ("ingen", []),
    ],
)
def test_it_filters_by_classification(client, world, value, expected):
    login(client, world.frank)

    response = client.get(URL, {"classification": value})

    assert _names(response) == expected


def test_it_searches_by_name(client, world):
    login(client, world.frank)

    response = client.get(URL, {"q": "hjäll"})

    assert _names(response) == ["Hjällbo familjecentral"]


def test_it_shows_an_empty_state(client, world):
    login(client, world.frank)

    body = client.get(URL, {"q": "finns inte"}).content.decode()

    assert "Inga centraler matchar filtret." in body
    assert "<table" not in body


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("name", ["Hjällbo familjecentral", "Kungssten", "Mölnlycke familjecentral"]),
        ("-name", ["Mölnlycke familjecentral", "Kungssten", "Hjällbo familjecentral"]),
        ("district", ["Hjällbo familjecentral", "Kungssten", "Mölnlycke familjecentral"]),
        ("-municipality", ["Mölnlycke familjecentral", "Hjällbo familjecentral", "Kungssten"]),
        ("classification", ["Hjällbo familjecentral", "Mölnlycke familjecentral", "Kungssten"]),
        ("-classification", ["Kungssten", "Hjällbo familjecentral", "Mölnlycke familjecentral"]),
    ],
)
def test_it_sorts_by_column(client, world, sort, expected):
    login(client, world.frank)

    response = client.get(URL, {"sort": sort})

    assert _names(response) == expected


def test_it_sorts_by_opening_date(client, world):
    make_centre("Ny", world.angered, opened_on=datetime.date(2020, 1, 1))
    make_centre("Äldre", world.angered, opened_on=datetime.date(2010, 1, 1))
    login(client, world.frank)

    names = _names(client.get(URL, {"sort": "-opened_on", "district": world.angered.pk}))

    assert names[:2] == ["Ny", "Äldre"]


def test_it_links_column_headers_to_the_opposite_order(client, world):
    login(client, world.frank)

    body = client.get(URL, {"sort": "name", "q": "a"}).content.decode()

    assert 'aria-sort="ascending"' in body
    assert "?sort=-name&amp;q=a" in body or "?q=a&amp;sort=-name" in body


@pytest.mark.parametrize(
    "query",
    [
        {"page": "abc"},
        {"page": "999"},
        {"page": "-1"},
        {"district": "xyz"},
        {"municipality": "99999"},
        {"classification": "evil"},
        {"sort": "evil"},
        {"sort": "-"},
        {"sort": "password"},
        {"q": "x" * 500},
    ],
)
def test_it_never_fails_on_bad_parameters(client, world, query):
    login(client, world.frank)

    response = client.get(URL, query)

    assert response.status_code == 200
    assert len(response.context["page"].object_list) <= 3


def test_it_explains_a_bad_filter_value_next_to_the_field(client, world):
    login(client, world.frank)

    response = client.get(URL, {"district": "xyz", "classification": "liknande"})

    assert "Välj ett giltigt alternativ" in response.content.decode()
    assert _names(response) == ["Kungssten"]  # the valid filter still applies


def test_it_paginates_by_25(client, world):
    district = make_district("Stor")
    for n in range(30):
        make_centre(f"Central {n:02}", district, services=[])
    login(client, world.frank)

    first = client.get(URL, {"district": district.pk})
    second = client.get(URL, {"district": district.pk, "page": 2})

    assert len(first.context["page"].object_list) == 25
    assert _names(second) == [f"Central {n:02}" for n in range(25, 30)]
    assert "Sida 2 av 2" in second.content.decode()
    assert "Visar 26–30 av 30" in second.content.decode()


def test_it_keeps_the_query_count_flat(client, world, django_assert_max_num_queries):
    login(client, world.frank)
    client.get(URL)  # warm up the session
    with django_assert_max_num_queries(14) as few:
        client.get(URL)
    district = make_district("Många")
    for n in range(20):
        make_centre(f"Central {n}", district)

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(URL)

    assert len(response.context["page"].object_list) == 23
