"""The completeness and timeliness dashboard: figures checked against hand-computed ones, the
drill-down, the files, the scope and the number of queries."""

from __future__ import annotations

import csv
import datetime
import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from centres.models import FamilyCentre
from followup.dashboards.completeness import completeness
from followup.models import Report, ReportAction, ReportEvent, ReportStatus
from followup.selectors import inbox_for
from tests.conftest import TODAY, login
from tests.factories import make_centre
from tests.followup.factories import make_period, make_report

URL = reverse("followup:dashboard-completeness")


def _at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC)


def _submitted(report, *days: datetime.date) -> None:
    """The report was submitted on each of `days` (returned in between): the first is kept,
    as report_submit keeps it."""
    for day in days:
        ReportEvent.objects.create(
            report=report, action=ReportAction.SUBMITTED, created_at=_at(day)
        )
    report.submitted_at, report.first_submitted_at = _at(days[-1]), _at(days[0])
    report.save(update_fields=["submitted_at", "first_submitted_at"])


@pytest.fixture
def q3(world):
    """Göteborg's third quarter of 2026, last day on time 5 November (deadline + 5 days).

    Angered: Hjällbo submitted 20 October, returned and submitted again 20 November (on time,
    by its first submission); Stängd, closed 15 August, sent nothing (missing); Nyöppnad opened
    after the quarter (not expected). Centrum: Kungssten submitted 10 November (late) and
    approved; Gamlestaden submitted 25 October and returned. Mölnlycke is Härryda's."""
    period = make_period(
        datetime.date(2026, 7, 1),
        deadline=datetime.date(2026, 10, 31),
        grace_days=5,
        municipality=world.goteborg,
    )
    make_centre("Stängd familjecentral", world.angered, closed_on=datetime.date(2026, 8, 15))
    make_centre("Nyöppnad familjecentral", world.angered, opened_on=datetime.date(2026, 10, 1))
    gamlestaden = make_centre("Gamlestaden familjecentral", world.centrum)
    hjallbo = make_report(world.hjallbo, period, ReportStatus.SUBMITTED)
    _submitted(hjallbo, datetime.date(2026, 10, 20), datetime.date(2026, 11, 20))
    kungssten = make_report(world.kungssten, period, ReportStatus.APPROVED)
    _submitted(kungssten, datetime.date(2026, 11, 10))
    returned = make_report(gamlestaden, period, ReportStatus.RETURNED)
    _submitted(returned, datetime.date(2026, 10, 25))
    make_report(
        world.molnlycke_fc, make_period(datetime.date(2026, 7, 1), municipality=world.harryda)
    )
    return period


def _figures(rows) -> list[tuple]:
    return [
        (
            r.district.name if r.district else "Totalt",
            r.expected,
            r.submitted,
            r.submitted_percent,
            r.on_time,
            r.on_time_percent,
            r.late,
            r.approved,
            r.approved_percent,
            r.returned,
            r.missing,
        )
        for r in rows
    ]


def test_it_counts_expected_submitted_on_time_approved_returned_and_missing(client, world, q3):
    login(client, world.charlie)
    response = client.get(URL, {"period": q3.pk})
    assert response.status_code == 200
    assert _figures(response.context["rows"]) == [
        ("Angered", 2, 1, 50, 1, 50, 0, 0, 0, 0, 1),
        ("Centrum", 2, 2, 100, 1, 50, 1, 1, 50, 1, 0),
        ("Totalt", 4, 3, 75, 2, 50, 1, 1, 25, 1, 1),
    ]


def test_it_drills_into_a_district_to_the_missing_and_late_centres(client, world, q3):
    login(client, world.charlie)
    response = client.get(URL, {"period": q3.pk, "district": world.centrum.pk})
    states = {e.centre.name: (e.state, e.status_label) for e in response.context["drill"]}
    assert states == {
        "Gamlestaden familjecentral": ("Inlämnad i tid", "Återskickad"),
        "Kungssten": ("Inlämnad sent", "Godkänd"),
    }
    response = client.get(URL, {"period": q3.pk, "district": world.angered.pk})
    states = {e.centre.name: e.state for e in response.context["drill"]}
    assert states == {"Hjällbo familjecentral": "Inlämnad i tid", "Stängd familjecentral": "Saknas"}
    assert "Stängd familjecentral" in response.content.decode()


def test_it_shows_a_chef_only_their_own_district(client, world, q3):
    login(client, world.diana)  # chef of Angered
    response = client.get(URL, {"period": q3.pk})
    assert [r.district.name if r.district else "Totalt" for r in response.context["rows"]] == [
        "Angered",
        "Totalt",
    ]
    districts = set(response.context["form"].fields["district"].queryset)
    assert districts == {world.angered}
    # A district outside the scope is not offered, and shows nothing if asked for.
    response = client.get(URL, {"period": q3.pk, "district": world.centrum.pk})
    assert response.context["drill"] is None
    assert "Kungssten" not in response.content.decode()


@pytest.mark.parametrize("who", ["frank", "anonymous"])
def test_it_is_for_people_with_an_assignment(client, world, who):
    if who == "frank":
        login(client, world.frank)
        assert client.get(URL).status_code == 403
    else:
        assert client.get(URL).status_code == 302


