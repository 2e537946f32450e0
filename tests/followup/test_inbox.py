"""The start-page inbox: what is due, overdue, returned and waiting for review, per user."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from followup import services
from followup.models import ReportStatus
from followup.selectors import inbox_for
from tests.conftest import login
from tests.factories import make_centre
from tests.followup.factories import make_period, make_report

TODAY = datetime.date(2026, 11, 23)


@pytest.fixture
def periods(world):
    p = type("P", (), {})()
    # Q3: deadline passed (Oct 31 + 7 grace days); Q4: still running, deadline in January.
    p.q3 = make_period(
        datetime.date(2026, 7, 1), deadline=datetime.date(2026, 10, 31), grace_days=7
    )
    p.q4 = make_period(datetime.date(2026, 10, 1), deadline=datetime.date(2027, 1, 31))
    p.locked = make_period(datetime.date(2026, 4, 1), locked=True)
    p.future = make_period(datetime.date(2027, 1, 1))
    return p


def _names(items):
    return [(i.centre.name, str(i.period)) for i in items]


def test_it_lists_due_and_overdue_reports_of_the_users_centres(world, periods):
    draft = make_report(world.hjallbo, periods.q4)
    inbox = inbox_for(world.alice, TODAY)
    assert _names(inbox["overdue"]) == [("Hjällbo familjecentral", "2026 kvartal 3")]
    assert inbox["overdue"][0].report is None  # not even started
    assert _names(inbox["due"]) == [("Hjällbo familjecentral", "2026 kvartal 4")]
    assert inbox["due"][0].report == draft
    assert inbox["returned"] == [] and inbox["to_review"] == []


def test_it_leaves_out_submitted_reports_and_closed_centres(world, periods):
    make_report(world.hjallbo, periods.q3, ReportStatus.SUBMITTED)
    world.kungssten.closed_on = datetime.date(2026, 9, 30)
    world.kungssten.save()
    inbox = inbox_for(world.charlie, TODAY)
    assert _names(inbox["overdue"]) == [("Kungssten", "2026 kvartal 3")]
    assert _names(inbox["due"]) == [("Hjällbo familjecentral", "2026 kvartal 4")]
    assert [r.centre for r in inbox["to_review"]] == [world.hjallbo]


def test_it_shows_returned_reports_to_editors_and_submitted_ones_to_reviewers(world, periods):
    returned = make_report(world.hjallbo, periods.q3, ReportStatus.RETURNED)
    submitted = make_report(world.hjallbo, periods.q4, ReportStatus.SUBMITTED)
    assert inbox_for(world.alice, TODAY)["returned"] == [returned]
    assert inbox_for(world.alice, TODAY)["to_review"] == []
    assert inbox_for(world.bob, TODAY)["to_review"] == [submitted]
    assert inbox_for(world.charlie, TODAY)["to_review"] == [submitted]
    for outsider in (world.diana, world.eve, world.frank):
        assert inbox_for(outsider, TODAY)["to_review"] == []
        assert inbox_for(outsider, TODAY)["returned"] == []


def test_it_shows_nothing_to_a_user_without_assignments(world, periods):
    assert inbox_for(world.frank, TODAY) == {
        "due": [],
        "overdue": [],
        "returned": [],
        "to_review": [],
        "by_district": [],
    }


def test_it_shows_the_inbox_on_the_start_page(client, world, periods, settings):
    make_report(world.hjallbo, periods.q3, ReportStatus.RETURNED, return_reason="Saknar besök.")
    login(client, world.alice)
    page = client.get(reverse("home")).content.decode()
    assert "Uppföljning: att göra" in page
    assert "1 rapport återskickad till dig" in page
    assert "Saknar besök." in page
    assert "Påbörja rapporten" in page  # Q4 has no report yet


def test_it_starts_a_report_from_the_inbox(client, world, periods):
    login(client, world.alice)
    response = client.post(
        reverse("followup:report-create"), {"centre": world.hjallbo.pk, "period": periods.q4.pk}
    )
    report = world.hjallbo.reports.get(period=periods.q4)
    assert response.url == reverse("followup:report-edit", args=[report.pk])


def test_it_tells_a_user_with_nothing_to_do(client, world, periods):
    login(client, world.frank)
    assert "Inget väntar på dig." in client.get(reverse("home")).content.decode()


def test_it_shows_the_last_day_on_time_with_swedish_month_names(client, world, periods):
    submitted = make_report(world.hjallbo, periods.q4, ReportStatus.SUBMITTED)
    submitted.submitted_at = datetime.datetime(2026, 10, 30, 12, tzinfo=datetime.UTC)
    submitted.save(update_fields=["submitted_at"])
    make_report(world.kungssten, periods.q3)
    login(client, world.charlie)
    page = client.get(reverse("home")).content.decode()
    # Q3's deadline is 31 October, and 7 grace days still count as on time.
    assert "sista dag 7 november 2026" in page
    assert "31 oktober 2026" not in page
    assert "inlämnad 30 oktober" in page
    assert "30 Okt" not in page and "7 Nov" not in page


def test_it_leaves_out_returned_reports_in_locked_periods(client, world, periods):
    locked = make_report(
        world.hjallbo, periods.locked, ReportStatus.RETURNED, return_reason="Gammal fråga."
    )
    open_one = make_report(world.hjallbo, periods.q3, ReportStatus.RETURNED)
    assert inbox_for(world.alice, TODAY)["returned"] == [open_one]
    login(client, world.alice)
    page = client.get(reverse("home")).content.decode()
    assert "1 rapport återskickad till dig" in page
    assert "Gammal fråga." not in page
    assert reverse("followup:report-edit", args=[locked.pk]) not in page


def test_it_expects_a_report_only_from_periods_the_centre_is_open_in(world, periods):
    world.kungssten.opened_on = datetime.date(2026, 11, 2)
    world.kungssten.save()
    inbox = inbox_for(world.charlie, TODAY)
    assert _names(inbox["overdue"]) == [("Hjällbo familjecentral", "2026 kvartal 3")]
    assert _names(inbox["due"]) == [
        ("Hjällbo familjecentral", "2026 kvartal 4"),
        ("Kungssten", "2026 kvartal 4"),
    ]


def test_it_lists_a_returned_report_as_due_once_it_is_being_corrected(world, periods):
    report = make_report(world.hjallbo, periods.q4, ReportStatus.RETURNED)
    services.report_save_draft(report=report, user=world.alice, data={}, version=report.version)
    inbox = inbox_for(world.alice, TODAY)
    assert inbox["returned"] == []
    assert [(i.report, str(i.period)) for i in inbox["due"]] == [(report, "2026 kvartal 4")]


def test_it_lists_only_the_periods_each_centre_reports_in(world):
    """Göteborg's quarter for Göteborg's centres, Härryda's for Härryda's, and the region's
    year for both; never another municipality's."""
    q4 = datetime.date(2026, 10, 1)
    make_period(q4, deadline=datetime.date(2027, 1, 31), municipality=world.goteborg)
    make_period(q4, deadline=datetime.date(2027, 1, 31), municipality=world.harryda)
    make_period(
        datetime.date(2026, 1, 1),
        datetime.date(2026, 12, 31),
        kind="ar",
        deadline=datetime.date(2027, 1, 31),
        region=world.region,
    )
    alice = [(i.centre.name, i.period.label) for i in inbox_for(world.alice, TODAY)["due"]]
    assert alice == [
        ("Hjällbo familjecentral", "2026 kvartal 4 – Göteborg"),
        ("Hjällbo familjecentral", "2026 – Västra Götalandsregionen (gemensam)"),
    ]
    eve = [i.period.label for i in inbox_for(world.eve, TODAY)["due"]]
    assert eve == ["2026 kvartal 4 – Härryda", "2026 – Västra Götalandsregionen (gemensam)"]


