"""The goals dashboard: centres × goals with traffic lights for a period, and the lights per
goal over time, from submitted and approved reports only."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from followup.models import GoalAssessment, ReportStatus
from tests.conftest import login
from tests.followup.factories import make_goal, make_period, make_report

URL = reverse("followup:dashboard-goals")


def _assess(report, goal, status: str) -> None:
    GoalAssessment.objects.create(report=report, goal=goal, status=status, analysis="Analys.")


@pytest.fixture
def lights(world):
    """Göteborg's goals M1 and M2 over Q2 and Q3. Q3: Hjällbo (approved) M1 met, M2 not met;
    Kungssten (submitted) M1 partly. Q2: Hjällbo M1 not met. A draft's assessment is not
    shown, nor Härryda's."""
    w = world
    w.m1 = make_goal("Lättillgängligt stöd", code="M1", municipality=w.goteborg, order=1)
    w.m2 = make_goal("Socialt nätverk", code="M2", municipality=w.goteborg, order=2)
    q2 = make_period(datetime.date(2026, 4, 1), municipality=w.goteborg)
    w.q3 = make_period(datetime.date(2026, 7, 1), municipality=w.goteborg)
    w.hjallbo_q3 = make_report(w.hjallbo, w.q3, ReportStatus.APPROVED)
    _assess(w.hjallbo_q3, w.m1, "uppfyllt")
    _assess(w.hjallbo_q3, w.m2, "ej-uppfyllt")
    kungssten = make_report(w.kungssten, w.q3, ReportStatus.SUBMITTED)
    _assess(kungssten, w.m1, "delvis")
    _assess(make_report(w.hjallbo, q2, ReportStatus.APPROVED), w.m1, "ej-uppfyllt")
    draft = make_report(w.kungssten, q2)
    _assess(draft, w.m1, "uppfyllt")
    h1 = make_goal("Integration", code="H1", municipality=w.harryda)
    h_period = make_period(datetime.date(2026, 7, 1), municipality=w.harryda)
    _assess(make_report(w.molnlycke_fc, h_period, ReportStatus.APPROVED), h1, "uppfyllt")
    return w


def test_it_shows_each_centres_light_for_each_goal_with_a_link_to_the_analysis(client, lights):
    login(client, lights.charlie)
    response = client.get(URL, {"period": lights.q3.pk})
    result = response.context["result"]
    assert [g.code for g in result.goals] == ["M1", "M2"]
    assert [(c.name, [cell.label for cell in cells]) for c, cells in result.rows] == [
        ("Hjällbo familjecentral", ["Uppfyllt", "Ej uppfyllt"]),
        ("Kungssten", ["Delvis uppfyllt", ""]),
    ]
    page = response.content.decode()
    anchor = f"{lights.hjallbo_q3.get_absolute_url()}#goal-{lights.m2.pk}"
    assert anchor in page
    assert "bi-x-circle-fill" in page  # a symbol and a word, not colour alone


def test_it_counts_the_lights_per_goal_and_period_from_submitted_reports(
    client, lights, frozen_today
):
    login(client, lights.charlie)
    result = client.get(URL, {"kind": "kvartal"}).context["result"]
    assert result.period == lights.q3  # the latest with a submitted report
    trend = {
        (t.goal.code, str(p)): (tally["uppfyllt"], tally["delvis"], tally["ej-uppfyllt"])
        for t in result.trends
        for p, tally in t.periods
    }
    assert trend == {
        ("M1", "2026 kvartal 2"): (0, 0, 1),  # the draft's "met" is not counted
        ("M1", "2026 kvartal 3"): (1, 1, 0),
        ("M2", "2026 kvartal 3"): (0, 0, 1),
    }
    assert "H1" not in {t.goal.code for t in result.trends}  # Härryda is not charlie's


def test_it_downloads_the_matrix_as_excel(client, lights):
    login(client, lights.charlie)
    response = client.get(URL, {"period": lights.q3.pk, "format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0] == ("Familjecentral", "M1 Lättillgängligt stöd", "M2 Socialt nätverk")
    assert rows[1] == ("Hjällbo familjecentral", "Uppfyllt", "Ej uppfyllt")


def test_it_runs_a_fixed_number_of_queries_whatever_the_size(
    client, lights, django_assert_max_num_queries, frozen_today
):
    login(client, lights.charlie)
    with django_assert_max_num_queries(30) as few:
        client.get(URL, {"kind": "kvartal"})
    for month in (1, 10):
        period = make_period(datetime.date(2026, month, 1), municipality=lights.goteborg)
        for centre in (lights.hjallbo, lights.kungssten):
            report = make_report(centre, period, ReportStatus.APPROVED)
            _assess(report, lights.m1, "delvis")
            _assess(report, lights.m2, "uppfyllt")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(URL, {"kind": "kvartal"})
    assert response.status_code == 200 and len(response.context["result"].trends) == 2
