"""The årsrapport: what it holds for a centre and a municipality, small counts shown as "<5",
the scope, and the PDF (page numbers, contents, the centre's name and the goal headings).
Issue 19 on the hand-computed figures: each indicator counted once in its own series, a
partial year named and compared with the same span, the yearly target only beside a whole
year, closed centres only in the years they were open (also on the arbetssätt dashboard)."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from coordination.models import Decision
from followup.models import GoalAssessment, IndicatorTarget, ReportStatus, TargetLevel
from tests.conftest import login
from tests.coordination.factories import (
    make_agreement,
    make_cost,
    make_meeting,
    make_participation,
    make_training,
)
from tests.factories import make_centre, make_district
from tests.followup.factories import make_goal, make_indicator, make_period, make_report, set_value


def _url(kind: str, scope, year: int = 2026) -> str:
    return reverse("followup:annual-report", args=[kind, scope.pk, year])


@pytest.fixture
def year(world):
    """2026 for Göteborg: Hjällbo's two quarters (visits 100 + 20, first-time visits 1 + 2,
    M1 met then partly met with analyses), Kungssten's one quarter (visits 30); a meeting of
    Angered's steering group with a decision; a training event with 3 participants; the
    agreement of Angered with costs."""
    w = world
    w.goal = make_goal("Erbjuda lättillgängligt stöd", code="M1", municipality=w.goteborg)
    w.visits = make_indicator("Besök i öppna förskolan", w.goal, code="BESOK")
    w.first = make_indicator("Förstagångsbesök", w.goal, code="FORSTA")
    for month, visits, first, status, analysis in (
        (1, 100, 1, "uppfyllt", "Många besök under vintern."),
        (4, 20, 2, "delvis", "Färre besök under renoveringen."),
    ):
        period = make_period(datetime.date(2026, month, 1), municipality=w.goteborg)
        report = make_report(w.hjallbo, period, ReportStatus.APPROVED, children_views_gathered=True)
        set_value(report, w.visits, visits)
        set_value(report, w.first, first)
        GoalAssessment.objects.create(report=report, goal=w.goal, status=status, analysis=analysis)
        if month == 1:
            set_value(make_report(w.kungssten, period, ReportStatus.SUBMITTED), w.visits, 30)
    meeting = make_meeting(w.angered, date=datetime.date(2026, 3, 5), title="Styrgruppen i mars")
    Decision.objects.create(meeting=meeting, text="Öppna förskolan håller öppet på lördagar.")
    training = make_training(w.angered, title="Barnkonventionen i praktiken")
    make_participation(training, w.angered, "kommun", 3)
    agreement = make_agreement(w.angered, title="Avtal Angered")
    make_cost(agreement, "1000", "region", date=datetime.date(2026, 2, 1))
    return w


def test_it_holds_the_centres_goals_indicators_and_governance(client, year, settings):
    settings.PORTAL_PUBLICATION_THRESHOLD = 5
    login(client, year.alice)
    response = client.get(_url("central", year.hjallbo))
    report = response.context["report"]
    assert [g.goal.code for g in report.goals] == ["M1"]
    totals = {line.indicator.code: line.total.number for line in report.indicators}
    assert totals == {"BESOK": 120, "FORSTA": 3}  # Kungssten's 30 is not Hjällbo's
    page = response.content.decode()
    assert "Färre besök under renoveringen." in page
    assert "Öppna förskolan håller öppet på lördagar." in page
    assert "Barnkonventionen i praktiken – &lt;5 deltagare" in page  # 3 participants
    assert ">&lt;5<" in page  # the 3 first visits, too small to publish
    assert "Avtal Angered" in page and "Regionen ska betala" not in page  # it paid it all


def test_it_adds_up_the_municipalitys_centres(client, year):
    login(client, year.charlie)
    report = client.get(_url("kommun", year.goteborg)).context["report"]
    assert {line.indicator.code: line.total.number for line in report.indicators} == {
        "BESOK": 150,
        "FORSTA": 3,
    }
    [goal] = report.goals
    assert [(str(p), counts[:3]) for p, _s, counts in goal.trend.bars()] == [
        ("2026 kvartal 1", [1, 0, 0]),
        ("2026 kvartal 2", [0, 1, 0]),
    ]


def test_it_opens_only_for_the_users_own_scopes(client, year):
    login(client, year.eve)  # Härryda
    assert client.get(_url("central", year.hjallbo)).status_code == 404
    assert client.get(_url("kommun", year.goteborg)).status_code == 404
    login(client, year.diana)  # chef of Angered: the district, not all of Göteborg
    assert client.get(_url("stadsdel", year.angered)).status_code == 200
    assert client.get(_url("kommun", year.goteborg)).status_code == 404
    login(client, year.frank)
    assert client.get(_url("central", year.hjallbo)).status_code == 403


def test_it_makes_a_pdf_with_contents_page_numbers_and_the_goals(client, year):
    login(client, year.alice)
    response = client.get(_url("central", year.hjallbo), {"format": "pdf"})
    assert response["Content-Type"] == "application/pdf"
    assert "arsrapport-hjallbo-familjecentral-2026.pdf" in response["Content-Disposition"]
    pdf = PdfReader(io.BytesIO(response.content))
    assert 4 <= len(pdf.pages) <= 12
    text = "\n".join(page.extract_text() for page in pdf.pages)
    assert "Årsrapport Hjällbo familjecentral 2026" in text
    assert "M1 Erbjuda lättillgängligt stöd" in text
    assert "Sida 2 av" in text  # page numbers
    contents = pdf.pages[1].extract_text()
    assert "Innehåll" in contents and "Mål" in contents


# --- Issue 19 on the hand-computed figures (tests/followup/figures.py) ----------------------


def _lines(client, kind: str, scope, year: int) -> dict:
    response = client.get(_url(kind, scope, year))
    assert response.status_code == 200
    return {line.indicator.code: line for line in response.context["report"].indicators}


def test_each_indicator_is_counted_once_in_its_own_series(client, figures, frozen_today):
    w = figures.world
    login(client, w.admin)
    goteborg = _lines(client, "kommun", w.goteborg, 2025)
    # FORSTA, Göteborg's quarters 2025: 230 + 235 + 150 + 220 = 835.
    assert goteborg["FORSTA"].total.number == 835
    # R-BESOK in the region's year 2025: 4000 + 3000 + 1500 = 8500; the 999 left over in
    # Hjällbo's report of 2025 Q1 (a municipal quarter) is not added.
    assert goteborg["R-BESOK"].total.number == 8500
    harryda = _lines(client, "kommun", w.harryda, 2025)
    assert harryda["R-BESOK"].total.number == 2000  # the region: 8500 + 2000 = 10 500
    assert _lines(client, "central", w.hjallbo, 2025)["R-BESOK"].total.number == 4000
    assert "4999" not in client.get(_url("central", w.hjallbo, 2025)).content.decode()


def test_a_partial_year_names_its_span_and_is_held_against_the_same_span(
    client, figures, frozen_today
):
    w = figures.world
    login(client, w.charlie)
    lines = _lines(client, "kommun", w.goteborg, 2026)
    forsta = lines["FORSTA"]
    # 2026 Q1–Q3: 205 + 205 + 165 = 575 (Q4 holds no published report).
    assert forsta.total.number == 575
    assert forsta.span.label == "hittills i år, jan–sep"
    # Last year the same span, 2025 Q1–Q3: 230 + 235 + 150 = 615, not the whole 835.
    assert forsta.last_year.number == 615
    assert forsta.last_span.label_with_year == "jan–sep 2025"
    # R-BESOK's series is the region's year: 2026 is a whole year (4200 + 3100 = 7300),
    # held against the whole 2025 (8500).
    besok = lines["R-BESOK"]
    assert (besok.total.number, besok.span.label, besok.last_year.number) == (7300, "", 8500)
    page = client.get(_url("kommun", w.goteborg, 2026)).content.decode()
    assert "hittills i år, jan–sep" in page and "jan–sep 2025" in page
    # UTBILDAD, yes/no, answered in 2026 Q1 (Hjällbo yes, Kungssten no) and Q2 (both yes):
    # over the year read per centre: Hjällbo yes (Q1), Kungssten yes (Q2) = 2 centres of 2,
    # never "Ja" and never 3 of 4 centre-quarters.
    utbildad = lines["UTBILDAD"]
    assert (utbildad.total.text, utbildad.span.label) == ("2 av 2", "hittills i år, jan–jun")
    assert "2 av 2" in page and "3 av 4" not in page


def test_the_yearly_target_stands_only_beside_a_whole_year_like_with_like(
    client, figures, frozen_today
):
    w = figures.world
    login(client, w.charlie)
    lines = _lines(client, "kommun", w.goteborg, 2026)
    # R-BESOK 2026: 4000 per centre and year × 2 centres (Hjällbo, Kungssten) = 8000, beside
    # Göteborg's 7300.
    besok = lines["R-BESOK"].target
    assert (besok.value, besok.times) == (8000, 2)
    assert besok.legend == "4000 per central och år × 2 centraler = 8000"
    # FORSTA 2026: the municipality's yearly target 800 is not held against Q1–Q3's 575.
    forsta = lines["FORSTA"]
    assert forsta.target is None
    assert forsta.target_note == (
        "Årsmål 800 per kommun och år: jämförs när hela året är rapporterat (hittills jan–sep)."
    )
    page = client.get(_url("kommun", w.goteborg, 2026)).content.decode()
    assert "4000 per central och år × 2 centraler = 8000" in page
    assert "Årsmål 800 per kommun och år: jämförs när hela året är rapporterat" in page
    # FORSTA 2025 has a quarter's target only (100 per centre): no year's target is made
    # of it (100 × 4 quarters × 3 centres = 1 200 is never shown).
    forsta_2025 = _lines(client, "kommun", w.goteborg, 2025)["FORSTA"]
    assert (forsta_2025.target, forsta_2025.target_note) == (None, "")
    assert "1200" not in client.get(_url("kommun", w.goteborg, 2025)).content.decode()
    # One centre against its own target: Hjällbo 4200 beside 4000 per centre and year.
    hjallbo = _lines(client, "central", w.hjallbo, 2026)["R-BESOK"]
    assert (hjallbo.total.number, hjallbo.target.value, hjallbo.target.legend) == (
        4200,
        4000,
        "4000 per central och år",
    )


def test_a_municipal_target_is_not_held_against_a_district(client, figures, frozen_today):
    w = figures.world
    # R-BESOK's 2026 target set per municipality instead: 4000 for all of Göteborg says
    # nothing about Angered's 4200.
    IndicatorTarget.objects.filter(indicator=figures.besok, year=2026).update(
        level=TargetLevel.MUNICIPALITY
    )
    login(client, w.diana)  # chef of Angered
    besok = _lines(client, "stadsdel", w.angered, 2026)["R-BESOK"]
    assert besok.total.number == 4200 and besok.target is None
    assert besok.target_note == (
        "Målet 4000 per kommun och år gäller en större helhet och jämförs inte med en del av den."
    )


def test_the_exports_print_the_pages_figures(client, figures, frozen_today):
    w = figures.world
    login(client, w.charlie)
    response = client.get(_url("kommun", w.goteborg, 2026), {"format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    by_code = {row[0]: row[2:] for row in rows[1:]}
    assert by_code["FORSTA"][:5] == (
        575,
        "hittills i år, jan–sep",
        None,
        "Årsmål 800 per kommun och år: jämförs när hela året är rapporterat (hittills jan–sep).",
        615,
    )
    assert by_code["R-BESOK"] == (
        7300,
        "hela året",
        8000,
        "4000 per central och år × 2 centraler = 8000",
        8500,
        "2025",
    )
    pdf = PdfReader(
        io.BytesIO(client.get(_url("kommun", w.goteborg, 2026), {"format": "pdf"}).content)
    )
    text = " ".join(" ".join(page.extract_text() for page in pdf.pages).split())
    for printed in ("575", "615", "hittills i år, jan–sep", "7300", "8000", "8500"):
        assert printed in text


def test_a_closed_centre_is_in_its_last_years_report_only(client, figures, frozen_today):
    w = figures.world
    login(client, w.diana)  # chef of Angered
    report_2025 = client.get(_url("stadsdel", w.angered, 2025)).context["report"]
    report_2026 = client.get(_url("stadsdel", w.angered, 2026)).context["report"]
    assert [c.name for c in report_2025.centres] == [
        "Hammarkullen familjecentral",
        "Hjällbo familjecentral",
    ]
    assert [c.name for c in report_2026.centres] == ["Hjällbo familjecentral"]
    # Angered's FORSTA 2025: Hjällbo 100 + 110 + 80 + 120, Hammarkullen 40 + 30 = 480;
    # 2026 Q1–Q3 Hjällbo 105 + 115 + 85 = 305 against 2025 Q1–Q3 with Hammarkullen's
    # figures of the year it was open: 100 + 110 + 80 + 40 + 30 = 360.
    forsta_2025 = {line.indicator.code: line for line in report_2025.indicators}["FORSTA"]
    forsta_2026 = {line.indicator.code: line for line in report_2026.indicators}["FORSTA"]
    assert forsta_2025.total.number == 480
    assert (forsta_2026.total.number, forsta_2026.last_year.number) == (305, 360)
    login(client, w.admin)
    assert client.get(_url("central", figures.hammarkullen, 2025)).status_code == 200
    assert client.get(_url("central", figures.hammarkullen, 2026)).status_code == 404


def test_the_index_offers_a_closed_centres_reports_of_the_years_it_was_open(
    client, figures, frozen_today
):
    w = figures.world
    login(client, w.admin)
    page = client.get(reverse("followup:annual-report-index")).content.decode()
    closed = figures.hammarkullen.pk
    assert _url("central", figures.hammarkullen, 2025) in page
    assert _url("central", figures.hammarkullen, 2024) in page
    assert _url("central", figures.hammarkullen, 2026) not in page
    assert _url("central", w.hjallbo, 2026) in page
    assert f"/central/{closed}/" in page and "Inte i drift det året" in page


def test_the_arbetssatt_dashboard_expects_only_the_centres_open_in_the_year(
    client, figures, frozen_today
):
    w = figures.world
    ended = make_district(
        "Lundby",
        w.goteborg,
        valid_from=datetime.date(2000, 1, 1),
        valid_to=datetime.date(2025, 3, 31),
    )
    make_centre("Lundby familjecentral", ended, closed_on=datetime.date(2025, 3, 31))
    login(client, w.charlie)
    url = reverse("followup:dashboard-self-assessment")
    in_2026 = client.get(url, {"year": 2026}).context
    assert [r.centre.name for r in in_2026["result"].rows] == [
        "Hjällbo familjecentral",
        "Kungssten",
    ]
    assert "Lundby" not in [d.name for d in in_2026["form"].fields["district"].queryset]
    in_2025 = client.get(url, {"year": 2025}).context
    assert [r.centre.name for r in in_2025["result"].rows] == [
        "Hammarkullen familjecentral",
        "Hjällbo familjecentral",
        "Kungssten",
        "Lundby familjecentral",
    ]
    assert "Lundby" in [d.name for d in in_2025["form"].fields["district"].queryset]
