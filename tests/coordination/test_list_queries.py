"""The list pages run the same number of queries whatever the number of rows."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from centres.models import Principal
from tests.conftest import login
from tests.coordination.factories import (
    make_agreement,
    make_cost,
    make_decision,
    make_dilemma,
    make_meeting,
    make_participation,
    make_steering_group,
    make_training,
)


def _add_rows(w, n: int, i0: int) -> None:
    for i in range(i0, i0 + n):
        scope = [w.angered, w.centrum, w.hjallbo, w.goteborg][i % 4]
        group = make_steering_group(
            scope, f"Grupp {i}", parties=["kommun"] if i % 2 else ["kommun", "region"]
        )
        meeting = make_meeting(scope, group=group, date=datetime.date(2026, 1, 1 + i % 28))
        make_decision(meeting, responsible=w.bob, due_date=datetime.date(2026, 2, 1))
        make_dilemma([w.angered, w.centrum][i % 2], w.alice, title=f"Dilemma {i}")
        event = make_training([w.angered, w.goteborg][i % 2], title=f"Utbildning {i}")
        make_participation(event, w.angered, Principal.REGION, i)
        agreement = make_agreement([w.angered, w.goteborg][i % 2], title=f"Avtal {i}")
        make_cost(agreement, "100")
        make_cost(agreement, "200", Principal.REGION)


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "name",
    [
        "coordination:steering-group-list",
        "coordination:meeting-list",
        "coordination:dilemma-list",
        "coordination:training-list",
        "coordination:agreement-list",
        "coordination:assignment-list",
        "coordination:my-assignments",
    ],
)
def test_it_runs_a_fixed_number_of_queries(client, world, name):
    login(client, world.admin)
    url = reverse(name)
    _add_rows(world, 2, 0)
    few = _count(client, url)
    _add_rows(world, 20, 2)
    assert _count(client, url) == few
    assert few <= 12


def test_it_renders_the_home_panel_with_a_fixed_number_of_queries(client, world):
    login(client, world.bob)
    _add_rows(world, 2, 0)
    few = _count(client, reverse("home"))
    _add_rows(world, 10, 2)
    assert _count(client, reverse("home")) == few
