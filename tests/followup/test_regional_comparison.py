"""The region's comparison across its municipalities (issue 19, item 9), on the hand-computed
figures of tests/followup/figures.py, and the regional koordinator reading no municipality's
drafts."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from centres.models import DistrictPopulation
from followup.comparison import regional_comparison
from followup.models import PeriodKind, ReportStatus, Unit
from tests.conftest import login
from tests.followup.factories import make_indicator, make_period, make_report, set_value

URL = reverse("followup:dashboard-regional")


def _table(response, code: str):
    result = response.context["result"]
    return next(t for t in result.tables if t.indicator.code == code)


def _row(table, year: int):
    return next(r for r in table.years if r.span.year == year)


def _figures(row) -> list:
    cells = [*row.cells, *([row.total] if row.total else [])]
    return [(c.total.number, c.total.centres, c.children, c.per_child) for c in cells]


def test_the_regional_koordinator_sees_every_municipality_and_the_region(
    client, figures, frozen_today
):
    w = figures.world
    response = login(client, w.heidi).get(URL)

    result = response.context["result"]
    assert [m.name for m in result.municipalities] == ["Göteborg", "Härryda"]
    assert result.with_total
    besok = _table(response, "R-BESOK")
    # 2025: Göteborg 4000 + 3000 + 1500 = 8500 (Hammarkullen, closed 2025-06-30, reported
    # the year it was open); Härryda 2000; region 8500 + 2000 = 10500 — not 11499: the 999
    # left over in Hjällbo's Göteborg report of 2025 Q1 is never counted.
    # Per child 0–5 in 2025: Göteborg 8500 / (3200 + 1800) = 1,7; Härryda 2000 / 1000 = 2,0;
    # region 10500 / 6000 = 1,75 → 1,8.
    assert _figures(_row(besok, 2025)) == [
        (Decimal("8500"), 3, 5000, Decimal("1.7")),
        (Decimal("2000"), 1, 1000, Decimal("2.0")),
        (Decimal("10500"), 4, 6000, Decimal("1.8")),
    ]
    # 2026: Göteborg 4200 + 3100 (submitted) = 7300; Mölnlycke's 2500 is a draft: Härryda has
    # no figure, the region 7300. No population for 2026: per child unknown.
    assert _figures(_row(besok, 2026)) == [
        (Decimal("7300"), 2, None, None),
        (None, 0, None, None),
        (Decimal("7300"), 2, None, None),
    ]


def test_the_page_prints_the_figures_per_child_and_the_partial_year(client, figures, frozen_today):
    text = login(client, figures.world.heidi).get(URL).content.decode()

    for figure in ("8500", "2000", "10500", "1,7", "2,0", "1,8", "7300"):
        assert f">{figure}<" in text or f" {figure}<" in text or f">{figure} " in text, figure
    assert "Uppgift saknas" in text  # per child in 2026: no population
    # The region's year 2026 runs January–December: the årsrapport's whole year, named "2026".
    assert '<th scope="row" class="fw-normal">2026</th>' in text
    assert "Regionjämförelse" in text


def test_a_municipal_user_sees_only_their_own_municipality(client, figures, frozen_today):
    w = figures.world
    response = login(client, w.charlie).get(URL)

    result = response.context["result"]
    assert [m.name for m in result.municipalities] == ["Göteborg"]
    assert not result.with_total
    assert _figures(_row(_table(response, "R-BESOK"), 2025)) == [
        (Decimal("8500"), 3, 5000, Decimal("1.7"))
    ]
    assert "Härryda" not in response.content.decode().split("<main")[-1].split("</main>")[0]


def test_a_chef_of_a_district_sees_their_municipality(client, figures, frozen_today):
    response = login(client, figures.world.diana).get(URL)

    assert [m.name for m in response.context["result"].municipalities] == ["Göteborg"]


def test_a_tampered_scope_is_refused(client, figures, frozen_today):
    w = figures.world
    login(client, w.charlie)

    assert client.get(URL, {"municipality": w.harryda.pk}).status_code == 404
    assert client.get(URL, {"municipality": "abc"}).status_code == 404
    assert client.get(URL, {"region": w.region.pk + 1000}).status_code == 404
    assert client.get(URL, {"municipality": w.goteborg.pk}).status_code == 200


def test_the_regional_koordinator_may_narrow_to_one_municipality(client, figures, frozen_today):
    w = figures.world
    response = login(client, w.heidi).get(URL, {"municipality": w.harryda.pk})

    result = response.context["result"]
    assert [m.name for m in result.municipalities] == ["Härryda"]
    assert not result.with_total
    assert _figures(_row(_table(response, "R-BESOK"), 2025)) == [
        (Decimal("2000"), 1, 1000, Decimal("2.0"))
    ]


def test_nobody_without_an_assignment_opens_it(client, figures):
    assert login(client, figures.world.frank).get(URL).status_code == 403


def test_it_exports_the_table(client, figures, frozen_today):
    response = login(client, figures.world.heidi).get(URL, {"format": "csv"})

    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "Härryda" in text and "10500" in text


def test_a_quarterly_shared_indicator_names_the_part_of_the_year(figures, frozen_today):
    """A shared quarterly indicator in the region's quarters of 2026: Q1–Q3 have ended on
    2026-11-23, Q4 has not and holds nothing, so 2026 is January–September. Hjällbo 10 + 20
    + 30 = 60, Mölnlycke 5 in Q1; a returned report's 99 is not counted."""
    w = figures.world
    indicator = make_indicator(
        "Hembesök", figures.region_goal, code="R-HEM", minimum=0, period_kind="kvartal"
    )
    for number, (month, hjallbo, molnlycke) in enumerate(
        ((1, 10, 5), (4, 20, None), (7, 30, None), (10, None, None)), start=1
    ):
        period = make_period(
            datetime.date(2026, month, 1), kind=PeriodKind.QUARTER, region=w.region
        )
        if hjallbo is not None:
            set_value(make_report(w.hjallbo, period, ReportStatus.APPROVED), indicator, hjallbo)
        if molnlycke is not None:
            set_value(
                make_report(w.molnlycke_fc, period, ReportStatus.SUBMITTED), indicator, molnlycke
            )
        if number == 2:
            set_value(make_report(w.kungssten, period, ReportStatus.RETURNED), indicator, 99)

    # Children 0–5 in 2026: Göteborg 3000 + 2000; none registered for Mölnlycke.
    for district, children in ((w.angered, 3000), (w.centrum, 2000)):
        DistrictPopulation.objects.create(district=district, year=2026, children=children)

    result = regional_comparison(w.region)

    table = next(t for t in result.tables if t.indicator == indicator)
    row = table.years[0]
    # Named as the årsrapport names it, with the year.
    assert row.label == "2026, hittills i år, jan–sep"
    assert not row.span.is_whole
    assert [(c.total.number, c.total.centres) for c in [*row.cells, row.total]] == [
        (Decimal("60"), 1),  # Göteborg: Hjällbo once, over three quarters
        (Decimal("5"), 1),
        (Decimal("65"), 2),
    ]
    # 60 / 5000 = 0,012 per child: said per 1 000 children, 12.
    goteborg, harryda = row.cells
    assert (goteborg.shows_per_thousand, goteborg.per_thousand) == (True, Decimal("12"))
    assert harryda.children is None and row.total.children is None


