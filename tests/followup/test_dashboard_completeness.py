"""The completeness and timeliness dashboard: figures checked against hand-computed ones, the
drill-down, the files, the scope and the number of queries."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from followup.models import ReportAction, ReportEvent, ReportStatus
from tests.conftest import login
from tests.factories import make_centre
from tests.followup.factories import make_period, make_report

URL = reverse("followup:dashboard-completeness")


def _at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC)


def _submitted(report, *days: datetime.date) -> None:
    """The report was submitted on each of `days` (returned in between)."""
    for day in days:
        ReportEvent.objects.create(
            report=report, action=ReportAction.SUBMITTED, created_at=_at(day)
        )
    report.submitted_at = _at(days[-1])
    report.save(update_fields=["submitted_at"])


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
