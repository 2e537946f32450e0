import datetime

from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from coordination.models import Role
from tests.conftest import login
from tests.coordination.factories import (
    make_agreement,
    make_decision,
    make_meeting,
    make_steering_group,
)
from tests.factories import assign


def _in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def _render(source: str, user, **context) -> str:
    request = RequestFactory().get("/")
    request.user = user
    return Template("{% load coordination_tags %}" + source).render(
        Context({"user": user, "request": request, **context})
    )


def test_it_names_the_people_of_a_centre(world):
    html = _render("{% scope_people centre %}", world.frank, centre=world.hjallbo)
    assert "Samordnare:" in html and "Alice Andersson" in html
    assert "Processledare / FCA-koordinator:" in html and "Bob Berg" in html
    assert "Övergripande koordinator:" in html and "Charlie Carlsson" in html
    assert "Eve" not in html
    assert "Hantera uppdrag" not in html


def test_it_names_the_samordnare_of_a_district_and_leaves_out_ended_ones(world):
    assign(
        world.frank,
        Role.PROCESSLEDARE,
        world.angered,
        valid_from=datetime.date(2018, 1, 1),
        valid_to=datetime.date(2019, 1, 1),
    )
    html = _render("{% scope_people district %}", world.charlie, district=world.angered)
    assert "Alice Andersson" in html and "(Hjällbo familjecentral)" in html
    assert "Frank" not in html
    assert "Hantera uppdrag" in html  # charlie is koordinator of Göteborg


def test_it_flags_the_districts_steering_group_that_is_not_partsammansatt(world):
    make_steering_group(world.angered, "Lokal styrgrupp Angered", parties=["kommun"])
    make_agreement(world.angered, title="Avtal Angered", valid_to=_in_days(30))
    html = _render("{% scope_governance district %}", world.frank, district=world.angered)
    assert "Lokal styrgrupp Angered" in html and "Ej partsammansatt" in html
    assert "Avtal Angered" in html and "Löper ut" in html


def test_it_shows_overdue_decisions_to_the_person_responsible(client, world):
    meeting = make_meeting(world.angered)
    make_decision(
        meeting,
        text="Ta fram lokalplan",
        responsible=world.bob,
        due_date=_in_days(-30),
    )
    make_decision(meeting, text="Inte försenat", responsible=world.bob, due_date=_in_days(30))
    login(client, world.bob)
    home = client.get(reverse("home"))
    assert "Ta fram lokalplan" in home.text and "Inte försenat" not in home.text
    login(client, world.alice)
    assert "Du har inga försenade beslut." in client.get(reverse("home")).text


def test_it_shows_agreements_expiring_within_90_days_in_the_users_scope(client, world):
    make_agreement(world.angered, title="Avtal Angered", valid_to=_in_days(60))
    make_agreement(world.molnlycke, title="Avtal Mölnlycke", valid_to=_in_days(60))
    make_agreement(world.centrum, title="Avtal Centrum", valid_to=_in_days(400))
    login(client, world.alice)
    home = client.get(reverse("home")).text
    assert "Avtal Angered" in home
    assert "Avtal Mölnlycke" not in home and "Avtal Centrum" not in home
    login(client, world.admin)
    assert "Avtal Mölnlycke" in client.get(reverse("home")).text
