import pytest
from django.contrib import admin
from django.urls import reverse

from centres.models import Principal
from coordination.models import Assignment
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
    "query",
    ["?active=yes", "?active=no", "?scope=centre", "?role=samordnare"],
)
def test_it_filters_assignments_in_admin(client, world, query):
    login(client, world.admin)
    response = client.get(reverse("admin:coordination_assignment_changelist") + query)
    assert response.status_code == 200


def test_it_filters_agreements_and_decisions_in_admin(client, world, objects):
    login(client, world.admin)
    for url in [
        reverse("admin:coordination_agreement_changelist") + "?status=gallande",
        reverse("admin:coordination_decision_changelist") + "?overdue=yes",
        reverse("admin:coordination_steeringgroup_changelist") + "?scope=district",
    ]:
        assert client.get(url).status_code == 200, url
