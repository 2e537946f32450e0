"""Reach: children reached against the children 0–5 of each district per year, and the
population import with its dry run."""

from __future__ import annotations

import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from centres.models import DistrictPopulation
from followup.models import ReportStatus
from tests.conftest import login
from tests.factories import make_centre, make_district
from tests.followup.factories import make_goal, make_indicator, make_period, make_report, set_value

URL = reverse("followup:dashboard-reach")


@pytest.fixture
def reached(world):
    """2026: Angered has 1 000 children; Hjällbo reached 60 in Q1 and 40 in Q2 (Göteborg's
    own indicator), and 500 by the region's indicator, which is not counted on top. A draft's
    figures are not counted. Centrum has no population registered; Kungssten reached 30."""
    w = world
    DistrictPopulation.objects.create(district=w.angered, year=2026, children=1000)
    own = make_indicator(
        "Nya barn", make_goal(municipality=w.goteborg), counts_children_reached=True
    )
    shared = make_indicator(
        "Barn i regionen", make_goal(region=w.region), counts_children_reached=True
    )
    for month, number in ((1, 60), (4, 40)):
        period = make_period(datetime.date(2026, month, 1), municipality=w.goteborg)
        report = make_report(w.hjallbo, period, ReportStatus.APPROVED)
        set_value(report, own, number)
        set_value(report, shared, 500)
        set_value(make_report(w.kungssten, period, ReportStatus.SUBMITTED), own, 15)
    set_value(
        make_report(w.hjallbo, make_period(datetime.date(2026, 7, 1), municipality=w.goteborg)),
        own,
        999,
    )
    return w


def test_it_divides_the_children_reached_by_the_districts_children(client, reached):
    login(client, reached.charlie)
    rows = client.get(URL, {"year": 2026}).context["rows"]
    figures = {r.district.name: (r.children, r.reached, r.centres, r.percent) for r in rows}
    assert figures == {
        "Angered": (1000, Decimal("100"), 1, Decimal("10.0")),
        "Centrum": (None, Decimal("30"), 1, None),  # no population: no reach, not zero
    }


def test_it_shows_uppgift_saknas_where_nothing_was_reported(client, reached):
    login(client, reached.diana)
    page = client.get(URL, {"year": 2025}).content.decode()
    assert "Uppgift saknas" in page


POPULATION_CSV = "kommunkod;stadsdel;år;barn_0_5\n1480;Angered;2026;1 050\n1480;Centrum;2026;800\n"


def test_it_imports_children_per_district_after_a_dry_run_that_writes_nothing(reached, tmp_path):
    path = tmp_path / "befolkning.csv"
    path.write_text(POPULATION_CSV, encoding="utf-8")
    out = StringIO()
    call_command("import_population", path, "--dry-run", stdout=out)
    assert "rad 2: Angered (Göteborg) 2026: ändras från 1000 till 1050 barn" in out.getvalue()
    assert "rad 3: Centrum (Göteborg) 2026: ny, 800 barn" in out.getvalue()
    assert "Provkörning: 1 nya, 1 ändrade, 0 oförändrade. Inget sparades." in out.getvalue()
    assert DistrictPopulation.objects.get(district=reached.angered).children == 1000
    call_command("import_population", path, "--source", "SCB 2025-12-31", stdout=StringIO())
    assert dict(DistrictPopulation.objects.values_list("district__name", "children")) == {
        "Angered": 1050,
        "Centrum": 800,
    }


def test_it_imports_nothing_when_a_row_is_wrong_and_says_which(reached, tmp_path):
    path = tmp_path / "befolkning.csv"
    path.write_text(POPULATION_CSV + "1480;Atlantis;2026;5\n1480;Centrum;tjugo;5\n", "utf-8")
    with pytest.raises(CommandError) as refused:
        call_command("import_population", path, stdout=StringIO())
    message = str(refused.value)
    assert "rad 4: stadsdelen 'Atlantis' i kommun '1480' finns inte i registret" in message
    assert "rad 5: år och antal barn ska vara heltal" in message
    assert not DistrictPopulation.objects.filter(district=reached.centrum).exists()


