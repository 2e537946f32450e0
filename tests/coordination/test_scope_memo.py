"""What a user's assignments cover is worked out once per user object (`coordination.rules`):
the kept ids must equal a fresh computation after every change to assignments or to where a
centre, district or municipality belongs."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from coordination.models import EDITING_ROLES, REVIEWING_ROLES
from coordination.rules import (
    ALL_ROLES,
    area_of,
    centres_for_user,
    covered_districts,
    covers,
    own_area,
)
from tests.conftest import login
from tests.factories import Role, assign, make_centre, make_district, make_municipality, make_region

ROLE_SETS = [EDITING_ROLES, REVIEWING_ROLES, ALL_ROLES, [Role.SAMORDNARE], [Role.KOORDINATOR]]


def _scope(user) -> dict:
    """Everything the rules say about the user's scope, as plain sets."""
    municipalities, regions = area_of(user) or ((), ())
    area = own_area(user)
    return {
        "centres": [set(centres_for_user(user, roles)) for roles in ROLE_SETS],
        "covered": set(covered_districts(user)),
        "municipalities": set(municipalities),
        "regions": set(regions),
        "area": area and (set(area.centres), set(area.districts), set(area.municipalities)),
    }


def _fresh(user):
    return get_user_model().objects.get(pk=user.pk)


@pytest.fixture
def asked(world):
    """Every cast member, each asked once: their objects now hold the worked-out ids."""
    for name in ("alice", "bob", "charlie", "diana", "eve", "grace", "heidi"):
        _scope(getattr(world, name))
    return world


def _assert_current(world) -> None:
    for name in ("alice", "bob", "charlie", "diana", "eve", "grace", "heidi"):
        user = getattr(world, name)
        assert _scope(user) == _scope(_fresh(user)), name


def test_a_new_assignment_counts_at_once(asked):
    world = asked
    assert not covers(world.alice, world.kungssten, EDITING_ROLES)
    assign(world.alice, Role.SAMORDNARE, world.kungssten)
    assert covers(world.alice, world.kungssten, EDITING_ROLES)
    _assert_current(world)


def test_an_ended_or_removed_assignment_stops_counting(frozen_today, asked):
    world = asked
    ended = world.bob.assignments.get()
    ended.valid_to = frozen_today - datetime.timedelta(days=1)
    ended.save()
    assert not covers(world.bob, world.hjallbo, REVIEWING_ROLES)
    world.grace.assignments.all().delete()
    assert area_of(world.grace) is None
    _assert_current(world)


def test_a_centre_moved_to_another_district_moves_with_its_scope(asked):
    world = asked
    assert covers(world.bob, world.hjallbo, REVIEWING_ROLES)
    world.hjallbo.district = world.centrum
    world.hjallbo.save()
    assert not covers(world.bob, world.hjallbo, REVIEWING_ROLES)
    assert world.centrum in set(covered_districts(world.alice))
    _assert_current(world)


def test_register_changes_higher_up_count_too(asked):
    world = asked
    # A new district and centre in Göteborg: the koordinator covers them at once.
    district = make_district("Nordost", world.goteborg)
    centre = make_centre("Gårdsten", district)
    assert covers(world.charlie, centre, REVIEWING_ROLES)
    # Mölnlycke district moved to a new municipality: no longer Härryda's koordinator's.
    elsewhere = make_municipality("Partille", "1402", region=world.region)
    world.molnlycke.municipality = elsewhere
    world.molnlycke.save()
    assert not covers(world.grace, world.molnlycke_fc, REVIEWING_ROLES)
    assert elsewhere in set(area_of(world.eve)[0])
    # A municipality moves to another region: the regional koordinator's area shrinks.
    world.harryda.region = make_region("Hallands län", "13")
    world.harryda.save()
    assert not covers(world.heidi, world.harryda, [Role.REGIONAL_KOORDINATOR])
    _assert_current(world)
    centre.delete()
    district.delete()
    _assert_current(world)


def test_a_day_later_an_assignment_that_ended_yesterday_no_longer_counts(world, monkeypatch):
    from django.utils import timezone

    today = datetime.date(2026, 11, 23)
    monkeypatch.setattr(timezone, "localdate", lambda value=None, timezone=None: today)
    assign(world.alice, Role.SAMORDNARE, world.kungssten, valid_to=today)
    assert covers(world.alice, world.kungssten, EDITING_ROLES)
    today = today + datetime.timedelta(days=1)
    assert not covers(world.alice, world.kungssten, EDITING_ROLES)


def test_a_page_works_the_scope_out_once(client, world, django_assert_max_num_queries):
    # The view's lists and the permission checks (which see through request.user's lazy
    # wrapper) share one worked-out scope: its assignments are read once per request.
    login(client, world.bob)
    with django_assert_max_num_queries(40) as queries:
        assert client.get(reverse("home")).status_code == 200
    reads = [q for q in queries.captured_queries if 'FROM "coordination_assignment"' in q["sql"]]
    own = [
        q for q in reads if q["sql"].lstrip().startswith('SELECT "coordination_assignment"."role"')
    ]
    assert len(own) == 1
