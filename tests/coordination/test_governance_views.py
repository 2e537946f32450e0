import datetime

from django.urls import reverse

from centres.models import Principal, Profession
from coordination.models import (
    Decision,
    DecisionStatus,
    Dilemma,
    DilemmaStatus,
    Meeting,
    SteeringGroup,
    TrainingEvent,
)
from tests.conftest import login
from tests.coordination.factories import (
    make_decision,
    make_dilemma,
    make_meeting,
    make_participation,
    make_steering_group,
    make_training,
)


def _formset(prefix: str, rows: list[dict], initial: int = 0) -> dict:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        data.update({f"{prefix}-{i}-{k}": v for k, v in row.items()})
    return data


def test_it_creates_a_steering_group_with_members(client, world):
    login(client, world.bob)
    data = {
        "scope": f"district:{world.angered.pk}",
        "name": "Styrgrupp familjecentraler Angered",
        "description": "",
        **_formset(
            "members",
            [
                {"user": str(world.diana.pk), "party": "kommun"},
                {"name": "Karin Lund", "title": "Verksamhetschef BVC", "party": "region"},
                {},
            ],
        ),
    }
    response = client.post(reverse("coordination:steering-group-create"), data)
    group = SteeringGroup.objects.get()
    assert response.status_code == 302
    assert group.members.count() == 2
    page = client.get(group.get_absolute_url())
    assert "Partsammansatt" in page.text and "Karin Lund" in page.text
    assert "Ej partsammansatt" not in page.text


def test_it_explains_a_member_without_user_or_name(client, world):
    login(client, world.bob)
    data = {
        "scope": f"district:{world.angered.pk}",
        "name": "Styrgrupp",
        **_formset("members", [{"title": "Chef", "party": "region"}]),
    }
    response = client.post(reverse("coordination:steering-group-create"), data)
    assert response.status_code == 200
    assert "Välj en användare eller skriv ledamotens namn." in response.text
    assert 'value="Chef"' in response.text
    assert not SteeringGroup.objects.exists()


def test_it_flags_a_group_that_is_not_partsammansatt(client, world):
    group = make_steering_group(world.angered, "Bara kommunen", parties=["kommun"])
    make_steering_group(world.angered, "Båda parter")
    login(client, world.frank)
    page = client.get(group.get_absolute_url())
    assert "Ej partsammansatt:" in page.text
    assert "gruppen saknar ledamöter från: Region." in page.text
    listing = client.get(reverse("coordination:steering-group-list"), {"partsammansatt": "nej"})
    assert "Bara kommunen" in listing.text and "Båda parter" not in listing.text


def test_it_records_a_meeting_with_decisions(client, world):
    group = make_steering_group(world.angered)
    login(client, world.charlie)
    data = {
        "scope": f"district:{world.angered.pk}",
        "kind": "styrgrupp",
        "steering_group": str(group.pk),
        "title": "",
        "date": "2026-11-20",
        "participants": "Processledare, verksamhetschefer MVC/BVC",
        "participants_municipality": "4",
        "participants_region": "3",
        "agenda": "1. Lokaler",
        "minutes": "",
        **_formset(
            "decisions",
            [
                {
                    "text": "Utreda gemensamma lokaler",
                    "responsible": str(world.bob.pk),
                    "due_date": "2027-02-01",
                    "status": "oppen",
                },
                {"status": "oppen"},  # an untouched empty row, as the browser sends it
            ],
        ),
    }
    response = client.post(reverse("coordination:meeting-create"), data)
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.decisions.get().responsible == world.bob
    page = client.get(meeting.get_absolute_url())
    assert "Utreda gemensamma lokaler" in page.text
    assert "4 från kommunen, 3 från regionen" in page.text


def test_it_asks_for_the_steering_group_of_a_steering_group_meeting(client, world):
    login(client, world.bob)
    data = {
        "scope": f"district:{world.angered.pk}",
        "kind": "styrgrupp",
        "date": "2026-11-20",
        **_formset("decisions", []),
    }
    response = client.post(reverse("coordination:meeting-create"), data)
    assert "Välj styrgruppen som sammanträdde." in response.text


def test_it_lets_the_responsible_person_mark_a_decision_done(client, world):
    meeting = make_meeting(world.angered)
    decision = make_decision(meeting, responsible=world.alice, due_date=datetime.date(2026, 1, 1))
    login(client, world.alice)
    page = client.get(meeting.get_absolute_url())
    assert "Försenat" in page.text and "Markera som klart" in page.text
    response = client.post(
        reverse("coordination:decision-status", args=[decision.pk]), {"status": "klar"}
    )
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.DONE
    assert client.get(response["Location"]).text.count("Beslutet är nu: Klar.") == 1


def test_it_refuses_a_bad_decision_status(client, world):
    decision = make_decision(make_meeting(world.angered), responsible=world.alice)
    login(client, world.alice)
    client.post(reverse("coordination:decision-status", args=[decision.pk]), {"status": "x"})
    assert Decision.objects.get().status == DecisionStatus.OPEN