def test_it_leads_whoever_sets_up_follow_up_to_their_goals(client, world):
    for user, shown in ((world.heidi, True), (world.charlie, True), (world.alice, False)):
        login(client, user)
        page = client.get(reverse("home")).content.decode()
        assert ("Era mål, indikatorer och perioder" in page) is shown


def test_a_koordinator_sees_progress_per_district_with_the_list_behind_it(
    client, world, periods, frozen_today
):
    # charlie coordinates Göteborg: Hjällbo in Angered, Kungssten in Centrum. A draft started
    # is no progress: 0 of 1 submitted in Angered's Q4.
    make_report(world.hjallbo, periods.q4)
    lines = inbox_for(world.charlie, TODAY)["by_district"]
    assert [
        (str(p.period), p.district.name, p.submitted, p.expected, p.overdue) for p in lines
    ] == [
        ("2026 kvartal 3", "Angered", 0, 1, True),
        ("2026 kvartal 3", "Centrum", 0, 1, True),
        ("2026 kvartal 4", "Angered", 0, 1, False),
        ("2026 kvartal 4", "Centrum", 0, 1, False),
    ]

    html = login(client, world.charlie).get("/").content.decode()
    summary = html.split('data-testid="inbox-districts"')[1].split("</ul>")[0]
    region = " – Västra Götalandsregionen (gemensam)"
    assert f"Angered</a>, 2026 kvartal 4{region}: 0 av 1 inlämnade, sista dag 31 januari" in summary
    assert f"Centrum</a>, 2026 kvartal 3{region}: 0 av 1 inlämnade, sista dag 7 november" in summary
    assert "<details" in html and "De 4 rapporterna bakom siffrorna" in html


def test_a_samordnare_of_one_centre_sees_the_list_itself_and_first(
    client, world, periods, frozen_today
):
    assert inbox_for(world.alice, TODAY)["by_district"] == []
    html = login(client, world.alice).get("/").content.decode()
    assert "<details" not in html
    assert html.index('data-testid="followup-inbox"') < html.index('id="panel-register"')

    html = login(client, world.charlie).get("/").content.decode()
    assert html.index('id="panel-register"') < html.index('data-testid="followup-inbox"')