def test_it_downloads_the_table_as_excel_with_numbers_as_numbers(client, world, q3):
    login(client, world.charlie)
    response = client.get(URL, {"period": q3.pk, "format": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:6] == ("Period", "Ägare", "Stadsdel", "Förväntade", "Inlämnad", "Inlämnade (%)")
    assert rows[-1][2:] == ("Totalt", 4, 3, 75, 2, 50, 1, 1, 25, 1, 1)
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["C"].width >= len("Stadsdel")


def test_it_downloads_the_drill_down_as_csv_with_dates(client, world, q3):
    login(client, world.charlie)
    response = client.get(URL, {"period": q3.pk, "district": world.centrum.pk, "format": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == [
        "Familjecentral",
        "Stadsdel",
        "Period",
        "Läge",
        "Status",
        "Först inlämnad",
        "Sista dag i tid",
    ]
    assert rows[2][:4] == ["Kungssten", "Centrum", "2026 kvartal 3", "Inlämnad sent"]
    assert rows[2][5].startswith("2026-11-10") and rows[2][6] == "2026-11-05"


def test_it_runs_a_fixed_number_of_queries_whatever_the_size(
    client, world, q3, django_assert_max_num_queries, frozen_today
):
    login(client, world.charlie)
    with django_assert_max_num_queries(30) as small:
        client.get(URL, {"kind": "kvartal"})
    periods = [
        make_period(datetime.date(2026, month, 1), municipality=world.goteborg) for month in (1, 4)
    ]
    for n in range(12):
        centre = make_centre(f"Extra {n}", world.centrum)
        report = make_report(centre, periods[n % 2], ReportStatus.SUBMITTED)
        _submitted(report, datetime.date(2026, 10, 1))
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(URL, {"kind": "kvartal"})
    assert response.status_code == 200
    assert len(response.context["rows"]) > 3


# --- On the `figures` fixture (issue 19, items 4 and 6) -----------------------------------


def _totals(rows) -> dict[str, tuple]:
    """Per period, the total row: expected, submitted, on time, late, approved, missing."""
    return {
        str(r.period): (r.expected, r.submitted, r.on_time, r.late, r.approved, r.missing)
        for r in rows
        if r.district is None
    }


def test_it_expects_the_closed_centre_only_in_the_periods_it_was_open(world, figures):
    # Hammarkullen (Angered) closed 30 June 2025. Göteborg's quarters, every report first
    # submitted 10 days after the end and the last day on time 30 days after: all on time.
    # 2025 Q1–Q2: Hjällbo, Kungssten, Hammarkullen = 3 expected, 3 approved. 2025 Q3 onward:
    # 2. 2026 Q3: Kungssten submitted, not approved (1 approved). 2026 Q4: nothing yet.
    # The region's 2025: the three Göteborg centres and Mölnlycke = 4, all approved; 2026: 3,
    # Kungssten submitted, Mölnlycke a draft (not submitted: 2 of 3, missing 1).
    periods = [*figures.quarters.values(), *figures.years.values()]
    rows = completeness(FamilyCentre.objects.all(), periods)
    assert _totals(rows) == {
        "2025 kvartal 1": (3, 3, 3, 0, 3, 0),
        "2025 kvartal 2": (3, 3, 3, 0, 3, 0),
        "2025 kvartal 3": (2, 2, 2, 0, 2, 0),
        "2025 kvartal 4": (2, 2, 2, 0, 2, 0),
        "2026 kvartal 1": (2, 2, 2, 0, 2, 0),
        "2026 kvartal 2": (2, 2, 2, 0, 2, 0),
        "2026 kvartal 3": (2, 2, 2, 0, 1, 0),
        "2026 kvartal 4": (2, 0, 0, 0, 0, 2),
        "2025": (4, 4, 4, 0, 4, 0),
        "2026": (3, 2, 2, 0, 1, 1),
    }
    hammarkullen = {
        str(r.period) for r in rows for e in r.centres if e.centre == figures.hammarkullen
    }
    assert hammarkullen == {"2025 kvartal 1", "2025 kvartal 2", "2025"}


def test_it_expects_no_centre_of_a_district_ended_before_the_period(world, figures):
    # Centrum ended 31 December 2025 with Kungssten still filed under it: Centrum is expected
    # in 2025 Q4 (1 centre) and in no 2026 quarter; 2026 Q1 expects Hjällbo alone.
    world.centrum.valid_to = datetime.date(2025, 12, 31)
    world.centrum.save()
    periods = [figures.quarters[2025, 4], figures.quarters[2026, 1]]
    rows = completeness(FamilyCentre.objects.all(), periods)
    assert [
        (str(r.period), r.district.name if r.district else "Totalt", r.expected) for r in rows
    ] == [
        ("2025 kvartal 4", "Angered", 1),
        ("2025 kvartal 4", "Centrum", 1),
        ("2025 kvartal 4", "Totalt", 2),
        ("2026 kvartal 1", "Angered", 1),
        ("2026 kvartal 1", "Totalt", 1),
    ]


def test_the_page_leaves_the_closed_centre_out_after_it_closed(client, world, figures):
    login(client, world.charlie)
    q2, q3 = figures.quarters[2025, 2], figures.quarters[2025, 3]
    page = client.get(URL, {"period": q2.pk, "district": world.angered.pk}).content.decode()
    assert "Hammarkullen familjecentral" in page
    page = client.get(URL, {"period": q3.pk, "district": world.angered.pk}).content.decode()
    assert "Hammarkullen familjecentral" not in page


def _cells(html: str, label: str) -> list[str]:
    """The text of each cell of the table row holding `label`, tags left out."""
    row = next(r for r in re.findall(r"<tr[ >].*?</tr>", html, re.S) if label in r)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", c).split()) for c in cells]


def test_the_dashboard_the_period_list_and_the_inbox_print_the_same_submitted_and_on_time(
    client, world, figures, frozen_today
):
    # Göteborg's 2025 Q1: ends 31 March, deadline 30 April, no grace days: last day on time
    # 30 April 2025. Every report was first submitted 10 April; then:
    #   Angered  Hjällbo       returned 15 May          submitted, on time (by its first)
    #            Hammarkullen  first submitted 15 May   submitted, late
    #   Centrum  Kungssten     approved                 submitted, on time
    #            Gamlestaden   a draft, never submitted not submitted (opened 2025)
    # Angered: 2 expected, 2 submitted, 1 on time. Centrum: 2, 1, 1.
    # Total: 4 expected, 2 + 1 = 3 submitted, 1 + 1 = 2 on time, 1 approved, 1 returned.
    # Before issue 19 the period list and the inbox counted only submitted or approved
    # reports (2 submitted, 1 on time; Angered "1 av 2"): a returned report is submitted.
    q1 = figures.quarters[2025, 1]
    may = datetime.datetime(2025, 5, 15, 10, tzinfo=datetime.UTC)
    Report.objects.filter(pk=figures.reports[(2025, 1), "hjallbo"].pk).update(
        status=ReportStatus.RETURNED, returned_at=may, return_reason="Komplettera."
    )
    Report.objects.filter(pk=figures.reports[(2025, 1), "hammarkullen"].pk).update(
        status=ReportStatus.SUBMITTED, submitted_at=may, first_submitted_at=may, approved_at=None
    )
    gamlestaden = make_centre(
        "Gamlestaden familjecentral", world.centrum, opened_on=datetime.date(2025, 1, 1)
    )
    make_report(gamlestaden, q1)
    login(client, world.charlie)

    # The completeness dashboard: expected, submitted, on time, approved, returned, missing.
    page = client.get(URL, {"period": q1.pk}).content.decode()
    cells = {
        label: [int(re.match(r"\d+", c).group()) for c in _cells(page, f">{label}<")[1:]]
        for label in ("Angered", "Centrum", "Totalt")
    }
    assert cells == {
        "Angered": [2, 2, 1, 0, 1, 0],
        "Centrum": [2, 1, 1, 1, 0, 1],
        "Totalt": [4, 3, 2, 1, 1, 1],
    }

    # The period list: expected, submitted, on time, approved.
    page = client.get(reverse("followup:period-list"), {"year": 2025, "kind": "kvartal"})
    row = _cells(page.content.decode(), ">2025 kvartal 1</a>")
    assert row[1:4] == ["Göteborg", "Kvartal", "2025-04-30"]
    assert row[4:8] == ["4", "3", "2", "1"]

    # The inbox: per district "n av m inlämnade", and on time behind it.
    lines = {
        p.district.name: (p.submitted, p.expected, p.on_time)
        for p in inbox_for(world.charlie, TODAY)["by_district"]
        if p.period == q1
    }
    assert lines == {"Angered": (2, 2, 1), "Centrum": (1, 2, 1)}
    html = client.get(reverse("home")).content.decode()
    summary = html.split('data-testid="inbox-districts"')[1].split("</ul>")[0]
    assert "Angered</a>, 2025 kvartal 1 – Göteborg: 2 av 2 inlämnade" in summary
    assert "Centrum</a>, 2025 kvartal 1 – Göteborg: 1 av 2 inlämnade" in summary


def test_the_drill_down_links_only_the_reports_the_user_may_open(client, figures):
    # Mölnlycke's report of the region's year 2026 is a draft: the regional koordinator sees
    # that it was started but reads no centre's draft, so its name is not a link for her;
    # Hjällbo's approved report of the same year is.
    w = figures.world
    login(client, w.heidi)
    page = client.get(URL, {"period": figures.years[2026].pk, "district": w.molnlycke.pk})
    draft = figures.reports[2026, "molnlycke_fc"]
    assert draft.status == ReportStatus.DRAFT
    html = page.content.decode()
    assert "Mölnlycke familjecentral" in html
    assert reverse("followup:report-detail", args=[draft.pk]) not in html
    page = client.get(URL, {"period": figures.years[2026].pk, "district": w.angered.pk})
    approved = figures.reports[2026, "hjallbo"]
    assert reverse("followup:report-detail", args=[approved.pk]) in page.content.decode()
