"""Every write view of the portal, posted a value its form did not offer the user (a hand-made
POST): the page comes back with a Swedish message on that field, what was typed is kept, and
nothing is stored. The user in each case may use the form, only not that value."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import pytest
from django.db.models import Model
from django.urls import reverse

from coordination.models import (
    Agreement,
    Assignment,
    Decision,
    Dilemma,
    Meeting,
    SteeringGroup,
    SteeringGroupMember,
    TrainingEvent,
    TrainingParticipation,
)
from followup.models import Goal, Indicator, Period, Report
from tests.conftest import login
from tests.coordination.factories import (
    make_agreement,
    make_meeting,
    make_steering_group,
    make_training,
)
from tests.followup.factories import indicator_post, make_goal, make_indicator, make_period

THE_SCOPE = "Välj ett ansvarsområde i listan."
THE_OWNER = "Välj en ägare i listan."
A_PERSON = "Välj en person i listan: personer som arbetar i eller över ditt område."
A_DISTRICT = "Välj en av dina stadsdelar i listan."
DJANGO_CHOICE = "Välj ett giltigt alternativ. Det valet finns inte bland tillgängliga alternativ."


@pytest.fixture
def w(world) -> SimpleNamespace:
    world.angered_group = make_steering_group(world.angered, "Styrgrupp Angered")
    world.harryda_group = make_steering_group(world.harryda, "Styrgrupp Härryda")
    world.meeting = make_meeting(world.angered, group=world.angered_group)
    world.training = make_training(world.angered)
    world.agreement = make_agreement(world.angered)
    world.gbg_goal = make_goal("Göteborgs mål", code="M1", municipality=world.goteborg)
    world.gbg_visits = make_indicator("Besök", world.gbg_goal, code="OF-BARN")
    world.hry_goal = make_goal("Härrydas mål", code="H1", municipality=world.harryda)
    world.hry_visits = make_indicator("Besök", world.hry_goal, code="OF-BARN")
    world.gbg_period = make_period(municipality=world.goteborg)
    world.hry_period = make_period(municipality=world.harryda)
    return world


def _formset(prefix: str, rows: list[dict], initial: int = 0) -> dict:
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": str(initial)}
    for i, row in enumerate(rows):
        data.update({f"{prefix}-{i}-{k}": v for k, v in row.items()})
    return data


def _scope(obj) -> str:
    kind = {"District": "district", "Municipality": "municipality", "Region": "region"}
    return f"{kind.get(type(obj).__name__, 'centre')}:{obj.pk}"


@dataclass(frozen=True)
class Tamper:
    """`user` posts `data` to `url`; the error is on `field` (of `formset`'s first row when
    given), and `model`'s rows are as before."""

    id: str
    user: str
    url: Callable[[Any], str]
    data: Callable[[Any], dict]
    field: str
    message: str
    model: type[Model]
    formset: str = ""


GROUP = {"name": "Styrgrupp för nätverket"}
MEETING = {"kind": "natverk", "date": "2026-10-01", "title": "Nätverksträff"}
TRAINING = {"title": "Barnkonventionen", "date": "2026-09-15", "level": "bada"}
AGREEMENT = {
    "title": "Nytt avtal",
    "party_region": "HSN",
    "party_municipality": "SDN",
    "valid_from": "2026-01-01",
    "share_region_percent": "50",
    "share_municipality_percent": "50",
}
DILEMMA = {"title": "Lokaler", "description": "Trångt.", "raised_on": "2026-10-01"}
PERIOD = {"kind": "kvartal", "start": "2027-01-01", "end": "2027-03-31", "deadline": "2027-04-30"}


def _url(name: str, obj: str | None = None) -> Callable[[Any], str]:
    return lambda w: reverse(name, args=[getattr(w, obj).pk] if obj else [])


