"""Periods: expected centres, names, and the set-up pages with locking."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from followup.models import Period, PeriodKind, ReportStatus
from tests.conftest import login
from tests.factories import make_centre
from tests.followup.factories import make_period, make_report


def test_it_names_periods_like_2026_kvartal_3(db):
    assert str(make_period(datetime.date(2026, 7, 1))) == "2026 kvartal 3"
    half = make_period(
        datetime.date(2026, 7, 1), datetime.date(2026, 12, 31), kind=PeriodKind.HALF_YEAR
    )
    assert str(half) == "2026 halvår 2"
    tertial = make_period(
        datetime.date(2026, 5, 1), datetime.date(2026, 8, 31), kind=PeriodKind.TERTIAL
    )
    assert str(tertial) == "2026 tertial 2"


def test_it_expects_every_centre_open_on_some_day_of_the_period(world):
    q3 = make_period(datetime.date(2026, 7, 1))  # 1 July – 30 September
    district = world.angered
    make_centre("Öppnar sista dagen", district, opened_on=datetime.date(2026, 9, 30))
    make_centre("Öppnar efteråt", district, opened_on=datetime.date(2026, 10, 1))
    make_centre("Stänger första dagen", district, closed_on=datetime.date(2026, 7, 1))
    make_centre("Stängde innan", district, closed_on=datetime.date(2026, 6, 30))
    make_centre(
        "Öppen mitt i",
        district,
        opened_on=datetime.date(2026, 8, 1),
        closed_on=datetime.date(2026, 8, 31),
    )
    names = set(q3.expected_centres().values_list("name", flat=True))
    assert names == {
        "Hjällbo familjecentral",
        "Kungssten",
        "Mölnlycke familjecentral",
        "Öppnar sista dagen",
        "Stänger första dagen",
        "Öppen mitt i",
    }


def test_it_counts_expected_submitted_on_time_and_approved_reports(client, world):
    q3 = make_period(datetime.date(2026, 7, 1), deadline=datetime.date(2026, 10, 31), grace_days=3)
    world.kungssten.closed_on = datetime.date(2026, 6, 30)
    world.kungssten.save()
    on_time = datetime.datetime(2026, 11, 3, 12, tzinfo=datetime.UTC)  # within the grace days
    late = datetime.datetime(2026, 11, 10, 12, tzinfo=datetime.UTC)
    make_report(world.hjallbo, q3, ReportStatus.APPROVED, submitted_at=on_time)
    make_report(world.molnlycke_fc, q3, ReportStatus.SUBMITTED, submitted_at=late)
    login(client, world.diana)
    response = client.get(reverse("followup:period-list"))
    period = response.context["page"].object_list[0]
    assert (
        period.expected_count,
        period.submitted_count,
        period.on_time_count,
        period.approved_count,
    ) == (2, 2, 1, 1)


def test_it_sorts_the_due_date_column_by_the_last_day_on_time(client, world):
    # The column shows the last day on time, so it sorts by it, not by the deadline alone:
    # 2027 Q1 (ends 31 March): deadline 10 April + 30 grace days = 10 May.
    # 2027 tertial 1 (ends 30 April): deadline 30 April, no grace days = 30 April.
    # By deadline Q1 comes first (10 < 30 April); by the last day on time the tertial does.
    quarter = make_period(
        datetime.date(2027, 1, 1),
        deadline=datetime.date(2027, 4, 10),
        grace_days=30,
        municipality=world.goteborg,
    )
    tertial = make_period(
        datetime.date(2027, 1, 1),
        datetime.date(2027, 4, 30),
        kind=PeriodKind.TERTIAL,
        deadline=datetime.date(2027, 4, 30),
        municipality=world.goteborg,
    )
    assert quarter.last_day_on_time == datetime.date(2027, 5, 10)
    login(client, world.charlie)
    url = reverse("followup:period-list")
    listed = client.get(url, {"sort": "deadline"}).context["page"].object_list
    assert list(listed) == [tertial, quarter]
    assert [p.last_day for p in listed] == [datetime.date(2027, 4, 30), datetime.date(2027, 5, 10)]
    listed = client.get(url, {"sort": "-deadline"}).context["page"].object_list
    assert list(listed) == [quarter, tertial]


def test_it_lists_periods_in_a_constant_number_of_queries(
    client, world, django_assert_max_num_queries
):
    login(client, world.charlie)
    for year in (2024, 2025):
        make_period(datetime.date(year, 1, 1))
    with django_assert_max_num_queries(18) as few:
        first = client.get(reverse("followup:period-list"))
    for year in range(2010, 2020):
        report = make_report(world.hjallbo, make_period(datetime.date(year, 1, 1)))
        report.status = ReportStatus.SUBMITTED
        report.save()
    with django_assert_max_num_queries(len(few.captured_queries)):
        more = client.get(reverse("followup:period-list"))
    # The same queries for a list that grew: 2 periods, then 12.
    assert [r.context["page"].paginator.count for r in (first, more)] == [2, 12]


def test_it_lets_a_koordinator_create_a_period(client, world):
    login(client, world.charlie)
    response = client.post(
        reverse("followup:period-create"),
        {
            "scope": f"municipality:{world.goteborg.pk}",
            "kind": "kvartal",
            "name": "",
            "start": "2027-01-01",
            "end": "2027-03-31",
            "deadline": "2027-04-30",
            "grace_days": "5",
        },
        follow=True,
    )
    assert "Perioden ”2027 kvartal 1” sparades." in response.content.decode()
    period = Period.objects.get()
    assert (period.grace_days, period.municipality) == (5, world.goteborg)


def test_it_keeps_bad_period_input_and_explains_it(client, world):
    login(client, world.charlie)
    response = client.post(
        reverse("followup:period-create"),
        {
            "scope": f"municipality:{world.goteborg.pk}",
            "kind": "kvartal",
            "start": "2027-04-01",
            "end": "2027-01-31",
            "deadline": "i morgon",
        },
    )
    page = response.content.decode()
    assert "Slutdatum kan inte vara före startdatum." in page
    assert 'value="i morgon"' in page
    assert not Period.objects.exists()


@pytest.mark.parametrize("who", ["alice", "bob", "diana"])
def test_it_lets_only_the_koordinator_set_up_periods(client, world, who):
    login(client, getattr(world, who))
    assert client.get(reverse("followup:period-create")).status_code == 403


def test_it_asks_before_locking_a_period_and_then_locks_it(client, world):
    period = make_period(municipality=world.goteborg)
    make_report(world.hjallbo, period)
    login(client, world.charlie)
    url = reverse("followup:period-lock", args=[period.pk])
    page = client.get(url).content.decode()
    assert "Låsa 2026 kvartal 3?" in page
    assert "1 rapport för perioden är inte godkänd än." in page
    assert not Period.objects.get().locked
    response = client.post(url, follow=True)
    assert "Perioden ”2026 kvartal 3” är låst." in response.content.decode()
    assert Period.objects.get().locked
    client.post(reverse("followup:period-unlock", args=[period.pk]))
    assert not Period.objects.get().locked


def test_locking_a_period_someone_just_locked_says_there_was_nothing_to_do(client, world):
    period = make_period(municipality=world.goteborg, locked=True)  # locked in another tab
    login(client, world.charlie)
    response = client.post(reverse("followup:period-lock", args=[period.pk]), follow=True)
    assert "Inget att göra: Perioden ”2026 kvartal 3” är låst." in response.content.decode()
    history = Period.history.filter(id=period.pk)
    assert history.count() == 1  # created; the second lock wrote nothing


# --- On the `figures` fixture (issue 19, items 4 and 6) -----------------------------------


def test_it_lists_each_period_with_its_last_day_on_time_and_counts_by_the_first_submission(
    client, world, figures
):
    # 2026 Q3: deadline 30 October + 5 grace days = last day on time 4 November, one date.
    # Kungssten first submitted 10 October, returned and submitted again 20 November: on time
    # by its first submission, so both reports of the quarter are on time (2 of 2).
    q3 = figures.quarters[2026, 3]
    q3.grace_days = 5
    q3.save()
    report = figures.reports[(2026, 3), "kungssten"]
    report.submitted_at = datetime.datetime(2026, 11, 20, 10, tzinfo=datetime.UTC)
    report.save(update_fields=["submitted_at"])
    login(client, world.charlie)
    response = client.get(reverse("followup:period-list"), {"year": 2026, "kind": "kvartal"})
    counts = {
        str(p): (p.expected_count, p.submitted_count, p.on_time_count, p.approved_count)
        for p in response.context["page"].object_list
    }
    assert counts["2026 kvartal 3"] == (2, 2, 2, 1)
    row = response.content.decode().split("2026 kvartal 3</a>")[1].split("</tr>")[0]
    assert "2026-11-04" in row and "varav 5 extra dagar" in row
    assert "2026-10-30" not in row


def test_it_expects_only_centres_open_in_districts_not_ended_before_the_period(
    client, world, figures
):
    # Hammarkullen (Angered) closed 30 June 2025: 2025 Q2 expects 3, Q3 2. Centrum ended
    # 31 December 2025: 2026 Q1 expects Hjällbo alone (1); 2025 Q4 still both (2).
    world.centrum.valid_to = datetime.date(2025, 12, 31)
    world.centrum.save()
    quarters = figures.quarters
    assert [quarters[2025, n].expected_centres().count() for n in (2, 3, 4)] == [3, 2, 2]
    assert list(quarters[2026, 1].expected_centres()) == [world.hjallbo]
    assert set(figures.years[2026].expected_centres()) == {world.hjallbo, world.molnlycke_fc}
    login(client, world.charlie)
    response = client.get(reverse("followup:period-list"), {"kind": "kvartal"})
    expected = {str(p): p.expected_count for p in response.context["page"].object_list}
    assert [expected[f"2025 kvartal {n}"] for n in (2, 3, 4)] == [3, 2, 2]
    assert expected["2026 kvartal 1"] == 1