def test_it_lets_a_samordnare_raise_a_dilemma_in_her_district(client, world):
    login(client, world.alice)
    form = client.get(reverse("coordination:dilemma-create"))
    assert f'value="{world.angered.pk}"' in form.text
    assert f'value="{world.centrum.pk}"' not in form.text
    response = client.post(
        reverse("coordination:dilemma-create"),
        {
            "district": str(world.angered.pk),
            "title": "Delade lokaler",
            "description": "Öppna förskolan och BVC delar väntrum.",
            "raised_on": "2026-11-23",
            "status": "oppen",
        },
    )
    assert response.status_code == 302
    dilemma = Dilemma.objects.get()
    assert dilemma.raised_by == world.alice
    assert "Skriv inte in personuppgifter om familjer eller barn." in form.text


def test_it_asks_for_a_proposal_when_the_status_is_forslag(client, world):
    dilemma = make_dilemma(world.angered, world.alice)
    login(client, world.bob)
    response = client.post(
        reverse("coordination:dilemma-edit", args=[dilemma.pk]),
        {
            "district": str(world.angered.pk),
            "title": dilemma.title,
            "description": dilemma.description,
            "raised_on": "2026-11-01",
            "status": "forslag",
            "decided_on": "2026-10-01",
        },
    )
    assert "Beskriv förslaget till lösning." in response.text
    assert "Beslutsdatumet kan inte vara före datumet då dilemmat väcktes." in response.text


def test_it_filters_dilemmas_by_status_and_district(client, world):
    make_dilemma(world.angered, world.alice, title="Angereds öppna", status=DilemmaStatus.OPEN)
    make_dilemma(world.angered, world.bob, title="Angereds lösta", status=DilemmaStatus.SOLVED)
    make_dilemma(world.centrum, world.charlie, title="Centrums öppna")
    login(client, world.diana)
    url = reverse("coordination:dilemma-list")
    response = client.get(url, {"status": "oppen", "district": world.angered.pk})
    assert "Angereds öppna" in response.text
    assert "Angereds lösta" not in response.text and "Centrums öppna" not in response.text
    assert "Nytt dilemma" not in response.text  # the chef cannot raise dilemmas


def test_it_records_training_with_participants_per_party(client, world):
    Profession.objects.create(name="BVC-sjuksköterska")
    login(client, world.charlie)
    data = {
        "scope": f"municipality:{world.goteborg.pk}",
        "title": "Föräldraskapsstöd",
        "date": "2026-10-10",
        "level": "medarbetare",
        "professions": [str(Profession.objects.get().pk)],
        "organiser": "FoU i Väst",
        **_formset(
            "participation",
            [
                {"district": str(world.angered.pk), "party": "kommun", "count": "9"},
                {"district": str(world.angered.pk), "party": "region", "count": "6"},
                {"district": str(world.centrum.pk), "party": "region", "count": "2"},
            ],
        ),
    }
    response = client.post(reverse("coordination:training-create"), data)
    assert response.status_code == 302
    event = TrainingEvent.objects.get()
    page = client.get(event.get_absolute_url())
    assert "BVC-sjuksköterska" in page.text
    totals = page.text.split('data-testid="participant-totals"')[1].split("</tr>")[0]
    assert [c for c in (">9<", ">8<", ">17<") if c in totals] == [">9<", ">8<", ">17<"]


def test_it_refuses_the_same_district_and_party_twice(client, world):
    login(client, world.bob)
    row = {"district": str(world.angered.pk), "party": "kommun", "count": "1"}
    data = {
        "scope": f"district:{world.angered.pk}",
        "title": "Dubbelt",
        "date": "2026-10-10",
        "level": "bada",
        **_formset("participation", [row, row]),
    }
    response = client.post(reverse("coordination:training-create"), data)
    assert response.status_code == 200
    assert not TrainingEvent.objects.exists()


def test_it_sums_participants_on_the_training_list(client, world):
    event = make_training(world.angered, title="Barnkonventionen")
    make_participation(event, world.angered, Principal.REGION, 5)
    make_participation(event, world.centrum, Principal.MUNICIPALITY, 7)
    login(client, world.alice)
    response = client.get(reverse("coordination:training-list"))
    row = response.text.split('data-testid="training-row"')[1].split("</tr>")[0]
    assert ">7<" in row and ">5<" in row and ">12<" in row


def test_it_counts_members_once_however_many_meetings(client, world):
    group = make_steering_group(world.angered, "Styrgrupp Angered")
    make_meeting(world.angered, group=group, date=datetime.date(2026, 1, 1))
    make_meeting(world.angered, group=group, date=datetime.date(2026, 2, 1))
    login(client, world.frank)
    response = client.get(reverse("coordination:steering-group-list"))
    row = response.text.split('data-testid="steering-group-row"')[1].split("</tr>")[0]
    assert "1 / 1" in row and "<td>2</td>" in row