CASES = [
    # Coordination: the scope select, in every scoped form, new and edited
    Tamper(
        "steering-group-scope",
        "bob",
        _url("coordination:steering-group-create"),
        lambda w: {"scope": _scope(w.harryda), **GROUP, **_formset("members", [])},
        "scope",
        THE_SCOPE,
        SteeringGroup,
    ),
    Tamper(
        "steering-group-edit-scope",
        "bob",
        _url("coordination:steering-group-edit", "angered_group"),
        lambda w: {"scope": _scope(w.molnlycke), **GROUP, **_formset("members", [])},
        "scope",
        THE_SCOPE,
        SteeringGroup,
    ),
    Tamper(
        "steering-group-member",
        "bob",
        _url("coordination:steering-group-create"),
        lambda w: {
            "scope": _scope(w.angered),
            **GROUP,
            **_formset("members", [{"user": w.eve.pk, "party": "kommun"}]),
        },
        "user",
        A_PERSON,
        SteeringGroupMember,
        formset="members",
    ),
    Tamper(
        "meeting-scope",
        "bob",
        _url("coordination:meeting-create"),
        lambda w: {"scope": _scope(w.goteborg), **MEETING, **_formset("decisions", [])},
        "scope",
        THE_SCOPE,
        Meeting,
    ),
    Tamper(
        "meeting-steering-group-of-another-municipality",
        "bob",
        _url("coordination:meeting-create"),
        lambda w: {
            "scope": _scope(w.angered),
            **MEETING,
            "kind": "styrgrupp",
            "steering_group": w.harryda_group.pk,
            **_formset("decisions", []),
        },
        "steering_group",
        "Välj en styrgrupp i listan.",
        Meeting,
    ),
    Tamper(
        "meeting-steering-group-outside-the-meetings-scope",
        "charlie",  # manages both, but Angered's group did not meet for Centrum
        _url("coordination:meeting-create"),
        lambda w: {
            "scope": _scope(w.centrum),
            **MEETING,
            "kind": "styrgrupp",
            "steering_group": w.angered_group.pk,
            **_formset("decisions", []),
        },
        "steering_group",
        "Styrgrupp Angered hör till Angered, utanför mötets ansvarsområde Centrum. Välj en "
        "styrgrupp inom mötets ansvarsområde, eller ändra ansvarsområdet.",
        Meeting,
    ),
    Tamper(
        "meeting-edit-steering-group",
        "bob",
        _url("coordination:meeting-edit", "meeting"),
        lambda w: {
            "scope": _scope(w.angered),
            **MEETING,
            "kind": "styrgrupp",
            "steering_group": w.harryda_group.pk,
            **_formset("decisions", []),
        },
        "steering_group",
        "Välj en styrgrupp i listan.",
        Meeting,
    ),
    Tamper(
        "decision-responsible",
        "bob",
        _url("coordination:meeting-create"),
        lambda w: {
            "scope": _scope(w.angered),
            **MEETING,
            **_formset("decisions", [{"text": "Ta fram en plan.", "responsible": w.eve.pk}]),
        },
        "responsible",
        A_PERSON,
        Decision,
        formset="decisions",
    ),
    Tamper(
        "dilemma-district",
        "alice",
        _url("coordination:dilemma-create"),
        lambda w: {"district": w.molnlycke.pk, **DILEMMA, "status": "oppen"},
        "district",
        A_DISTRICT,
        Dilemma,
    ),
    Tamper(
        "training-scope",
        "bob",
        _url("coordination:training-create"),
        lambda w: {"scope": _scope(w.molnlycke), **TRAINING, **_formset("participation", [])},
        "scope",
        THE_SCOPE,
        TrainingEvent,
    ),
    Tamper(
        "training-participation-district",
        "bob",
        _url("coordination:training-edit", "training"),
        lambda w: {
            "scope": _scope(w.angered),
            **TRAINING,
            **_formset(
                "participation", [{"district": w.molnlycke.pk, "party": "kommun", "count": "3"}]
            ),
        },
        "district",
        A_DISTRICT,
        TrainingParticipation,
        formset="participation",
    ),
    Tamper(
        "agreement-scope",
        "charlie",
        _url("coordination:agreement-create"),
        lambda w: {"scope": _scope(w.harryda), **AGREEMENT},
        "scope",
        THE_SCOPE,
        Agreement,
    ),
    Tamper(
        "agreement-edit-scope",
        "bob",
        _url("coordination:agreement-edit", "agreement"),
        lambda w: {"scope": _scope(w.goteborg), **AGREEMENT},
        "scope",
        THE_SCOPE,
        Agreement,
    ),
    Tamper(
        "assignment-scope",
        "charlie",
        _url("coordination:assignment-create"),
        lambda w: {
            "user": w.frank.pk,
            "role": "samordnare",
            "scope": _scope(w.molnlycke_fc),
            "party": "kommun",
            "valid_from": "2026-01-01",
        },
        "scope",
        THE_SCOPE,
        Assignment,
    ),
    Tamper(
        "assignment-region-role",
        "charlie",
        _url("coordination:assignment-create"),
        lambda w: {
            "user": w.frank.pk,
            "role": "regionkoordinator",
            "scope": _scope(w.goteborg),
            "party": "region",
            "valid_from": "2026-01-01",
        },
        "role",
        "Välj ett giltigt alternativ. regionkoordinator finns inte bland tillgängliga alternativ.",
        Assignment,
    ),
    # Follow-up: the owner, the goal and the parts of an indicator, the centre and the period
    Tamper(
        "goal-owner",
        "charlie",
        _url("followup:goal-create"),
        lambda w: {"scope": _scope(w.harryda), "code": "M9", "name": "Nytt mål", "order": "9"},
        "scope",
        THE_OWNER,
        Goal,
    ),
    Tamper(
        "goal-edit-owner",
        "charlie",
        _url("followup:goal-edit", "gbg_goal"),
        lambda w: {"scope": _scope(w.region), "code": "M1", "name": "Göteborgs mål", "order": "1"},
        "scope",
        THE_OWNER,
        Goal,
    ),
    Tamper(
        "indicator-goal",
        "charlie",
        _url("followup:indicator-create"),
        lambda w: indicator_post(w.hry_goal),
        "goal",
        "Välj ett mål i listan.",
        Indicator,
    ),
    Tamper(
        "indicator-edit-part",
        "charlie",
        _url("followup:indicator-create"),
        lambda w: {
            **indicator_post(w.gbg_goal),
            "kind": "beraknad",
            "numerator": w.gbg_visits.pk,
            "denominator": w.hry_visits.pk,
        },
        "denominator",
        "Välj en inmatad indikator med samma ägare i listan.",
        Indicator,
    ),
    Tamper(
        "period-owner",
        "grace",
        _url("followup:period-create"),
        lambda w: {"scope": _scope(w.goteborg), **PERIOD},
        "scope",
        THE_OWNER,
        Period,
    ),
    Tamper(
        "period-edit-owner",
        "charlie",
        _url("followup:period-edit", "gbg_period"),
        lambda w: {"scope": _scope(w.harryda), **PERIOD},
        "scope",
        THE_OWNER,
        Period,
    ),
    Tamper(
        "report-centre",
        "alice",
        _url("followup:report-create"),
        lambda w: {"centre": w.kungssten.pk, "period": w.gbg_period.pk},
        "centre",
        "Välj en av dina familjecentraler.",
        Report,
    ),
    Tamper(
        "report-period",
        "alice",
        _url("followup:report-create"),
        lambda w: {"centre": w.hjallbo.pk, "period": w.hry_period.pk},
        "period",
        "Välj en öppen period i listan.",
        Report,
    ),
]


