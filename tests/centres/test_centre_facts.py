"""Centre facts in the portal: the samordnare (and the processledare and koordinator over the
centre) keep contact details, opening hours, description, methods and staffing current and
confirm them; the processledare and koordinator also the services. Every change is in the
history; the koordinator sees centres whose facts are not confirmed for twelve months."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from centres.models import CentreService, FamilyCentre, Profession, Staffing
from tests.conftest import login

TODAY = datetime.date(2026, 11, 23)


def _edit(centre) -> str:
    return reverse("centres:centre-edit", args=[centre.pk])


def _facts(**changes) -> dict:
    data = {
        "street_address": "Hjällbo torg 1",
        "postal_code": "424 31",
        "city": "Angered",
        "phone": "031-365 00 00",
        "email": "hjallbo@example.se",
        "website": "",
        "opening_hours": "Mån–tors 9–12\nFre stängt",
        "description": "Öppen förskola, BVC, MVC och socialtjänst under ett tak.",
        "staffing-TOTAL_FORMS": "0",
        "staffing-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return data


def test_a_samordnare_updates_the_facts_which_confirms_them(client, world, frozen_today):
    login(client, world.alice)
    response = client.post(_edit(world.hjallbo), _facts())
    assert response.status_code == 302
    centre = FamilyCentre.objects.get(pk=world.hjallbo.pk)
    assert centre.opening_hours == "Mån–tors 9–12\nFre stängt"
    assert (centre.facts_confirmed_on, centre.facts_confirmed_by) == (TODAY, world.alice)
    page = client.get(centre.get_absolute_url()).content.decode()
    assert "Uppgifterna bekräftade 23 november 2026 av Alice Andersson." in page
    assert "Mån–tors 9–12<br>Fre stängt" in page
    # The history says who changed what and when.
    latest = centre.history.first()
    assert latest.history_user == world.alice and latest.opening_hours.startswith("Mån")
    changes = page[page.index('data-testid="centre-changes"') :]
    when = date_format(timezone.localtime(latest.history_date), "j F Y H:i")
    assert f"{when} – Alice Andersson" in changes


def test_one_click_says_the_facts_are_still_right(client, world, frozen_today):
    login(client, world.bob)
    page = client.get(world.hjallbo.get_absolute_url()).content.decode()
    assert "Uppgifterna har aldrig bekräftats." in page
    response = client.post(reverse("centres:centre-confirm", args=[world.hjallbo.pk]))
    assert response.status_code == 302
    page = client.get(world.hjallbo.get_absolute_url()).content.decode()
    assert "Centralens uppgifter är bekräftade i dag." in page
    assert "Uppgifterna bekräftade 23 november 2026 av Bob Berg." in page


def test_bad_input_gets_a_swedish_message_and_keeps_what_was_typed(client, world):
    login(client, world.alice)
    response = client.post(_edit(world.hjallbo), _facts(postal_code="4243", email="inte en adress"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Ange ett postnummer som 415 05." in page
    assert "Fyll i en giltig e-postadress." in page
    assert "Mån–tors 9–12" in page and 'value="Hjällbo torg 1"' in page
    world.hjallbo.refresh_from_db()
    assert world.hjallbo.opening_hours == "" and world.hjallbo.facts_confirmed_on is None


def test_staffing_is_kept_per_service_of_this_centre_only(client, world):
    bvc = world.hjallbo.services.get(service_type__code="bvc")
    theirs = world.kungssten.services.get(service_type__code="bvc")
    nurse = Profession.objects.create(name="Barnsjuksköterska")
    login(client, world.alice)
    row = {
        "staffing-TOTAL_FORMS": "1",
        "staffing-0-centre_service": str(bvc.pk),
        "staffing-0-profession": str(nurse.pk),
        "staffing-0-fte": "1.5",
    }
    assert client.post(_edit(world.hjallbo), _facts(**row)).status_code == 302
    assert Staffing.objects.get(centre_service=bvc).fte == 1.5
    # Another centre's service, posted by hand, is refused on the field.
    row["staffing-0-centre_service"] = str(theirs.pk)
    response = client.post(_edit(world.hjallbo), _facts(**row))
    assert response.status_code == 200
    assert "Välj ett giltigt alternativ" in response.content.decode()
    assert not Staffing.objects.filter(centre_service=theirs).exists()


def test_only_those_over_the_centre_change_its_services(client, world):
    url = reverse("centres:centre-services", args=[world.hjallbo.pk])
    login(client, world.alice)
    assert client.get(url).status_code == 403
    page = client.get(world.hjallbo.get_absolute_url()).content.decode()
    assert "Redigera uppgifter" in page and "Redigera verksamheter" not in page
    login(client, world.bob)
    services = list(world.hjallbo.services.order_by("pk"))
    data = {
        "services-TOTAL_FORMS": str(len(services)),
        "services-INITIAL_FORMS": str(len(services)),
    }
    for i, s in enumerate(services):
        data |= {
            f"services-{i}-id": str(s.pk),
            f"services-{i}-centre": str(world.hjallbo.pk),
            f"services-{i}-service_type": str(s.service_type_id),
            f"services-{i}-provider": s.provider,
            f"services-{i}-co_located": "on",
            f"services-{i}-started_on": "",
            f"services-{i}-ended_on": "",
        }
    data["services-0-started_on"] = "2026-06-01"
    data["services-0-ended_on"] = "2026-05-01"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Slutdatum kan inte vara före startdatum." in response.content.decode()
    data["services-0-ended_on"] = "2026-12-31"
    data["services-0-provider"] = "Västra Götalandsregionen, Närhälsan"
    assert client.post(url, data).status_code == 302
    first = CentreService.objects.get(pk=services[0].pk)
    assert (first.ended_on, first.provider) == (
        datetime.date(2026, 12, 31),
        "Västra Götalandsregionen, Närhälsan",
    )


def test_the_koordinator_sees_centres_not_confirmed_for_twelve_months(client, world, frozen_today):
    FamilyCentre.objects.filter(pk=world.hjallbo.pk).update(
        facts_confirmed_on=datetime.date(2026, 1, 10)
    )
    FamilyCentre.objects.filter(pk=world.kungssten.pk).update(
        facts_confirmed_on=datetime.date(2025, 11, 23)  # twelve months ago today
    )
    login(client, world.charlie)
    home = client.get(reverse("home")).content.decode()
    assert "1 central har uppgifter som inte bekräftats på 12 månader" in home
    listed = client.get(reverse("centres:centre-list") + "?stale=on")
    assert [c.name for c in listed.context["page"].object_list] == ["Kungssten"]
    page = client.get(world.kungssten.get_absolute_url()).content.decode()
    assert "Det är mer än tolv månader sedan." in page
