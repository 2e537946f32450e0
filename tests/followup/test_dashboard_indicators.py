"""The indicators dashboard: totals by each indicator's own rule, checked by hand on a small
fixture (a ratio over three centres, an "uppgift saknas", a draft left out, last year and the
target), the files, and the number of queries."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from followup.models import IndicatorKind, IndicatorTarget, ReportStatus, Unit, ValueStatus
from tests.conftest import login
from tests.factories import make_centre
from tests.followup.factories import make_goal, make_indicator, make_period, make_report, set_value

URL = reverse("followup:dashboard-indicators")


@pytest.fixture
def figures(world):
    """Göteborg's third quarter of 2026: home visits offered and accepted, the acceptance
    rate calculated from them, and visits (target 120 for 2026).

    Hjällbo (Angered): 10 offered, 8 accepted, 100 visits. Kungssten (Centrum): 20 offered, 10
    accepted, visits "uppgift saknas". Tredje (Centrum): 5 offered, 5 accepted, 50 visits. A
    draft of Fjärde (Centrum) with 100 offered and none accepted is not counted. Last year's
    third quarter: Hjällbo 90 visits."""
    w = world
    goal = make_goal("Tidiga insatser", code="M7", municipality=w.goteborg)
    w.offered = make_indicator("Hembesök erbjudna", goal, code="HB-ERB")
    w.accepted = make_indicator("Hembesök accepterade", goal, code="HB-ACC")
    w.rate = make_indicator(
        "Andel accepterade hembesök",
        goal,
        code="HB-ANDEL",
        kind=IndicatorKind.CALCULATED,
        numerator=w.accepted,
        denominator=w.offered,
        factor=Decimal(100),
        unit=Unit.PERCENT,
    )
    w.visits = make_indicator("Besök", goal, code="BESOK")
    IndicatorTarget.objects.create(indicator=w.visits, year=2026, target=120)
    w.q3 = make_period(datetime.date(2026, 7, 1), municipality=w.goteborg)
    last_year = make_period(datetime.date(2025, 7, 1), municipality=w.goteborg)
    tredje = make_centre("Tredje familjecentral", w.centrum)
    fjarde = make_centre("Fjärde familjecentral", w.centrum)
    for centre, offered, accepted, visits, status in (
        (w.hjallbo, 10, 8, 100, ReportStatus.APPROVED),
        (w.kungssten, 20, 10, None, ReportStatus.SUBMITTED),
        (tredje, 5, 5, 50, ReportStatus.APPROVED),
        (fjarde, 100, 0, 500, ReportStatus.DRAFT),
    ):
        report = make_report(centre, w.q3, status)
        set_value(report, w.offered, offered)
        set_value(report, w.accepted, accepted)
        if visits is None:
            set_value(report, w.visits, status=ValueStatus.NOT_AVAILABLE)
        else:
            set_value(report, w.visits, visits)
    set_value(make_report(w.hjallbo, last_year, ReportStatus.APPROVED), w.visits, 90)
    return w


def _total(aggregate) -> tuple:
    return (aggregate.number, aggregate.centres, aggregate.not_available)


def test_it_recomputes_a_ratio_from_the_summed_parts_never_an_average(client, figures):
    login(client, figures.charlie)
    view = client.get(URL, {"indicator": figures.rate.pk, "period": figures.q3.pk}).context["view"]
    # (8 + 10 + 5) / (10 + 20 + 5) × 100 = 65.7; the average of the ratios would be 76.7.
    assert _total(view.area) == (Decimal("65.7"), 3, 0)
    assert {d.name: _total(t) for d, t in view.districts} == {
        "Angered": (Decimal("80.0"), 1, 0),
        "Centrum": (Decimal("60.0"), 2, 0),  # (10 + 5) / (20 + 5)
    }
    assert {c.centre.name: c.number for c in view.centres} == {
        "Hjällbo familjecentral": Decimal("80.0"),
        "Kungssten": Decimal("50.0"),
        "Tredje familjecentral": Decimal("100.0"),
    }
    assert view.spread == (Decimal("50.0"), Decimal("80.0"), Decimal("100.0"))


def test_it_sums_a_count_and_shows_uppgift_saknas_apart_with_target_and_last_year(client, figures):
    login(client, figures.charlie)
    response = client.get(URL, {"indicator": figures.visits.pk, "period": figures.q3.pk})
    view = response.context["view"]
    assert _total(view.area) == (Decimal("150"), 2, 1)
    assert _total(view.municipality[1]) == (Decimal("150"), 2, 1)
    [point] = view.trend
    assert (point.target, _total(point.last_year)) == (Decimal("120"), (Decimal("90"), 1, 0))
    page = response.content.decode()
    assert "uppgift saknas 1" in page and "Uppgift saknas" in page  # never shown as 0


def test_it_shows_a_chef_their_own_district_against_the_municipality(client, figures):
    login(client, figures.diana)  # chef of Angered
    view = client.get(URL, {"indicator": figures.rate.pk, "period": figures.q3.pk}).context["view"]
    assert _total(view.area) == (Decimal("80.0"), 1, 0)
    assert [c.centre.name for c in view.centres] == ["Hjällbo familjecentral"]
    assert view.municipality[0].name == "Göteborg"
    assert _total(view.municipality[1]) == (Decimal("65.7"), 3, 0)


def test_it_downloads_the_totals_with_numbers_as_numbers(client, figures):
    login(client, figures.charlie)
    response = client.get(
        URL,
        {
            "indicator": figures.visits.pk,
            "period": figures.q3.pk,
            "table": "totals",
            "format": "xlsx",
        },
    )
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0] == (
        "Ansvarsområde",
        "Totalt",
        "Centraler i summan",
        "Uppgift saknas",
        "Ej aktuellt",
    )
    assert ("Centrum", 50, 1, 1, 0) in rows


def test_it_runs_a_fixed_number_of_queries_whatever_the_size(
    client, figures, django_assert_max_num_queries, frozen_today
):
    login(client, figures.charlie)
    params = {"indicator": figures.rate.pk, "kind": "kvartal"}
    with django_assert_max_num_queries(30) as few:
        client.get(URL, params)
    for month in (1, 4):
        period = make_period(datetime.date(2026, month, 1), municipality=figures.goteborg)
        for n in range(4):
            report = make_report(
                make_centre(f"Ny {month}-{n}", figures.centrum), period, ReportStatus.APPROVED
            )
            set_value(report, figures.offered, 10)
            set_value(report, figures.accepted, 5)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(URL, params)
    assert response.status_code == 200 and len(response.context["view"].trend) == 3