def _snapshot(model: type[Model]) -> list[tuple]:
    return sorted(model.objects.values_list(*[f.attname for f in model._meta.concrete_fields]))


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_it_refuses_a_value_the_form_did_not_offer_on_its_field(client, w, case):
    before = _snapshot(case.model)
    login(client, getattr(w, case.user))
    data = case.data(w)
    response = client.post(case.url(w), data)
    assert response.status_code == 200, response.status_code
    if case.formset:
        formset = next(fs for _h, fs in response.context["formsets"] if fs.prefix == case.formset)
        errors = formset.forms[0].errors.get(case.field, [])
    else:
        errors = response.context["form"].errors.get(case.field, [])
    assert case.message in errors
    assert _snapshot(case.model) == before
    page = response.content.decode()
    for key in ("name", "title"):  # what was typed stays on the page
        if key in data:
            assert f'value="{data[key]}"' in page


def test_it_preselects_only_a_steering_group_the_user_manages(client, w):
    login(client, w.bob)
    url = reverse("coordination:meeting-create")
    mine = client.get(url, {"styrgrupp": w.angered_group.pk}).context["form"]
    assert mine.initial["steering_group"] == w.angered_group.pk
    assert mine.initial["scope"] == _scope(w.angered)
    theirs = client.get(url, {"styrgrupp": w.harryda_group.pk}).context["form"]
    assert theirs.initial.get("steering_group") is None
    offered = set(theirs.fields["steering_group"].queryset)
    assert offered == {w.angered_group}