def test_a_shared_yes_no_is_read_per_centre_over_the_span(figures, frozen_today):
    """As in the årsrapport: a centre says yes in a year if it said yes in any period of the
    span. The region's 2026 Q1: Hjällbo yes, Kungssten no, Mölnlycke no; Q2: all three no →
    Göteborg 1 of 2 centres (not Q2's 0 of 2, nor 1 of 4 centre-quarters), Härryda 0 of 1,
    the region 1 of 3, over January–June."""
    w = figures.world
    indicator = make_indicator(
        "Föräldragrupp startad",
        figures.region_goal,
        code="R-GRUPP",
        unit=Unit.YES_NO,
        minimum=0,
        maximum=1,
        period_kind="kvartal",
    )
    answers = {
        1: {"hjallbo": 1, "kungssten": 0, "molnlycke_fc": 0},
        4: dict.fromkeys(("hjallbo", "kungssten", "molnlycke_fc"), 0),
    }
    for month, by_centre in answers.items():
        period = make_period(
            datetime.date(2026, month, 1), kind=PeriodKind.QUARTER, region=w.region
        )
        for name, answer in by_centre.items():
            report = make_report(getattr(w, name), period, ReportStatus.APPROVED)
            set_value(report, indicator, answer)

    result = regional_comparison(w.region)

    row = next(t for t in result.tables if t.indicator == indicator).years[0]
    assert row.label == "2026, hittills i år, jan–jun"
    assert [c.total.text for c in [*row.cells, row.total]] == ["1 av 2", "0 av 1", "1 av 3"]


def test_the_dashboards_page_links_to_it(client, figures):
    text = login(client, figures.world.heidi).get(reverse("followup:dashboard-index")).content
    assert URL in text.decode()


# --- Drafts: the regional koordinator reads no municipality's drafts --------------------------


def test_the_regional_koordinator_does_not_open_a_draft(client, figures, frozen_today):
    """Mölnlycke's 2026 report (2500) is a draft: Härryda's work in progress."""
    w = figures.world
    draft = figures.reports[2026, "molnlycke_fc"]
    assert draft.status == ReportStatus.DRAFT

    assert login(client, w.heidi).get(draft.get_absolute_url()).status_code == 404
    client.logout()
    assert login(client, w.grace).get(draft.get_absolute_url()).status_code == 200
    client.logout()
    assert login(client, w.eve).get(draft.get_absolute_url()).status_code == 200


def test_the_report_list_does_not_offer_a_draft_to_the_regional_koordinator(
    client, figures, frozen_today
):
    w = figures.world
    draft = figures.reports[2026, "molnlycke_fc"]
    returned = figures.reports[(2026, 3), "hjallbo"]
    returned.status = ReportStatus.RETURNED
    returned.save()

    response = login(client, w.heidi).get(reverse("followup:report-list"), {"scope": "alla"})

    shown = {r.pk for r in response.context["page"].object_list}
    assert draft.pk not in shown
    assert returned.pk not in shown
    # The submitted and approved ones are read by everyone logged in.
    assert figures.reports[2026, "kungssten"].pk in shown


@pytest.mark.parametrize("user", ["heidi"])
def test_the_regional_koordinator_still_reads_published_reports(
    client, figures, frozen_today, user
):
    w = figures.world
    for key in ((2026, "kungssten"), ((2025, 1), "hjallbo")):
        url = figures.reports[key].get_absolute_url()
        assert login(client, getattr(w, user)).get(url).status_code == 200


def test_the_comparison_takes_few_queries(figures, frozen_today, django_assert_max_num_queries):
    """Six queries, whatever the number of municipalities, centres and periods."""
    with django_assert_max_num_queries(6):
        result = regional_comparison(figures.world.region)
    assert result.tables
