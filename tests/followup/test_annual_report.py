"""The årsrapport: what it holds for a centre and a municipality, small counts shown as "<5",
the scope, and the PDF (page numbers, contents, the centre's name and the goal headings)."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from coordination.models import Decision
from followup.models import GoalAssessment, ReportStatus
from tests.conftest import login
from tests.coordination.factories import (
    make_agreement,
    make_cost,
    make_meeting,
    make_participation,
    make_training,
)
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
