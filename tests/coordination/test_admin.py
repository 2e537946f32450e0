import datetime

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from centres.models import Principal
from coordination.models import Assignment, DecisionStatus, Role
from tests.conftest import login
from tests.coordination.factories import (
    make_agreement,
    make_cost,
    make_decision,
    make_dilemma,
    make_document,
    make_meeting,
    make_participation,
    make_steering_group,
    make_training,
)
from tests.factories import assign

MODELS = [m for m in admin.site._registry if m._meta.app_label == "coordination"]


@pytest.fixture
def objects(world):
    group = make_steering_group(world.angered)
    meeting = make_meeting(world.angered, group=group)
    training = make_training(world.angered)
    agreement = make_agreement(world.angered)
    return [
        group,
        group.members.first(),
        meeting,
        make_decision(meeting, responsible=world.bob),
        make_dilemma(world.angered, world.alice),
        training,
        make_participation(training, world.angered, Principal.REGION, 3),
        agreement,
        make_cost(agreement, "100"),
        Assignment.objects.first(),
        make_document(group),
    ]


def test_it_registers_every_model():
    names = {m.__name__ for m in MODELS}
    assert names >= {
        "Assignment",
        "SteeringGroup",
        "SteeringGroupMember",
        "Meeting",
        "Decision",
        "Dilemma",
        "TrainingEvent",
        "TrainingParticipation",
        "Agreement",
        "CostEntry",
        "Document",
    }


def test_it_loads_every_admin_page(client, world, objects):
    login(client, world.admin)
    by_model = {type(o): o for o in objects}
    for model in MODELS:
        info = (model._meta.app_label, model._meta.model_name)
        obj = by_model[model]
        for name, args in [
            ("changelist", []),
            ("add", []),
            ("change", [obj.pk]),
            ("history", [obj.pk]),
        ]:
            url = reverse(f"admin:{info[0]}_{info[1]}_{name}", args=args)
            assert client.get(url).status_code == 200, url
        search = reverse(f"admin:{info[0]}_{info[1]}_changelist") + "?q=a"
        assert client.get(search).status_code == 200, search


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ("?active=yes", {"alice", "bob", "charlie", "diana", "eve", "grace", "heidi"}),
        ("?active=no", {"frank"}),
        ("?scope=centre", {"alice", "eve"}),
        ("?scope=district", {"bob", "diana", "frank"}),
        ("?role=samordnare", {"alice", "eve"}),
        ("?role=chef", {"diana", "frank"}),
    ],
)
def test_it_filters_assignments_in_admin(client, world, query, shown):
    # Frank was chef of Centrum until 2021: ended, district scope.
    assign(world.frank, Role.CHEF, world.centrum, valid_to=datetime.date(2021, 12, 31))
    login(client, world.admin)
    response = client.get(reverse("admin:coordination_assignment_changelist") + query)
    assert {a.user.username for a in response.context["cl"].result_list} == shown


def _listed(client, url) -> set:
    response = client.get(url)
    assert response.status_code == 200, url
    return set(response.context["cl"].result_list)


def test_it_filters_agreements_and_decisions_in_admin(client, world):
    today = timezone.localdate()
    in_force = make_agreement(world.angered)
    expired = make_agreement(
        world.centrum, valid_from=datetime.date(2019, 1, 1), valid_to=datetime.date(2021, 12, 31)
    )
    upcoming = make_agreement(
        world.goteborg,
        valid_from=today + datetime.timedelta(days=400),
        valid_to=today + datetime.timedelta(days=800),
    )
    district_group = make_steering_group(world.angered)
    municipality_group = make_steering_group(world.goteborg)
    meeting = make_meeting(world.angered, group=district_group)
    overdue = make_decision(meeting, due_date=today - datetime.timedelta(days=1))
    due_later = make_decision(meeting, due_date=today + datetime.timedelta(days=30))
    done = make_decision(
        meeting, due_date=today - datetime.timedelta(days=1), status=DecisionStatus.DONE
    )
    undated = make_decision(meeting)
    login(client, world.admin)

    agreements = _listed(
        client, reverse("admin:coordination_agreement_changelist") + "?status=gallande"
    )
    assert in_force in agreements
    assert not agreements & {expired, upcoming}
    decisions = _listed(client, reverse("admin:coordination_decision_changelist") + "?overdue=yes")
    assert decisions == {overdue}
    assert not decisions & {due_later, done, undated}
    groups = _listed(
        client, reverse("admin:coordination_steeringgroup_changelist") + "?scope=district"
    )
    assert groups == {district_group}
    assert municipality_group not in groups
