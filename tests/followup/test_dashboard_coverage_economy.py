"""The coverage and economy dashboards: figures checked against hand-computed ones, the files,
the scope and the number of queries."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from centres.models import Principal
from tests.conftest import login
from tests.coordination.factories import make_agreement, make_cost, make_steering_group
from tests.factories import Role, assign, make_centre, make_district, make_user
from tests.followup.factories import make_period

COVERAGE = reverse("followup:dashboard-coverage")
ECONOMY = reverse("followup:dashboard-economy")


@pytest.fixture
def register(world):
    """Göteborg: Angered with Hjällbo (all four basverksamheter, samordnare alice) and
    processledare bob; Centrum with Kungssten (BVC and öppen förskola only), whose samordnare
    left on 30 June 2025, and no processledare; Tomma, a district without any centre. A
    Göteborg steering group with region members only; Härryda's is not Göteborg's."""
    world.tomma = make_district("Tomma", world.goteborg)
    gone = make_user("gone")
    assign(
        gone,
        Role.SAMORDNARE,
        world.kungssten,
        valid_from=datetime.date(2022, 1, 1),
        valid_to=datetime.date(2025, 6, 30),
    )
    make_steering_group(world.angered, "Styrgrupp Angered")
    make_steering_group(world.goteborg, "Regionens grupp", parties=["region"])
    make_steering_group(world.harryda, "Härrydas grupp", parties=["kommun"])
    return world


def test_it_shows_what_each_centre_and_district_lacks(client, register):
    login(client, register.charlie)
    response = client.get(COVERAGE)
    centres = {
        c.centre.name: (
            c.result.classification,
            [t.code for t in c.result.missing],
            c.has_samordnare,
            c.empty_since,
        )
        for c in response.context["centres"]
    }
    assert centres == {
        "Hjällbo familjecentral": ("familjecentral", [], True, None),
        "Kungssten": ("liknande", ["mvc", "socialtjanst"], False, datetime.date(2025, 7, 1)),
    }
    districts = {
        d.district.name: (d.centre_count, d.familjecentral_count, d.meets_rule, d.has_processledare)
        for d in response.context["districts"]
    }
    assert districts == {
        "Angered": (1, 1, True, True),
        "Centrum": (1, 0, False, False),
        "Tomma": (0, 0, False, False),
    }
    assert [g.name for g in response.context["groups"]] == ["Regionens grupp"]
    page = response.content.decode()
    assert "Saknas sedan 2025-07-01" in page and "Ingen familjecentral" in page


def test_it_shows_a_district_chef_only_their_district(client, register):
    login(client, register.diana)  # chef of Angered
    response = client.get(COVERAGE)
    assert [d.district.name for d in response.context["districts"]] == ["Angered"]
    assert [c.centre.name for c in response.context["centres"]] == ["Hjällbo familjecentral"]
    assert response.context["groups"] == []


def test_it_downloads_the_districts_as_excel(client, register):
    login(client, register.charlie)
    response = client.get(COVERAGE, {"table": "districts", "format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:4] == ("Stadsdel", "Kommun", "Öppna centraler", "Familjecentraler")
    assert ("Tomma", "Göteborg", 0, 0, "Nej", "Nej", None) in rows


def _agreements(world) -> None:
    year = datetime.date.today().year
    angered = make_agreement(world.angered, title="Avtal Angered")
    make_cost(angered, "1000", Principal.REGION, date=datetime.date(year, 2, 1))
    make_cost(angered, "3000", Principal.MUNICIPALITY, date=datetime.date(year, 3, 1))
    make_cost(angered, "999", Principal.REGION, date=datetime.date(year - 1, 3, 1))  # last year
    centrum = make_agreement(
        world.centrum,
        title="Avtal Centrum",
        share_region_percent=Decimal("60"),
        share_municipality_percent=Decimal("40"),
    )
    make_cost(centrum, "500", Principal.REGION, date=datetime.date(year, 5, 1))
    make_agreement(
        world.goteborg,
        title="Gammalt avtal",
        valid_from=datetime.date(2018, 1, 1),
        valid_to=datetime.date(2020, 12, 31),
    )
    make_agreement(world.harryda, title="Avtal Härryda")


def test_it_settles_every_agreement_of_the_year_by_its_key(client, world):
    _agreements(world)
    login(client, world.charlie)
    response = client.get(ECONOMY)
    rows = {
        r.agreement.title: (
            r.status,
            r.settlement.paid_region,
            r.settlement.paid_municipality,
            r.settlement.balance,
        )
        for r in response.context["rows"]
    }
    assert rows == {
        # 4 000 shared 50/50: the region paid 1 000 of its 2 000
        "Avtal Angered": ("gallande", Decimal("1000"), Decimal("3000"), Decimal("1000")),
        # 500 shared 60/40: the region paid 500 of its 300
        "Avtal Centrum": ("gallande", Decimal("500"), Decimal("0"), Decimal("-200")),
        "Gammalt avtal": ("utgangen", Decimal("0"), Decimal("0"), Decimal("0")),
    }
    counts = {status.value: n for status, n in response.context["by_status"]}
    assert counts == {"kommande": 0, "gallande": 2, "loper-ut": 0, "utgangen": 1}
    page = response.content.decode().replace("\xa0", " ")
    assert "Regionen ska betala 1 000 kr till kommunen." in page
    assert "Kommunen ska betala 200 kr till regionen." in page
    assert "Avtal Härryda" not in page


def test_it_downloads_the_economy_with_amounts_as_numbers(client, world):
    _agreements(world)
    login(client, world.charlie)
    year = datetime.date.today().year - 1
    response = client.get(ECONOMY, {"year": year, "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == f"Ekonomi {year}"
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["Avtal Angered"][5:10] == (999, 0, 499.5, 499.5, -499.5)


def test_it_runs_a_fixed_number_of_queries_whatever_the_size(
    client, register, django_assert_max_num_queries
):
    _agreements(register)
    login(client, register.charlie)
    counts = {}
    for url in (COVERAGE, ECONOMY):
        with django_assert_max_num_queries(40) as q:
            client.get(url)
        counts[url] = len(q.captured_queries)
    for n in range(8):
        district = make_district(f"Ny stadsdel {n}", register.goteborg)
        make_centre(f"Ny central {n}", district, services=["bvc"])
        make_agreement(district, title=f"Avtal {n}")
        make_steering_group(district, f"Grupp {n}", parties=["kommun"])
    for url, count in counts.items():
        with django_assert_max_num_queries(count):
            response = client.get(url)
        assert response.status_code == 200


def test_it_settles_the_year_of_a_chosen_period(client, world):
    _agreements(world)
    period = make_period(datetime.date(2025, 7, 1), municipality=world.goteborg)
    login(client, world.charlie)
    response = client.get(ECONOMY, {"period": period.pk})
    assert response.context["year"] == 2025
