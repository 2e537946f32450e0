"""A samordnare records the meetings of their own centre's ledningsgrupp and working groups,
with decisions, and nothing outside their centre."""

from __future__ import annotations

from django.urls import reverse

from coordination.models import Decision, Meeting
from tests.conftest import login
from tests.coordination.factories import make_meeting, make_steering_group


def _post(group, **extra) -> dict:
    return {
        "scope": f"centre:{group.centre_id}",
        "kind": "styrgrupp",
        "steering_group": str(group.pk),
        "date": "2026-10-08",
        "minutes": "Gick igenom höstens program.",
        "decisions-TOTAL_FORMS": "1",
        "decisions-INITIAL_FORMS": "0",
        "decisions-0-text": "Ta fram en ny folder för öppna förskolan.",
        "decisions-0-status": "oppen",
        **extra,
    }


def test_a_samordnare_records_a_meeting_of_her_ledningsgrupp_with_a_decision(client, world):
    group = make_steering_group(world.hjallbo, "Ledningsgrupp Hjällbo")
    make_steering_group(world.angered, "Styrgrupp Angered")
    login(client, world.alice)
    page = client.get(group.get_absolute_url()).content.decode()
    create = reverse("coordination:meeting-create")
    assert f'{create}?styrgrupp={group.pk}"' in page
    form = client.get(f"{create}?styrgrupp={group.pk}").context["form"]
    # Only her own centre, and only its groups, are offered.
    offered = [
        label
        for _kind, group_choices in form.fields["scope"].choices[1:]
        for _value, label in group_choices
    ]
    assert offered == ["Hjällbo familjecentral (Angered)"]
    assert list(form.fields["steering_group"].queryset) == [group]
    # Responsible for a decision: those working in her centre or over it.
    decisions = client.get(create).context["formsets"][0][1]
    responsible = set(decisions.forms[0].fields["responsible"].queryset)
    assert {world.alice, world.bob, world.charlie} <= responsible
    assert world.eve not in responsible and world.grace not in responsible
    data = _post(group, **{"decisions-0-responsible": str(world.alice.pk)})
    response = client.post(create, data)
    assert response.status_code == 302
    meeting = Meeting.objects.get(steering_group=group)
    assert meeting.centre == world.hjallbo
    decision = Decision.objects.get(meeting=meeting)
    assert decision.responsible == world.alice


def test_nothing_outside_her_centre(client, world):
    theirs = make_steering_group(world.kungssten, "Ledningsgrupp Kungssten")
    district_meeting = make_meeting(world.angered, group=make_steering_group(world.angered))
    login(client, world.alice)
    response = client.post(reverse("coordination:meeting-create"), _post(theirs))
    assert response.status_code == 200
    assert "Välj ett ansvarsområde i listan." in response.content.decode()
    assert not Meeting.objects.filter(steering_group=theirs).exists()
    edit = reverse("coordination:meeting-edit", args=[district_meeting.pk])
    assert client.get(edit).status_code == 403