def test_it_asks_for_the_columns_it_needs(db, tmp_path):
    path = tmp_path / "fel.csv"
    path.write_text("stadsdel,barn\nAngered,5\n", "utf-8")
    with pytest.raises(CommandError, match="Kolumnerna kommunkod, år, barn_0_5 saknas"):
        call_command("import_population", path, stdout=StringIO())


def test_it_runs_a_fixed_number_of_queries_whatever_the_size(
    client, reached, django_assert_max_num_queries, frozen_today
):
    login(client, reached.charlie)
    with django_assert_max_num_queries(30) as few:
        client.get(URL)
    for n in range(5):
        district = make_district(f"Ny {n}", reached.goteborg)
        DistrictPopulation.objects.create(district=district, year=2026, children=100)
        make_centre(f"Central {n}", district)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(URL)
    assert response.status_code == 200 and len(response.context["rows"]) == 2 * 7


def test_the_percent_bar_rounds_half_up_and_keeps_the_bar_inside_its_frame():
    from followup.templatetags.followup_tags import percent_bar

    assert percent_bar(None) == "–"
    half = percent_bar(Decimal("12.5"))
    assert '<rect width="13" height="8"' in half and half.endswith("</svg> 13 %")
    over = percent_bar(Decimal("131.4"))  # more children reached than live in the district
    assert '<rect width="100" height="8" fill="#146c43"' in over and over.endswith(" 131 %")


def test_a_shared_indicator_is_counted_in_its_own_series_only(client, figures, frozen_today):
    """R-BESOK counting children reached, 2025 (tests/followup/figures.py): Angered
    4000 (Hjällbo) + 1500 (Hammarkullen) = 5500, the 999 left over in Hjällbo's municipal
    quarter not added; of 3200 children: 5500 × 100 / 3200 = 171,875 → 171,9 %."""
    from followup.models import Indicator

    Indicator.objects.filter(pk=figures.besok.pk).update(counts_children_reached=True)
    login(client, figures.world.heidi)  # the regional koordinator: both municipalities
    rows = client.get(URL, {"year": 2025}).context["rows"]
    assert {r.district.name: (r.reached, r.children, r.percent, r.span_label) for r in rows} == {
        "Angered": (Decimal("5500"), 3200, Decimal("171.9"), ""),  # 5500 / 3200
        "Centrum": (Decimal("3000"), 1800, Decimal("166.7"), ""),  # 3000 / 1800
        "Mölnlycke": (Decimal("2000"), 1000, Decimal("200.0"), ""),  # 2000 / 1000
    }


def test_a_partial_year_names_its_span(client, figures, frozen_today):
    """FORSTA counting children reached: Angered 2026 Q1–Q3 Hjällbo 105 + 115 + 85 = 305
    ("hittills i år, jan–sep"), 2025 whole: 100 + 110 + 80 + 120 + 40 + 30 = 480."""
    from followup.models import Indicator

    Indicator.objects.filter(pk=figures.forsta.pk).update(counts_children_reached=True)
    login(client, figures.world.diana)  # chef of Angered
    response = client.get(URL, {"district": figures.world.angered.pk})
    rows = {
        r.year: (r.reached, r.span_label, r.last_year, r.last_span_label)
        for r in response.context["rows"]
    }
    # The same span last year, 2025 Q1–Q3: Hjällbo 100 + 110 + 80, Hammarkullen 40 + 30 = 360;
    # for 2025 the whole 2024, of which nothing was reported.
    assert rows == {
        2026: (Decimal("305"), "hittills i år, jan–sep", Decimal("360"), "jan–sep 2025"),
        2025: (Decimal("480"), "", None, "2024"),
    }
    page = response.content.decode()
    assert "hittills i år, jan–sep" in page and "jan–sep 2025" in page