def test_it_offers_people_and_districts_of_the_managers_area(client, w):
    login(client, w.bob)
    page = client.get(reverse("coordination:meeting-edit", args=[w.meeting.pk]))
    decisions = next(fs for _h, fs in page.context["formsets"] if fs.prefix == "decisions")
    people = {u.username for u in decisions.forms[0].fields["responsible"].queryset}
    assert people == {"alice", "bob", "charlie", "diana", "heidi"}
    page = client.get(reverse("coordination:training-edit", args=[w.training.pk]))
    rows = next(fs for _h, fs in page.context["formsets"] if fs.prefix == "participation")
    assert set(rows.forms[0].fields["district"].queryset) == {w.angered}


def test_it_keeps_an_old_choice_outside_the_scope_when_the_object_is_saved_again(client, w):
    """A member chosen before (now outside the manager's area) does not block a save."""
    member = SteeringGroupMember.objects.create(group=w.angered_group, user=w.eve, party="kommun")
    login(client, w.bob)
    members = [
        {"id": m.pk, "user": m.user_id or "", "name": m.name, "party": m.party}
        for m in w.angered_group.members.order_by("pk")
    ]
    response = client.post(
        reverse("coordination:steering-group-edit", args=[w.angered_group.pk]),
        {
            "scope": _scope(w.angered),
            "name": "Styrgrupp Angered",
            **_formset("members", members, initial=len(members)),
        },
    )
    assert response.status_code == 302
    assert SteeringGroupMember.objects.get(pk=member.pk).user == w.eve


def test_it_offers_a_regional_role_only_to_who_may_give_it(client, w):
    login(client, w.charlie)
    roles = dict(
        client.get(reverse("coordination:assignment-create")).context["form"].fields["role"].choices
    )
    assert "regionkoordinator" not in roles and "samordnare" in roles
    login(client, w.admin)
    response = client.post(
        reverse("coordination:assignment-create"),
        {
            "user": w.frank.pk,
            "role": "regionkoordinator",
            "scope": _scope(w.region),
            "party": "region",
            "valid_from": "2026-01-01",
        },
    )
    assert response.status_code == 302
    assert Assignment.objects.get(user=w.frank).region == w.region


def test_it_never_offers_an_owner_the_user_does_not_set_up(client, w):
    login(client, w.charlie)
    form = client.get(reverse("followup:goal-create")).context["form"]
    assert form.fields["scope"].choices == [
        ("", "---------"),
        ("Kommuner", [(_scope(w.goteborg), "Göteborg")]),
    ]
    assert form.initial["scope"] == _scope(w.goteborg)  # the only choice, preselected
    form = client.get(reverse("followup:indicator-create")).context["form"]
    assert set(form.fields["goal"].queryset) == {w.gbg_goal}
    assert set(form.fields["numerator"].queryset) == {w.gbg_visits}


@pytest.mark.parametrize("day", [datetime.date(2026, 1, 1)])
def test_it_names_the_owner_of_each_period_offered_for_a_new_report(client, w, day):
    login(client, w.admin)
    form = client.get(reverse("followup:report-create")).context["form"]
    labels = {label for _v, label in form.fields["period"].choices if _v}
    assert labels == {"2026 kvartal 3 – Göteborg", "2026 kvartal 3 – Härryda"}
