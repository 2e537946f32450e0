import datetime

from django.urls import reverse

from coordination.models import Assignment, Role
from tests.conftest import login
from tests.factories import assign


def test_it_lists_my_active_and_ended_assignments(client, world):
    assign(
        world.bob,
        Role.SAMORDNARE,
        world.hjallbo,
        valid_from=datetime.date(2019, 1, 1),
        valid_to=datetime.date(2021, 12, 31),
    )
    login(client, world.bob)
    response = client.get(reverse("coordination:my-assignments"))
    rows = response.text.split('data-testid="assignment-row"')[1:]
    assert len(rows) == 2
    assert "Processledare / FCA-koordinator" in rows[0] and "Aktivt" in rows[0]
    assert "Samordnare" in rows[1] and "Avslutat" in rows[1]
    assert "Hjällbo familjecentral" in rows[1]


def test_it_tells_a_user_without_assignments_what_to_do(client, world):
    login(client, world.frank)
    response = client.get(reverse("coordination:my-assignments"))
    assert "Du har inga uppdrag." in response.text


def test_it_lets_a_koordinator_give_a_role_within_the_municipality(client, world):
    login(client, world.charlie)
    form = client.get(reverse("coordination:assignment-create"))
    assert f'value="centre:{world.kungssten.pk}"' in form.text
    assert f'value="centre:{world.molnlycke_fc.pk}"' not in form.text  # Härryda
    response = client.post(
        reverse("coordination:assignment-create"),
        {
            "user": str(world.frank.pk),
            "role": Role.SAMORDNARE,
            "scope": f"centre:{world.kungssten.pk}",
            "party": "kommun",
            "valid_from": "2026-11-23",
        },
    )
    assert response.status_code == 302
    assert Assignment.objects.get(user=world.frank).centre == world.kungssten
    listing = client.get(response["Location"])
    assert "Uppdraget lades till" in listing.text


def test_it_refuses_a_role_for_the_wrong_kind_of_scope(client, world):
    login(client, world.charlie)
    response = client.post(
        reverse("coordination:assignment-create"),
        {
            "user": str(world.frank.pk),
            "role": Role.SAMORDNARE,
            "scope": f"district:{world.angered.pk}",
            "party": "kommun",
            "valid_from": "2026-11-23",
        },
    )
    assert "Rollen kan inte ges för den här typen av ansvarsområde." in response.text
    assert not Assignment.objects.filter(user=world.frank).exists()


def test_it_explains_a_scope_outside_the_municipality_once(client, world):
    login(client, world.charlie)
    response = client.post(
        reverse("coordination:assignment-create"),
        {
            "user": str(world.frank.pk),
            "role": Role.SAMORDNARE,
            "scope": f"centre:{world.molnlycke_fc.pk}",  # Härryda: not charlie's
            "party": "kommun",
            "valid_from": "2026-11-23",
        },
    )
    assert response.context["form"].errors["scope"] == ["Välj ett ansvarsområde i listan."]
    assert not response.context["form"].non_field_errors()
    assert "Välj exakt ett ansvarsområde" not in response.text
    assert f"centre:{world.molnlycke_fc.pk}" not in response.text
    assert not Assignment.objects.filter(user=world.frank).exists()


def test_it_ends_an_assignment_and_the_rights_go(client, world):
    assignment = Assignment.objects.get(user=world.bob)
    login(client, world.charlie)
    url = reverse("coordination:assignment-end", args=[assignment.pk])
    assert "Avsluta uppdrag" in client.get(url).text
    bad = client.post(url, {"valid_to": "2010-01-01"})
    assert "Slutdatum kan inte vara före startdatum." in bad.text
    response = client.post(url, {"valid_to": "2026-11-22"})
    assert response.status_code == 302
    assert not world.bob.has_perm("coordination.add_agreement", world.angered)