def test_the_start_page_reads_in_a_number_of_queries_that_does_not_grow_with_the_data(
    client, world, periods, frozen_today, django_assert_max_num_queries
):
    # A koordinator's start page: the inbox over every open period and centre, the register's
    # counts and the governance panel. More periods, centres and reports cost no more queries.
    login(client, world.charlie)
    make_report(world.hjallbo, periods.q3, ReportStatus.SUBMITTED)
    with django_assert_max_num_queries(40) as few:
        assert client.get(reverse("home")).status_code == 200
    for i in range(4):
        centre = make_centre(f"Ny central {i}", district=world.angered)
        for month in (1, 4, 7, 10):
            period = make_period(datetime.date(2022 + i, month, 1))
            make_report(centre, period, ReportStatus.SUBMITTED)
            make_report(world.kungssten, period, ReportStatus.RETURNED)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("home"))
    assert "Ny central 3" in page.content.decode()


# --- On the `figures` fixture (issue 19, items 4 and 6) -----------------------------------


def _lines(user) -> dict[tuple[str, str], tuple[int, int, bool]]:
    return {
        (p.period.label, p.district.name): (p.submitted, p.expected, p.overdue)
        for p in inbox_for(user, TODAY)["by_district"]
    }


def test_districts_whose_reports_all_came_on_time_are_not_late_and_drafts_are_no_progress(
    client, world, figures, frozen_today
):
    # Every Göteborg quarter was first submitted 10 days after its end, its last day on time
    # 30 days after: on time. 2025 Q1 Angered: Hjällbo and Hammarkullen approved = 2 of 2, not
    # late although the last day (30 April 2025) has long passed; Centrum: Kungssten 1 of 1.
    # 2026 Q4 (ends 31 December) has no report: 0 of 1, not late yet. A draft started for
    # Kungssten in 2026 Q4 is no progress: still 0 of 1.
    make_report(world.kungssten, figures.quarters[2026, 4])
    lines = _lines(world.charlie)
    gbg = " – Göteborg"
    assert lines[f"2025 kvartal 1{gbg}", "Angered"] == (2, 2, False)
    assert lines[f"2025 kvartal 1{gbg}", "Centrum"] == (1, 1, False)
    # 2026 Q3: Hjällbo approved, Kungssten submitted (waiting for review): both count.
    assert lines[f"2026 kvartal 3{gbg}", "Angered"] == (1, 1, False)
    assert lines[f"2026 kvartal 3{gbg}", "Centrum"] == (1, 1, False)
    assert lines[f"2026 kvartal 4{gbg}", "Centrum"] == (0, 1, False)
    assert not any(overdue for _, _, overdue in lines.values())
    assert not inbox_for(world.charlie, TODAY)["overdue"]

    html = login(client, world.charlie).get("/").content.decode()
    summary = html.split('data-testid="inbox-districts"')[1].split("</ul>")[0]
    assert f"Angered</a>, 2025 kvartal 1{gbg}: 2 av 2 inlämnade, sista dag 30 april" in summary
    assert "Försenad" not in summary and "påbörjade" not in summary


def test_the_inbox_expects_a_closed_centre_only_in_the_periods_it_was_open(world, figures):
    # Hammarkullen (Angered) closed 30 June 2025: expected in 2025 Q1–Q2 and the region's year
    # 2025 (Angered: Hjällbo + Hammarkullen = 2), not in 2025 Q3–Q4 or any 2026 period (1).
    lines = _lines(world.charlie)
    gbg, vgr = " – Göteborg", " – Västra Götalandsregionen (gemensam)"
    expected = {
        label: lines[label, "Angered"][1] for label, district in lines if district == "Angered"
    }
    assert expected == {
        f"2025 kvartal 1{gbg}": 2,
        f"2025 kvartal 2{gbg}": 2,
        f"2025 kvartal 3{gbg}": 1,
        f"2025 kvartal 4{gbg}": 1,
        f"2026 kvartal 1{gbg}": 1,
        f"2026 kvartal 2{gbg}": 1,
        f"2026 kvartal 3{gbg}": 1,
        f"2026 kvartal 4{gbg}": 1,
        f"2025{vgr}": 2,
        f"2026{vgr}": 1,
    }
    listed = {
        (i.centre.name, str(i.period))
        for k in ("due", "overdue")
        for i in inbox_for(world.charlie, TODAY)[k]
    }
    assert not any(name == "Hammarkullen familjecentral" for name, _ in listed)


def test_the_inbox_expects_nothing_of_a_district_ended_before_the_period(world, figures):
    # Centrum ended on 31 December 2025 (Kungssten still filed under it): expected in 2025 Q4,
    # in no 2026 period, so 2026 Q4 lists only Hjällbo and Centrum has no 2026 line.
    world.centrum.valid_to = datetime.date(2025, 12, 31)
    world.centrum.save()
    lines = _lines(world.charlie)
    assert lines["2025 kvartal 4 – Göteborg", "Centrum"] == (1, 1, False)
    assert not [label for label, district in lines if district == "Centrum" and "2026" in label]
    due = [(i.centre.name, str(i.period)) for i in inbox_for(world.charlie, TODAY)["due"]]
    assert due == [("Hjällbo familjecentral", "2026 kvartal 4")]
