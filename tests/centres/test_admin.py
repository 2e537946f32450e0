"""Every admin page of the register loads for the superuser, in Swedish."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

from centres.models import (
    CentreService,
    DistrictPopulation,
    MeetingPlace,
    Method,
    MethodLabel,
    Profession,
    Region,
    ServiceType,
)
from tests.conftest import login
from tests.factories import make_staffing

MODELS = sorted(
    (m for m in admin.site._registry if m._meta.app_label == "centres"),
    key=lambda m: m._meta.model_name,
)


def _objects(world) -> dict[str, object]:
    service = world.hjallbo.services.select_related("service_type").first()
    staffing = make_staffing(service, "Barnmorska", "1.5")
    label = MethodLabel.objects.create(name="Föräldrastöd")
    method = Method.objects.create(name="ABC föräldraskap")
    method.labels.add(label)
    world.hjallbo.methods.add(method)
    return {
        "region": Region.objects.first(),
        "municipality": world.goteborg,
        "district": world.angered,
        "profession": Profession.objects.get(name="Barnmorska"),
        "servicetype": ServiceType.objects.get(code="bvc"),
        "methodlabel": label,
        "method": method,
        "familycentre": world.hjallbo,
        "centreservice": service,
        "staffing": staffing,
        "districtpopulation": DistrictPopulation.objects.create(
            district=world.angered, year=2026, children=3200
        ),
        "meetingplace": MeetingPlace.objects.create(
            district=world.angered, name="Öppen förskola Lärjeåns gård", kind="oppen-forskola"
        ),
    }


def test_it_registers_every_model_of_the_register():
    assert {m._meta.model_name for m in MODELS} == {
        "region",
        "municipality",
        "district",
        "profession",
        "servicetype",
        "methodlabel",
        "method",
        "familycentre",
        "centreservice",
        "staffing",
        "districtpopulation",
        "meetingplace",
    }


@pytest.mark.parametrize("model", MODELS, ids=[m._meta.model_name for m in MODELS])
def test_it_loads_every_admin_page(client, world, model):
    obj = _objects(world)[model._meta.model_name]
    login(client, world.admin)
    name = f"admin:centres_{model._meta.model_name}"

    for url in [
        reverse(f"{name}_changelist"),
        reverse(f"{name}_add"),
        reverse(f"{name}_change", args=[obj.pk]),
        reverse(f"{name}_history", args=[obj.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert 'lang="sv"' in response.content.decode()


def test_it_shows_the_classification_in_the_centre_list(client, world):
    login(client, world.admin)

    body = client.get(reverse("admin:centres_familycentre_changelist")).content.decode()

    assert "badge-classification-familjecentral" in body
    assert "Familjecentralsliknande verksamhet" in body  # Kungssten has BVC and öppen förskola


def test_it_filters_centres_by_classification(client, world):
    login(client, world.admin)

    response = client.get(
        reverse("admin:centres_familycentre_changelist") + "?classification=liknande"
    )

    assert [c.name for c in response.context["cl"].result_list] == ["Kungssten"]


def test_it_names_what_is_missing_on_the_centre_form(client, world):
    login(client, world.admin)

    body = client.get(
        reverse("admin:centres_familycentre_change", args=[world.kungssten.pk])
    ).content.decode()

    assert "Saknas: Mödrahälsovård, Socialtjänst med förebyggande inriktning" in body


def test_it_edits_staffing_on_the_service_page(client, world):
    service = CentreService.objects.get(centre=world.hjallbo, service_type__code="bvc")
    login(client, world.admin)

    body = client.get(reverse("admin:centres_centreservice_change", args=[service.pk]))

    assert "Bemanning" in body.content.decode()


def test_it_refuses_admin_to_a_user_who_is_not_staff(client, world):
    login(client, world.charlie)

    response = client.get(reverse("admin:centres_familycentre_changelist"))

    assert response.status_code == 302
