"""A chef's start page: their area in one minute (issue 19, item 10), on the hand-computed
figures of tests/followup/figures.py (TODAY 2026-11-23)."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from followup.comparison import manager_overview
from followup.models import ReportStatus
from followup.rules import manager_scope
from tests.conftest import login
from tests.factories import Role, assign, make_centre, make_user
from tests.followup.factories import make_report, set_value

HOME = reverse("home")


@pytest.fixture
def chef(figures):
    """A chef of the whole of Göteborg (Hjällbo, Kungssten and the closed Hammarkullen)."""
    user = make_user("gunnel", first_name="Gunnel", last_name="Gren")
    assign(user, Role.CHEF, figures.world.goteborg)
    return user


def _overview(response):
    return response.context["manager"]


def _indicator(overview, code: str):
    return next(p for p in overview.indicators if p.indicator.code == code)


def test_a_chef_of_the_municipality_sees_this_year_against_the_same_span_last_year(
    client, figures, frozen_today, chef
):
    overview = _overview(login(client, chef).get(HOME))

    forsta = _indicator(overview, "FORSTA")
    # 2026 Q4 holds no published report: 2026 is Q1–Q3, 205 + 205 + 165 = 575, against
    # 2025 Q1–Q3, 230 + 235 + 150 = 615 (not the whole 2025, 835), named as the årsrapport
    # names them.
    assert forsta.span.label == "hittills i år, jan–sep"
    assert forsta.total.number == Decimal("575")
    assert forsta.total.centres == 2
    assert forsta.last_span.label_with_year == "jan–sep 2025"
    assert forsta.last_year.number == Decimal("615")
    assert forsta.change == Decimal("-40")
    # The year's target, 800 per municipality, waits for the whole year; a quarter's target
    # is never multiplied into a year's (110 × 2 centres × 3 quarters = 660 is not shown).
    assert forsta.target is None
    assert forsta.target_note == (
        "Årsmål 800 per kommun och år: jämförs när hela året är rapporterat (hittills jan–sep)."
    )
    # The latest ended quarter with figures, 2026 Q3: Hjällbo 85 + Kungssten 80 = 165,
    # against its own target 110 per centre × 2 centres = 220: below.
    assert str(forsta.period) == "2026 kvartal 3"
    assert forsta.period_total.number == Decimal("165")
    assert forsta.period_target.value == Decimal("220")
    assert forsta.period_target.legend == "110 per central och kvartal × 2 centraler = 220"
    assert forsta.period_meets_target is False

    besok = _indicator(overview, "R-BESOK")
    # The region's year 2026 (January–December, the whole year in the årsrapport's reading):
    # Hjällbo 4200 + Kungssten 3100 = 7300, against 4000 per centre and year × 2 centres =
    # 8000; 2025: 4000 + 3000 + 1500 = 8500. A yearly indicator has no latest period line.
    assert besok.span.label == ""
    assert besok.total.number == Decimal("7300")
    assert besok.target.value == Decimal("8000")
    assert besok.target.legend == "4000 per central och år × 2 centraler = 8000"
    assert besok.last_year.number == Decimal("8500")
    assert besok.period is None

    # Yes/no, per centre over the span as in the årsrapport: 2026 Q1 Hjällbo yes, Kungssten
    # no; Q2 both yes: 2 of 2 centres said yes in January–June (never 3 of 4 centre-quarters).
    # No 2025 answers.
    utbildad = _indicator(overview, "UTBILDAD")
    assert utbildad.span.label == "hittills i år, jan–jun"
    assert (utbildad.total.text, utbildad.total.centres) == ("2 av 2", 2)
    assert utbildad.last_year is None
    assert utbildad.period is None  # no target


def test_the_page_prints_the_figures(client, figures, frozen_today, chef):
    text = login(client, chef).get(HOME).content.decode()

    assert "Ditt område på en minut" in text
    for figure in ("575", "615", "165", "220", "7300", "8000", "8500"):
        assert re.search(rf">{figure}[<\s]", text), figure
    assert "Under målvärdet" in text
    assert "hittills i år, jan–sep" in text and "jan–sep 2025" in text
    assert "Årsmål 800 per kommun och år: jämförs när hela året är rapporterat" in text
    assert "2026 kvartal 3" in text
    assert "110 per central och kvartal × 2 centraler = 220" in text
    assert ">660<" not in text and ">800<" not in text
    for url in (
        reverse("followup:dashboard-index"),
        reverse("followup:dashboard-completeness"),
        reverse("followup:dashboard-indicators"),
        reverse("followup:dashboard-regional"),
    ):
        assert f'href="{url}"' in text


def test_a_chef_of_a_district_sees_their_district(client, figures, frozen_today):
    """Diana is chef of Angered: Hjällbo, and Hammarkullen until it closed on 2025-06-30."""
    overview = _overview(login(client, figures.world.diana).get(HOME))

    assert [c.name for c in overview.centres] == ["Hjällbo familjecentral"]
    forsta = _indicator(overview, "FORSTA")
    # 2026 Q1–Q3: Hjällbo 105 + 115 + 85 = 305; 2025 Q1–Q3: Hjällbo 100 + 110 + 80 and
    # Hammarkullen 40 + 30 = 360; no year's target beside part of a year. 2026 Q3: Hjällbo
    # 85 against 110 per centre × 1.
    assert (forsta.total.number, forsta.last_year.number) == (Decimal("305"), Decimal("360"))
    assert forsta.target is None
    assert (forsta.period_total.number, forsta.period_target.value) == (
        Decimal("85"),
        Decimal("110"),
    )
    assert forsta.period_target.legend == "110 per central och kvartal"
    besok = _indicator(overview, "R-BESOK")
    # 4200 against 4000 per centre × 1: met.
    assert (besok.total.number, besok.target.value, besok.meets_target) == (
        Decimal("4200"),
        Decimal("4000"),
        True,
    )


def test_a_district_chef_sees_no_municipality_target(figures, frozen_today, chef):
    """A target per municipality says nothing of one district: a district's chef is shown
    none, with the årsrapport's reason for a year's target (here FORSTA's 2026 quarterly
    target and R-BESOK's 2026 yearly one are set per municipality instead)."""
    for target in figures.targets:
        if target.year == 2026 and target.indicator.code in ("FORSTA", "R-BESOK"):
            target.level = "kommun"
            target.save()

    overview = manager_overview(*manager_scope(figures.world.diana))

    forsta = _indicator(overview, "FORSTA")
    assert (forsta.period, forsta.period_target) == (None, None)
    besok = _indicator(overview, "R-BESOK")
    assert besok.target is None
    assert besok.target_note == (
        "Målet 4000 per kommun och år gäller en större helhet och jämförs inte med en del av den."
    )
    # The chef of the whole of Göteborg: 4000 per municipality × 1 against 7300; 2026 Q3's
    # 110 per municipality × 1 = 110 against 165.
    overview = manager_overview(*manager_scope(chef))
    besok = _indicator(overview, "R-BESOK")
    assert (besok.target.value, besok.target.legend) == (Decimal("4000"), "4000 per kommun och år")
    forsta = _indicator(overview, "FORSTA")
    assert (forsta.period_total.number, forsta.period_target.value) == (
        Decimal("165"),
        Decimal("110"),
    )


def test_it_lists_the_centres_behind_on_reporting(client, figures, frozen_today, chef):
    """Of the periods ended and due in the last twelve months (Göteborg's 2025 Q4 and 2026
    Q1–Q3, two centres each; the region's 2025, three centres: 11 reports): Hjällbo has no
    report for 2026 Q3, submitted 2026 Q2 late (last day 30 July, first submitted 15
    August) and Kungssten's 2026 Q1 is a draft never submitted. 8 of 11 on time."""
    reports = figures.reports
    reports[(2026, 3), "hjallbo"].delete()
    late = reports[(2026, 2), "hjallbo"]
    late.first_submitted_at = timezone.make_aware(datetime.datetime(2026, 8, 15, 10))
    late.save()
    draft = reports[(2026, 1), "kungssten"]
    draft.status, draft.submitted_at, draft.first_submitted_at = ReportStatus.DRAFT, None, None
    draft.approved_at = None
    draft.save()

    response = login(client, chef).get(HOME)

    overview = _overview(response)
    assert (overview.expected, overview.on_time, overview.on_time_percent) == (11, 8, 73)
    assert [(b.centre.name, str(b.period), b.label) for b in overview.behind] == [
        ("Hjällbo familjecentral", "2026 kvartal 3", "Ingen rapport"),
        ("Hjällbo familjecentral", "2026 kvartal 2", "Inlämnad sent"),
        ("Kungssten", "2026 kvartal 1", "Ej inlämnad"),
    ]
    text = response.content.decode()
    assert "<strong>8 av 11</strong> rapporter inlämnade i tid (73 %)" in text
    assert "sista dag 30 juli 2026" in text


def test_nobody_is_behind_when_every_report_came_in_on_time(client, figures, frozen_today, chef):
    overview = _overview(login(client, chef).get(HOME))

    # The closed Hammarkullen is expected in nothing of the last twelve months but the
    # region's 2025, where it reported.
    assert (overview.expected, overview.on_time, overview.behind) == (11, 11, [])
    assert [c.name for c in overview.centres] == ["Hjällbo familjecentral", "Kungssten"]


@pytest.mark.parametrize("name", ["alice", "charlie", "heidi"])
def test_only_a_chef_gets_the_manager_overview(client, figures, frozen_today, name):
    response = login(client, getattr(figures.world, name)).get(HOME)

    assert response.context["manager"] is None
    assert "Ditt område på en minut" not in response.content.decode()


def test_the_overview_takes_few_queries(figures, frozen_today, chef, django_assert_max_num_queries):
    """Six queries, whatever the number of centres, periods and indicators."""
    w = figures.world
    for n in range(3):
        centre = make_centre(f"Ny central {n}", w.centrum)
        for key in ((2026, 1), (2026, 2)):
            report = make_report(centre, figures.quarters[key], ReportStatus.APPROVED)
            set_value(report, figures.forsta, 10)
    scope = manager_scope(chef)
    with django_assert_max_num_queries(6):
        overview = manager_overview(*scope)
    # 575 + 3 centres × 2 quarters × 10 = 635
    assert _indicator(overview, "FORSTA").total.number == Decimal("635")


def test_the_start_page_stays_fast(
    client, figures, frozen_today, chef, django_assert_max_num_queries
):
    login(client, chef)
    with django_assert_max_num_queries(30):
        assert client.get(HOME).status_code == 200


def test_the_start_page_prints_the_arsrapports_figures(client, figures, frozen_today, chef):
    """The same figure is the same on both pages (issue 19): Gunnel, chef of Göteborg, reads
    FORSTA 2026 on her start page as in Göteborg's årsrapport 2026: 205 + 205 + 165 = 575,
    "hittills i år, jan–sep", the yearly target 800 per municipality not compared (the
    same note), last year's same span 230 + 235 + 150 = 615; R-BESOK 4200 + 3100 = 7300
    against 4000 × 2 centres = 8000 on both; UTBILDAD "2 av 2" on both. The start page's
    2026 Q3 (85 + 80 = 165 against 110 × 2 = 220) is the indicator dashboard's."""
    login(client, chef)
    home = client.get(HOME)
    annual = client.get(
        reverse("followup:annual-report", args=["kommun", figures.world.goteborg.pk, 2026])
    )
    assert annual.status_code == 200
    start = {p.indicator.code: p for p in _overview(home).indicators}
    report = {line.indicator.code: line for line in annual.context["report"].indicators}
    home_text, annual_text = home.content.decode(), annual.content.decode()

    forsta, line = start["FORSTA"], report["FORSTA"]
    assert forsta.total.number == line.total.number == Decimal("575")
    assert forsta.span.label == line.span.label == "hittills i år, jan–sep"
    assert forsta.last_year.number == line.last_year.number == Decimal("615")
    assert forsta.last_span.label_with_year == line.last_span.label_with_year == "jan–sep 2025"
    assert forsta.target is None and line.target is None
    assert forsta.target_note == line.target_note
    note = "Årsmål 800 per kommun och år: jämförs när hela året är rapporterat (hittills jan–sep)."
    for text in (home_text, annual_text):
        assert ">575<" in text and "hittills i år, jan–sep" in text and note in text
        assert ">660<" not in text

    besok, line = start["R-BESOK"], report["R-BESOK"]
    assert besok.total.number == line.total.number == Decimal("7300")
    assert besok.span.label == line.span.label == ""
    assert (besok.target.value, besok.target.legend) == (line.target.value, line.target.legend)
    assert besok.target.legend == "4000 per central och år × 2 centraler = 8000"
    for text in (home_text, annual_text):
        assert "4000 per central och år × 2 centraler = 8000" in text

    utbildad, line = start["UTBILDAD"], report["UTBILDAD"]
    assert utbildad.total.text == line.total.text == "2 av 2"
    assert utbildad.span.label == line.span.label == "hittills i år, jan–jun"

    # The latest ended quarter against its own target, as on the indicator dashboard.
    dashboard = client.get(
        reverse("followup:dashboard-indicators"),
        {"indicator": figures.forsta.pk, "period": figures.quarters[2026, 3].pk},
    ).context["view"]
    assert forsta.period == dashboard.point.period
    assert forsta.period_total.number == dashboard.point.total.number == Decimal("165")
    assert forsta.period_target.value == dashboard.point.comparison.value == Decimal("220")
    assert forsta.period_target.legend == dashboard.point.comparison.legend


def test_a_shared_indicator_without_figures_this_year_shows_last_years_and_when_it_is_due(
    client, figures, frozen_today, chef
):
    # Nothing of the region's year 2026 is sent in yet: R-BESOK is not in this year's table
    # but named apart with Göteborg's 2025 (Hjällbo 4000 + Kungssten 3000 + Hammarkullen
    # 1500 = 8500) and the day the region's 2026 is due (31 January 2027, no grace days).
    for name in ("hjallbo", "kungssten"):
        report = figures.reports[2026, name]
        report.status = ReportStatus.DRAFT
        report.save()
    response = login(client, chef).get(HOME)
    overview = _overview(response)
    assert "R-BESOK" not in {p.indicator.code for p in overview.indicators}
    [waiting] = overview.awaiting
    assert (waiting.indicator.code, waiting.last_year.number) == ("R-BESOK", Decimal("8500"))
    assert waiting.due == figures.years[2026]
    html = response.content.decode()
    panel = html.split('data-testid="manager-awaiting"', 1)[1].split("</ul>", 1)[0]
    assert "R-BESOK" in panel and "<strong>8500</strong>" in panel
    assert "2026 ska vara inlämnad senast 31 januari 2027" in panel
