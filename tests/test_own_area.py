"""Pages show the user's own area by default, with "Visa alla" beside it, and the same figure is
the same number on every page.

The world: Göteborg (Angered with Hjällbo, Centrum with Kungssten) and Härryda (Mölnlycke).
diana is chef over Angered, charlie koordinator for Göteborg, grace for Härryda; frank has no
assignment and sees everything.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.conftest import login
from tests.coordination.factories import (
    make_agreement,
    make_dilemma,
    make_meeting,
    make_steering_group,
    make_training,
)


def _open_centres_on_start_page(client) -> int:
    html = client.get("/").content.decode()
    return int(re.search(r"Öppna centraler</dt><dd[^>]*>(\d+)<", html).group(1))


def _listed(client, name: str, **params) -> list[str]:
    page = client.get(reverse(name), params).context["page"]
    return sorted(str(obj) for obj in page.paginator.object_list)


@pytest.mark.parametrize(
    ("user", "centres"),
    [
        ("diana", ["Hjällbo familjecentral"]),
        ("charlie", ["Hjällbo familjecentral", "Kungssten"]),
        ("grace", ["Mölnlycke familjecentral"]),
        ("frank", ["Hjällbo familjecentral", "Kungssten", "Mölnlycke familjecentral"]),
    ],
)
def test_the_start_page_and_the_centre_list_count_the_same_centres(client, world, user, centres):
    login(client, getattr(world, user))

    assert _open_centres_on_start_page(client) == len(centres)
    assert _listed(client, "centres:centre-list") == centres
    everything = _listed(client, "centres:centre-list", scope="alla")
    assert everything == ["Hjällbo familjecentral", "Kungssten", "Mölnlycke familjecentral"]


def test_the_start_page_says_its_counts_are_the_users_area(client, world):
    html = login(client, world.grace).get("/").content.decode()
    assert 'data-testid="register-area"' in html
    assert f'href="{reverse("centres:centre-list")}?scope=alla"' in html

    html = login(client, world.frank).get("/").content.decode()
    assert 'data-testid="register-area"' not in html  # frank's area is everything


def test_district_and_municipality_lists_start_in_the_users_area(client, world):
    login(client, world.alice)  # samordnare at Hjällbo, in Angered, in Göteborg

    assert _listed(client, "centres:district-list") == ["Angered"]
    assert _listed(client, "centres:municipality-list") == ["Göteborg"]
    assert _listed(client, "centres:municipality-list", scope="alla") == ["Göteborg", "Härryda"]
    assert len(_listed(client, "centres:district-list", scope="alla")) == 3


def test_governance_lists_start_in_the_users_area(client, world):
    make_agreement(world.goteborg, title="Avtal Göteborg")
    make_agreement(world.harryda, title="Avtal Härryda")
    make_steering_group(world.hjallbo, name="Styrgrupp Hjällbo")
    make_steering_group(world.molnlycke, name="Styrgrupp Mölnlycke")
    make_meeting(world.angered, title="Möte Angered")
    make_meeting(world.harryda, title="Möte Härryda")
    make_training(world.centrum, title="Utbildning Centrum")
    make_training(world.harryda, title="Utbildning Härryda")
    make_dilemma(world.angered, world.alice, title="Dilemma Angered")
    make_dilemma(world.molnlycke, world.eve, title="Dilemma Mölnlycke")
    login(client, world.charlie)  # Göteborg

    def titles(name, **params):
        page = client.get(reverse(name), params).context["page"]
        return sorted(getattr(o, "title", None) or o.name for o in page.paginator.object_list)

    assert titles("coordination:agreement-list") == ["Avtal Göteborg"]
    assert titles("coordination:steering-group-list") == ["Styrgrupp Hjällbo"]
    assert titles("coordination:meeting-list") == ["Möte Angered"]
    assert titles("coordination:training-list") == ["Utbildning Centrum"]
    assert titles("coordination:dilemma-list") == ["Dilemma Angered"]
    everything = titles("coordination:agreement-list", scope="alla")
    assert everything == ["Avtal Göteborg", "Avtal Härryda"]
    assert titles("coordination:dilemma-list", scope="alla") == [
        "Dilemma Angered",
        "Dilemma Mölnlycke",
    ]


@pytest.mark.parametrize(
    ("name", "field"),
    [
        ("centres:centre-list", "district"),
        ("centres:centre-list", "municipality"),
        ("centres:district-list", "municipality"),
        ("followup:report-list", "district"),
        ("followup:report-list", "centre"),
        ("followup:report-list", "period"),
    ],
)
def test_a_filter_offers_the_own_area_and_the_country_after_show_all(client, world, name, field):
    """A country of 290 municipalities must not put every one of them, their districts and
    their periods into every filter: "Mitt område" offers the area's, "Visa alla" all."""
    from tests.followup.factories import make_period

    make_period(municipality=world.goteborg)
    make_period(municipality=world.harryda)
    login(client, world.charlie)  # koordinator for Göteborg

    def offered(**params) -> set[str]:
        form = client.get(reverse(name), params).context["form"]
        return {str(getattr(o, "municipality", None) or o) for o in form.fields[field].queryset}

    mine, everything = offered(), offered(scope="alla")
    assert mine and mine < everything
    assert not any("Härryda" in o or "Mölnlycke" in o for o in mine)
    assert any("Härryda" in o or "Mölnlycke" in o for o in everything)
