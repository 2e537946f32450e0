from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from centres.models import CentreService, Method, MethodLabel
from tests.conftest import login
from tests.coordination.factories import make_agreement, make_steering_group
from tests.factories import Role, assign, make_service_type, make_staffing, make_user


def _url(centre) -> str:
    return reverse("centres:centre-detail", args=[centre.pk])


def test_it_sends_anonymous_visitors_to_the_login_page(client, world):
    response = client.get(_url(world.hjallbo))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_answers_404_for_an_unknown_centre(client, world):
    login(client, world.alice)

    assert client.get(reverse("centres:centre-detail", args=[99999])).status_code == 404


def test_it_shows_address_contacts_and_dates(client, world):
    centre = world.hjallbo
    centre.street_address = "Hjällbotorget 2"
    centre.postal_code = "424 38"
    centre.city = "Angered"
    centre.phone = "031-365 10 00"
    centre.email = "hjallbo@example.org"
    centre.opened_on = datetime.date(2012, 9, 1)
    centre.description = "Familjecentral vid torget."
    centre.save()
    login(client, world.eve)  # outside every Göteborg scope: the register is public inside

    body = client.get(_url(centre)).content.decode()

    assert "Hjällbotorget 2, 424 38 Angered" in body
    assert 'href="tel:031365100' in body
    assert "mailto:hjallbo@example.org" in body
    assert "2012-09-01" in body
    assert "Familjecentral vid torget." in body
    assert world.angered.get_absolute_url() in body


def test_it_says_a_familjecentral_has_everything(client, world):
    login(client, world.frank)

    body = client.get(_url(world.hjallbo)).content.decode()

    assert 'badge-classification-familjecentral">Familjecentral<' in body
    assert "Alla fyra basverksamheter är samlokaliserade." in body
    assert "Saknas" not in body


def test_it_names_the_missing_basverksamheter(client, world):
    login(client, world.frank)

    body = client.get(_url(world.kungssten)).content.decode()

    assert "Familjecentralsliknande verksamhet" in body
    assert "Saknas: Mödrahälsovård, Socialtjänst med förebyggande inriktning" in body


def test_it_shows_services_with_staffing_and_total_fte(client, world):
    bvc = CentreService.objects.get(centre=world.hjallbo, service_type__code="bvc")
    bvc.provider = "Västra Götalandsregionen, Närhälsan Hjällbo BVC"
    bvc.save()
    make_staffing(bvc, "BVC-sjuksköterska", "2.5")
    mvc = CentreService.objects.get(centre=world.hjallbo, service_type__code="mvc")
    make_staffing(mvc, "Barnmorska", "1.25")
    login(client, world.frank)

    response = client.get(_url(world.hjallbo))
    body = response.content.decode()

    assert "Närhälsan Hjällbo BVC" in body
    assert "BVC-sjuksköterska 2,5" in body
    assert "Barnmorska 1,25" in body
    assert response.context["total_fte"] == 3.75
    assert 'data-testid="total-fte">3,75<' in body


def test_it_separates_ended_services(client, world):
    CentreService.objects.create(
        centre=world.hjallbo,
        service_type=make_service_type("Familjerådgivning"),
        started_on=datetime.date(2015, 1, 1),
        ended_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    login(client, world.frank)

    response = client.get(_url(world.hjallbo))

    assert [s.service_type.name for s in response.context["other_services"]] == [
        "Familjerådgivning"
    ]
    assert "Avslutade eller ännu inte startade" in response.content.decode()


def test_it_lists_methods_with_evidence_level_and_labels(client, world):
    method = Method.objects.create(
        name="Familjeorienterat arbetssätt",
        evidence_level="utveckling",
        target_group="Familjer där någon har ett missbruk.",
    )
    method.labels.add(MethodLabel.objects.create(name="Socialtjänst"))
    world.hjallbo.methods.add(method)
    login(client, world.frank)

    body = client.get(_url(world.hjallbo)).content.decode()

    assert "Familjeorienterat arbetssätt" in body
    assert "Under utveckling, evidens saknas" in body
    assert ">Socialtjänst</span>" in body
    assert "Målgrupp: Familjer där någon har ett missbruk." in body


def test_it_says_when_no_methods_are_registered(client, world):
    login(client, world.frank)

    body = client.get(_url(world.kungssten)).content.decode()

    assert "Inga metoder är registrerade för centralen." in body


def test_it_links_to_admin_for_staff_only(client, world):
    admin_url = reverse("admin:centres_familycentre_change", args=[world.hjallbo.pk])

    login(client, world.alice)
    assert admin_url not in client.get(_url(world.hjallbo)).content.decode()
    login(client, world.admin)
    assert admin_url in client.get(_url(world.hjallbo)).content.decode()


def test_it_marks_demo_data(client, world):
    world.hjallbo.is_demo = True
    world.hjallbo.save()
    login(client, world.alice)

    assert "Demodata" in client.get(_url(world.hjallbo)).content.decode()


def test_it_names_who_coordinates_the_centre(client, world):
    login(client, world.frank)  # no assignment: who coordinates is public inside the portal

    body = client.get(_url(world.hjallbo)).content.decode()

    assert "Samordnare:" in body and "Alice Andersson" in body
    assert "Processledare / FCA-koordinator:" in body and "Bob Berg" in body
    assert "Övergripande koordinator:" in body and "Charlie Carlsson" in body
    assert "Eve Ek" not in body


def test_it_shows_the_centres_steering_group_and_the_districts_agreement(client, world):
    make_steering_group(world.hjallbo, "Ledningsgrupp Hjällbo", parties=["region"])
    make_agreement(world.angered, title="Samverkansavtal Angered")
    login(client, world.frank)

    body = client.get(_url(world.hjallbo)).content.decode()

    assert "Ledningsgrupp Hjällbo" in body and "Ej partsammansatt" in body
    assert "Samverkansavtal Angered" in body


def test_it_offers_to_manage_assignments_only_to_a_koordinator(client, world):
    manage = reverse("coordination:assignment-list")

    login(client, world.alice)
    assert manage not in client.get(_url(world.hjallbo)).content.decode()
    login(client, world.charlie)
    assert manage in client.get(_url(world.hjallbo)).content.decode()


def test_it_uses_a_fixed_number_of_queries(client, world, django_assert_max_num_queries):
    for service in world.hjallbo.services.all():
        make_staffing(service, "Socionom", "1")
        make_staffing(service, "Förskollärare", "0.5")
    login(client, world.alice)
    client.get(_url(world.hjallbo))
    # 12 for the register (with the latest changes), 4 for the coordination panels (people, may
    # assign, groups, agreements), 1 for process support (the centre's samordnare)
    with django_assert_max_num_queries(17) as few:
        client.get(_url(world.hjallbo))
    for n in range(5):
        make_steering_group(world.hjallbo, f"Grupp {n}")
        make_agreement(world.angered, title=f"Avtal {n}")
        assign(make_user(f"samordnare{n}"), Role.SAMORDNARE, world.hjallbo)

    with django_assert_max_num_queries(len(few.captured_queries) + 1):  # + the groups' members
        body = client.get(_url(world.hjallbo)).content.decode()
    # The same queries for a page showing more: each group and samordnare.
    assert all(f"Grupp {n}" in body and f"Samordnare{n}" in body for n in range(5))
