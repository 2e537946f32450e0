from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from centres.models import EvidenceLevel, Method, MethodLabel
from tests.conftest import login
from tests.factories import make_centre

URL = reverse("centres:method-list")


def _names(response) -> list[str]:
    return [m.name for m in response.context["page"].object_list]


@pytest.fixture
def catalogue(world):
    group = MethodLabel.objects.create(name="Gruppverksamhet")
    abc = Method.objects.create(
        name="ABC föräldraskap",
        target_group="Föräldrar till barn 3–12 år.",
        evidence_level=EvidenceLevel.PROMISING,
    )
    abc.labels.add(group)
    family = Method.objects.create(
        name="Familjeorienterat arbetssätt", evidence_level=EvidenceLevel.DEVELOPING
    )
    world.hjallbo.methods.add(abc, family)
    world.kungssten.methods.add(abc)
    return {"abc": abc, "family": family, "group": group}


def test_it_sends_anonymous_visitors_to_the_login_page(client, db):
    assert client.get(URL)["Location"].startswith(reverse("login"))


def test_it_lists_methods_with_labels_evidence_and_centres(client, world, catalogue):
    login(client, world.frank)

    body = client.get(URL).content.decode()

    assert "ABC föräldraskap" in body
    assert "Föräldrar till barn 3–12 år." in body
    assert "Forskningsbaserad eller lovande" in body
    assert ">Gruppverksamhet</span>" in body
    assert world.kungssten.get_absolute_url() in body
    assert "badge-classification-liknande" in body  # Kungssten, with its classification


def test_it_leaves_closed_centres_out(client, world, catalogue):
    closed = make_centre(
        "Stängd", world.angered, closed_on=timezone.localdate() - datetime.timedelta(1)
    )
    closed.methods.add(catalogue["family"])
    login(client, world.frank)

    assert "Stängd" not in client.get(URL).content.decode()


def test_it_filters_by_label_evidence_and_search(client, world, catalogue):
    login(client, world.frank)

    assert _names(client.get(URL, {"label": catalogue["group"].pk})) == ["ABC föräldraskap"]
    assert _names(client.get(URL, {"evidence_level": "utveckling"})) == [
        "Familjeorienterat arbetssätt"
    ]
    assert _names(client.get(URL, {"q": "famil"})) == ["Familjeorienterat arbetssätt"]
    assert "Inga metoder matchar filtret." in client.get(URL, {"q": "zz"}).content.decode()


def test_it_sorts_by_evidence_level_strongest_first(client, world, catalogue):
    Method.objects.create(name="Evidensbaserad metod", evidence_level=EvidenceLevel.EVIDENCE_BASED)
    login(client, world.frank)

    assert _names(client.get(URL, {"sort": "evidence_level"})) == [
        "Evidensbaserad metod",
        "ABC föräldraskap",
        "Familjeorienterat arbetssätt",
    ]


@pytest.mark.parametrize("query", [{"page": "abc"}, {"label": "x"}, {"evidence_level": "y"}])
def test_it_never_fails_on_bad_parameters(client, world, catalogue, query):
    login(client, world.frank)

    assert client.get(URL, query).status_code == 200


def test_it_keeps_the_query_count_flat(client, world, catalogue, django_assert_max_num_queries):
    login(client, world.frank)
    client.get(URL)
    with django_assert_max_num_queries(12) as few:
        client.get(URL)
    for n in range(10):
        method = Method.objects.create(name=f"Metod {n}")
        method.labels.add(catalogue["group"])
        make_centre(f"Central {n}", world.angered).methods.add(method)

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(URL)

    assert response.context["page"].paginator.count == 12
