"""The indicators dashboard: totals by each indicator's own rule, checked by hand on a small
fixture (a ratio over three centres, an "uppgift saknas", a draft left out, last year and the
target), the files, and the number of queries; then issue 19 on the hand-computed `figures`
(tests/followup/figures.py): targets at the level and period kind they were set, yes/no as
"n av m", each indicator summed in its own period series, the chart's axes and values, and
several indicators as small multiples."""

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
def hb(world):
    """Göteborg's third quarter of 2026: home visits offered and accepted, the acceptance
    rate calculated from them, and visits (target 120 per centre and quarter of 2026).

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


def test_it_recomputes_a_ratio_from_the_summed_parts_never_an_average(client, hb):
    login(client, hb.charlie)
    view = client.get(URL, {"indicator": hb.rate.pk, "period": hb.q3.pk}).context["view"]
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


def test_it_sums_a_count_and_shows_uppgift_saknas_apart_with_target_and_last_year(client, hb):
    login(client, hb.charlie)
    response = client.get(URL, {"indicator": hb.visits.pk, "period": hb.q3.pk})
    view = response.context["view"]
    assert _total(view.area) == (Decimal("150"), 2, 1)
    assert _total(view.municipality[1]) == (Decimal("150"), 2, 1)
    [point] = view.trend
    # The fixture's target 120 is per centre and quarter (IndicatorTarget's defaults), so the
    # total of the two centres in it (Hjällbo 100 + Tredje 50; Kungssten's "uppgift saknas"
    # is not in it) is held against 120 × 2 = 240, not 120 (issue 19, item 1).
    assert (point.target, _total(point.last_year)) == (Decimal("240"), (Decimal("90"), 1, 0))
    assert point.comparison.legend == "120 per central och kvartal × 2 centraler = 240"
    page = response.content.decode()
    assert "uppgift saknas 1" in page and "Uppgift saknas" in page  # never shown as 0


def test_it_shows_a_chef_their_own_district_against_the_municipality(client, hb):
    login(client, hb.diana)  # chef of Angered
    view = client.get(URL, {"indicator": hb.rate.pk, "period": hb.q3.pk}).context["view"]
    assert _total(view.area) == (Decimal("80.0"), 1, 0)
    assert [c.centre.name for c in view.centres] == ["Hjällbo familjecentral"]
    assert view.municipality[0].name == "Göteborg"
    assert _total(view.municipality[1]) == (Decimal("65.7"), 3, 0)


def test_it_downloads_the_totals_with_numbers_as_numbers(client, hb):
    login(client, hb.charlie)
    response = client.get(
        URL,
        {
            "indicator": hb.visits.pk,
            "period": hb.q3.pk,
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
    client, hb, django_assert_max_num_queries, frozen_today
):
    login(client, hb.charlie)
    params = {"indicator": hb.rate.pk, "kind": "kvartal"}
    with django_assert_max_num_queries(30) as few:
        client.get(URL, params)
    for month in (1, 4):
        period = make_period(datetime.date(2026, month, 1), municipality=hb.goteborg)
        for n in range(4):
            report = make_report(
                make_centre(f"Ny {month}-{n}", hb.centrum), period, ReportStatus.APPROVED
            )
            set_value(report, hb.offered, 10)
            set_value(report, hb.accepted, 5)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(URL, params)
    assert response.status_code == 200 and len(response.context["view"].trend) == 3


# --- Issue 19 on the hand-computed `figures` of tests/followup/figures.py ----------------


def _get(client, user, **params):
    login(client, user)
    response = client.get(URL, params)
    assert response.status_code == 200
    return response


def test_a_quarter_is_held_against_the_quarterly_target_times_its_centres(
    client, figures, frozen_today
):
    w, q1 = figures.world, figures.quarters[2026, 1]
    response = _get(client, w.charlie, indicator=figures.forsta.pk, period=q1.pk)
    view = response.context["view"]
    # 2026 Q1: Hjällbo 105 + Kungssten 100 = 205, against 110 per centre and quarter × the
    # 2 centres in the total = 220 (Hammarkullen closed 2025-06-30: not in 2026).
    assert _total(view.area) == (Decimal("205"), 2, 0)
    assert view.comparison.value == Decimal("220")
    assert view.comparison.legend == "110 per central och kvartal × 2 centraler = 220"
    assert view.point.below_target
    # Each centre against its own target: Hjällbo 105 and Kungssten 100, both below 110.
    assert [(c.centre.name, c.number, c.target, c.below_target) for c in view.centres] == [
        ("Hjällbo familjecentral", Decimal("105"), Decimal("110"), True),
        ("Kungssten", Decimal("100"), Decimal("110"), True),
    ]
    page = response.content.decode()
    assert "110 per central och kvartal × 2 centraler = 220" in page
    assert "Varje central mot sitt eget målvärde: 110 per central och kvartal." in page
    # The municipality's yearly target (800 per kommun och år) never sits beside a quarter.
    assert "800" not in page and "per kommun" not in page


def test_2025_quarter_counts_the_closed_centre_while_it_was_open(client, figures, frozen_today):
    w = figures.world
    view = _get(
        client, w.charlie, indicator=figures.forsta.pk, period=figures.quarters[2025, 1].pk
    ).context["view"]
    # 2025 Q1: 100 + 90 + Hammarkullen 40 = 230 against 100 × 3 centres = 300.
    assert _total(view.area) == (Decimal("230"), 3, 0)
    assert view.comparison.legend == "100 per central och kvartal × 3 centraler = 300"


def test_the_trend_compares_each_quarter_with_its_own_year_and_last_year(
    client, figures, frozen_today
):
    w = figures.world
    view = _get(client, w.charlie, indicator=figures.forsta.pk).context["view"]
    # The last twelve months before 2026-11-23: 2026 Q1–Q3 (Q4 has no report). Each against
    # 110 × 2 = 220; last year's same quarter 230, 235 and 150 (by the 2025 figures).
    assert [(str(p.period), p.total.number, p.target, p.last_year.number) for p in view.trend] == [
        ("2026 kvartal 1", Decimal("205"), Decimal("220"), Decimal("230")),
        ("2026 kvartal 2", Decimal("205"), Decimal("220"), Decimal("235")),
        ("2026 kvartal 3", Decimal("165"), Decimal("220"), Decimal("150")),
    ]


def test_a_chef_sees_their_district_against_its_own_centres_target(client, figures, frozen_today):
    w = figures.world
    view = _get(
        client, w.diana, indicator=figures.forsta.pk, period=figures.quarters[2026, 1].pk
    ).context["view"]
    # Angered in 2026 Q1: Hjällbo alone, 105 against 110 × 1 centre = 110.
    assert _total(view.area) == (Decimal("105"), 1, 0)
    assert view.comparison.value == Decimal("110")
    assert view.comparison.legend == "110 per central och kvartal"


def test_yes_no_totals_read_n_of_m_also_in_the_export(client, figures, frozen_today):
    w = figures.world
    response = _get(
        client, w.charlie, indicator=figures.utbildad.pk, period=figures.quarters[2026, 1].pk
    )
    view = response.context["view"]
    # 2026 Q1: Hjällbo yes, Kungssten no → 1 of 2 answered yes; Q2 both yes.
    assert (view.area.text, view.area.centres) == ("1 av 2", 2)
    page = response.content.decode()
    assert "<strong>1 av 2</strong>" in page and "<strong>Ja</strong>" not in page
    trend = _get(client, w.charlie, indicator=figures.utbildad.pk, table="trend", format="xlsx")
    rows = list(load_workbook(io.BytesIO(trend.content)).active.iter_rows(values_only=True))
    assert [(r[0], r[1], r[2]) for r in rows[1:]] == [
        ("2026 kvartal 1", "1 av 2", 2),
        ("2026 kvartal 2", "2 av 2", 2),
    ]


def test_the_regions_indicator_is_summed_in_its_own_years_only(client, figures, frozen_today):
    w = figures.world
    view = _get(
        client, w.charlie, indicator=figures.besok.pk, period=figures.years[2025].pk
    ).context["view"]
    # 2025: Göteborg 4000 + 3000 + 1500 = 8500; the region adds Mölnlycke's 2000 = 10 500.
    # The 999 left over in Hjällbo's Göteborg report of 2025 Q1 is never counted.
    assert _total(view.area) == (Decimal("8500"), 3, 0)
    assert _total(view.region[1]) == (Decimal("10500"), 4, 0)
    assert [str(p.period) for p in view.trend] == ["2025"]
    view = _get(client, w.heidi, indicator=figures.besok.pk).context["view"]
    # 2026: Hjällbo 4200 + Kungssten 3100 (submitted) = 7300, Mölnlycke's draft left out;
    # against 4000 per centre and year × 2 centres = 8000.
    assert [(str(p.period), p.total.number, p.target) for p in view.trend] == [
        ("2026", Decimal("7300"), Decimal("8000"))
    ]


def test_the_periods_offered_are_the_indicators_own_series(client, figures, frozen_today):
    w = figures.world
    form = _get(client, w.charlie, indicator=figures.besok.pk).context["form"]
    assert sorted(str(p) for p in form.fields["period"].queryset) == ["2025", "2026"]
    form = _get(client, w.charlie, indicator=figures.forsta.pk).context["form"]
    assert {p.kind for p in form.fields["period"].queryset} == {"kvartal"}
    assert form.fields["period"].queryset.count() == 8  # Göteborg's 2025 Q1 – 2026 Q4
    # A region's year asked for with a quarterly indicator is not its period: ignored.
    view = _get(
        client, w.charlie, indicator=figures.forsta.pk, period=figures.years[2026].pk
    ).context["view"]
    assert {p.period.kind for p in view.trend} == {"kvartal"}


def test_the_trend_chart_has_axes_and_values_in_svg_without_inline_style(
    client, figures, frozen_today
):
    w = figures.world
    response = _get(client, w.charlie, indicator=figures.forsta.pk)
    chart = response.context["chart"]
    # Largest figure or target 220 → steps of 100 up to 300.
    assert [t.label for t in chart.ticks] == ["0", "100", "200", "300"]
    assert chart.axis_title == "Antal"
    assert [(b.value, b.label_lines) for b in chart.bars] == [
        ("205", ["2026", "kvartal 1"]),
        ("205", ["2026", "kvartal 2"]),
        ("165", ["2026", "kvartal 3"]),
    ]
    # The target 220 drawn at its height on the 0–300 scale of the plot.
    assert chart.bars[0].target_y == round(chart.bottom - 220 / 300 * (chart.bottom - chart.top), 1)
    page = response.content.decode()
    svg = page[page.index('<svg class="w-100 trend-chart"') : page.index("</svg>")]
    assert 'data-testid="y-axis-title">Antal<' in svg
    assert 'class="y-tick">300<' in svg and 'class="bar-value">165<' in svg
    assert ">kvartal 3</tspan>" in svg
    assert "style=" not in svg and "<script>" not in page  # CSP: no inline style or script


def test_several_indicators_as_small_multiples(client, figures, frozen_today):
    w = figures.world
    response = _get(
        client,
        w.charlie,
        indicator=figures.forsta.pk,
        period=figures.quarters[2026, 1].pk,
        indicators=[figures.forsta.pk, figures.utbildad.pk, figures.besok.pk],
    )
    cards = {c.view.indicator.code: c for c in response.context["cards"]}
    assert list(cards) == ["FORSTA", "UTBILDAD", "R-BESOK"]
    forsta, utbildad, besok = cards["FORSTA"].view, cards["UTBILDAD"].view, cards["R-BESOK"].view
    # FORSTA 2026 Q1: 205 against 110 × 2 = 220; UTBILDAD 2026 Q1: 1 of 2, no target.
    assert (str(forsta.period), forsta.area.text, forsta.comparison.value) == (
        "2026 kvartal 1",
        "205",
        Decimal("220"),
    )
    assert (utbildad.area.text, utbildad.comparison) == ("1 av 2", None)
    # R-BESOK is reported per year: its own 2026 (7300 against 4000 × 2 = 8000).
    assert (str(besok.period), besok.area.text, besok.comparison.value) == (
        "2026",
        "7300",
        Decimal("8000"),
    )
    assert [b.value for b in cards["UTBILDAD"].chart.bars] == ["1 av 2"]
    page = response.content.decode()
    assert page.count('class="card h-100"') == 3
    assert "4000 per central och år × 2 centraler = 8000" in page
    assert response.context["view"].indicator == figures.forsta  # the detail still shown
    export = _get(
        client,
        w.charlie,
        indicator=figures.forsta.pk,
        period=figures.quarters[2026, 1].pk,
        indicators=[figures.utbildad.pk, figures.besok.pk],
        table="compare",
        format="xlsx",
    )
    rows = list(load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    assert [(r[0], r[2], r[3], r[7]) for r in rows[1:]] == [
        ("UTBILDAD", "2026 kvartal 1", "1 av 2", None),
        ("R-BESOK", "2026", 7300, 8000),
    ]


def test_an_indicator_outside_the_area_is_refused_on_the_field(client, figures, frozen_today):
    w = figures.world
    harryda = make_indicator(
        "Härrydas egna besök", make_goal("Härrydas mål", code="H1", municipality=w.harryda)
    )
    for tampered in (harryda.pk, "abc", 2**70):
        response = _get(
            client, w.charlie, indicator=figures.forsta.pk, indicators=[figures.forsta.pk, tampered]
        )
        assert response.context["cards"] == []
        assert "Välj indikatorer i ditt område" in response.content.decode()
        assert response.context["form"].errors["indicators"]
    assert response.context["view"].indicator == figures.forsta


def test_small_multiples_run_a_fixed_number_of_queries_per_indicator(
    client, figures, django_assert_max_num_queries, frozen_today
):
    w = figures.world
    login(client, w.charlie)
    one = {"indicator": figures.forsta.pk}
    three = {**one, "indicators": [figures.forsta.pk, figures.utbildad.pk, figures.besok.pk]}
    with django_assert_max_num_queries(40) as alone:
        client.get(URL, one)
    with django_assert_max_num_queries(len(alone.captured_queries) + 3 * 4) as compared:
        client.get(URL, three)
    q2 = figures.quarters[2026, 2]
    for n in range(3):
        report = make_report(make_centre(f"Ny {n}", w.centrum), q2, ReportStatus.APPROVED)
        set_value(report, figures.forsta, 10)
        set_value(report, figures.utbildad, 1)
    with django_assert_max_num_queries(len(compared.captured_queries)):
        response = client.get(URL, three)
    # 2026 Q2 now: 205 + 3 × 10 = 235 over 5 centres, against 110 × 5 = 550; yes 2 + 3 of 5.
    cards = {c.view.indicator.code: c.view for c in response.context["cards"]}
    q2_point = next(p for p in cards["FORSTA"].trend if p.period == q2)
    assert (q2_point.total.number, q2_point.target) == (Decimal("235"), Decimal("550"))
    assert next(p for p in cards["UTBILDAD"].trend if p.period == q2).total.text == "5 av 5"
