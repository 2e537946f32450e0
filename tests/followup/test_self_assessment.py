"""The yearly self-assessment of the arbetssätt: a report in a period of its own kind that rates
the six characteristics 1–4 with a comment and a planned improvement, through the reports'
workflow; the koordinator's centres × characteristics table with the change since last year;
and the means in the goals dashboard and the årsrapport."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from centres.models import FamilyCentre
from followup import arbetssatt, services
from followup.models import (
    Characteristic,
    Period,
    PeriodKind,
    Rating,
    ReportAction,
    ReportStatus,
)
from tests.conftest import login
from tests.factories import make_centre
from tests.followup.factories import make_indicator_set, make_period, make_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def sa(world):
    """Göteborg's self-assessments of 2025 (approved) and 2026 (Hjällbo's draft), beside
    Göteborg's goals and indicators, which a self-assessment does not hold."""
    arbetssatt.ensure_characteristics()
    w = world
    w.indicators = make_indicator_set(municipality=w.goteborg)
    w.chars = list(Characteristic.objects.all())
    w.sa_2025 = make_period(
        datetime.date(2025, 9, 1),
        datetime.date(2025, 12, 31),
        kind=PeriodKind.SELF_ASSESSMENT,
        municipality=w.goteborg,
    )
    w.sa_2026 = make_period(
        datetime.date(2026, 9, 1),
        datetime.date(2026, 12, 31),
        kind=PeriodKind.SELF_ASSESSMENT,
        municipality=w.goteborg,
    )
    w.last_year = make_report(w.hjallbo, w.sa_2025, ReportStatus.APPROVED)
    for c in w.chars:
        Rating.objects.create(report=w.last_year, characteristic=c, score=2)
    w.draft = make_report(w.hjallbo, w.sa_2026)
    return w


def rate(w, report, scores: dict[int, object], **extra) -> dict:
    data = {"version": report.version, "save": "", **extra}
    for c in w.chars:
        data[f"score_{c.pk}"] = scores.get(c.number, "")
        data[f"comment_{c.pk}"] = f"Kommentar {c.number}"
        data[f"improvement_{c.pk}"] = f"Plan {c.number}"
    return data


def all_rated(w, report, score: int = 3, **extra) -> dict:
    return rate(w, report, dict.fromkeys(range(1, 7), score), **extra)


def test_the_six_characteristics_come_from_the_definition():
    arbetssatt.ensure_characteristics()
    arbetssatt.ensure_characteristics()  # again: still six
    names = list(Characteristic.objects.values_list("name", flat=True))
    assert names == [
        "Hälsofrämjande perspektiv",
        "Barnets bästa",
        "Vårdnadshavarna som barnets viktigaste resurs",
        "Det sociala nätverket",
        "Anpassat efter mognadsgrad",
        "Gränsöverskridande samverkan",
    ]


def test_the_form_rates_each_characteristic_and_nothing_else(client, sa):
    login(client, sa.alice)
    page = client.get(reverse("followup:report-edit", args=[sa.draft.pk])).content.decode()
    for c in sa.chars:
        assert c.name in page and f'name="score_{c.pk}"' in page
    assert "Barnrättsperspektiv" not in page
    assert sa.indicators.visits.name not in page and sa.indicators.goal.name not in page
    assert 'name="children_views_gathered"' not in page
    assert "Förra året: 2." in page  # last year's score beside each characteristic


def test_a_draft_keeps_the_ratings_and_the_history_names_them(client, sa):
    login(client, sa.alice)
    url = reverse("followup:report-edit", args=[sa.draft.pk])
    response = client.post(url, rate(sa, sa.draft, {1: "4", 2: "1"}))
    assert response.status_code == 302
    ratings = {r.characteristic.number: r for r in sa.draft.ratings.all()}
    assert ratings[1].score == 4 and ratings[2].score == 1 and ratings[3].score is None
    assert ratings[1].improvement == "Plan 1"
    event = sa.draft.events.get(action=ReportAction.SAVED)
    fields = {c["field"] for c in event.changes}
    assert "Hälsofrämjande perspektiv: poäng" in fields
    # The report page shows the scores and last year's beside them.
    page = client.get(reverse("followup:report-detail", args=[sa.draft.pk])).content.decode()
    assert 'data-testid="score-1">4<' in page and "Plan 1" in page
    assert "+2" in page and "-1" in page  # against last year's 2 everywhere


def test_submitting_needs_every_score(client, sa):
    login(client, sa.alice)
    url = reverse("followup:report-edit", args=[sa.draft.pk])
    response = client.post(url, rate(sa, sa.draft, {1: "3", 2: "3"}, submit=""))
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("Bedöm kännetecknet från 1 till 4.") >= 4
    sa.draft.refresh_from_db()
    assert sa.draft.status == ReportStatus.DRAFT
    # What was typed is still in the form.
    assert "Kommentar 6" in page

    response = client.post(url, all_rated(sa, sa.draft, submit=""))
    assert response.status_code == 302
    sa.draft.refresh_from_db()
    assert sa.draft.status == ReportStatus.SUBMITTED


def test_a_score_outside_1_to_4_is_refused_on_its_field(client, sa):
    login(client, sa.alice)
    url = reverse("followup:report-edit", args=[sa.draft.pk])
    data = all_rated(sa, sa.draft)
    first = sa.chars[0]
    data[f"score_{first.pk}"] = "7"
    data[f"comment_{first.pk}"] = "x" * 501
    response = client.post(url, data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert f"score_{first.pk}" in errors and f"comment_{first.pk}" in errors
    assert not Rating.objects.filter(report=sa.draft).exists()
    assert "Plan 6" in response.content.decode()


def test_the_reviewer_approves_or_returns_it_like_a_report(sa):
    services.report_save_draft(
        report=sa.draft,
        user=sa.alice,
        data={
            "ratings": {
                c.pk: {"score": 3, "comment": "", "improvement": "Mer samverkan"} for c in sa.chars
            }
        },
        version=sa.draft.version,
    )
    services.report_submit(report=sa.draft, user=sa.alice)
    services.report_return(report=sa.draft, user=sa.bob, reason="Skriv en plan för nr 6.")
    sa.draft.refresh_from_db()
    assert sa.draft.status == ReportStatus.RETURNED
    services.report_submit(report=sa.draft, user=sa.alice)
    services.report_approve(report=sa.draft, user=sa.bob)
    sa.draft.refresh_from_db()
    assert sa.draft.status == ReportStatus.APPROVED


def test_the_koordinator_sees_centres_by_characteristics_with_the_change(client, sa):
    services.report_save_draft(
        report=sa.draft,
        user=sa.alice,
        data={
            "ratings": {
                c.pk: {"score": 1 if c.number == 2 else 4, "comment": "", "improvement": ""}
                for c in sa.chars
            }
        },
        version=sa.draft.version,
    )
    login(client, sa.charlie)
    url = reverse("followup:dashboard-self-assessment")
    # A draft is not shown.
    page = client.get(url, {"year": 2026}).content.decode()
    assert "0 av 2 centraler" in page
    services.report_submit(report=sa.draft, user=sa.alice)
    response = client.get(url)  # the latest year by default
    table = response.context["result"]
    assert table.year == 2026
    row = next(r for r in table.rows if r.centre == sa.hjallbo)
    assert [c.score for c in row.cells] == [4, 1, 4, 4, 4, 4]
    assert [c.change for c in row.cells] == [2, -1, 2, 2, 2, 2]
    kungssten = next(r for r in table.rows if r.centre == sa.kungssten)
    assert kungssten.report is None and all(c.score is None for c in kungssten.cells)
    page = response.content.decode()
    assert "1 av 2 centraler" in page and "+2" in page
    # Only Göteborg's centres: Mölnlycke is not charlie's.
    assert {r.centre for r in table.rows} == {sa.hjallbo, sa.kungssten}
    assert str(table.averages[0].mean) == "4.0" and str(table.averages[0].before) == "2.0"
    # Every table downloads.
    export = client.get(url, {"year": 2026, "format": "csv"})
    assert "Hjällbo familjecentral" in b"".join(export.streaming_content).decode("utf-8-sig")


def test_the_means_are_those_of_the_table(sa):
    """The goals dashboard's and the årsrapport's means, from the database, agree with the
    table's rows."""
    other = make_report(sa.kungssten, sa.sa_2026, ReportStatus.APPROVED)
    for c in sa.chars:
        Rating.objects.create(report=other, characteristic=c, score=c.number % 4 + 1)
        Rating.objects.create(report=sa.draft, characteristic=c, score=4)
    sa.draft.status = ReportStatus.SUBMITTED
    sa.draft.save()
    centres = FamilyCentre.objects.filter(district__municipality=sa.goteborg)
    table = arbetssatt.table(centres, 2026)
    for i, average in enumerate(table.averages):
        scores = [r.cells[i].score for r in table.rows if r.cells[i].score is not None]
        assert average.count == len(scores)
        assert float(average.mean) == pytest.approx(sum(scores) / len(scores), abs=0.05)


def test_the_goals_dashboard_and_the_arsrapport_show_the_means(client, sa):
    login(client, sa.charlie)
    page = client.get(reverse("followup:dashboard-goals")).content.decode()
    assert "Arbetssätt 2026" in page
    # This year only a draft: no mean yet, last year's 2 beside it.
    response = client.get(reverse("followup:dashboard-goals"))
    first = response.context["arbetssatt"][0]
    assert (first.mean, str(first.before), first.count) == (None, "2.0", 0)
    assert '<td class="text-end">2,0</td>' in response.content.decode()
    page = client.get(
        reverse("followup:annual-report", args=["kommun", sa.goteborg.pk, 2025])
    ).content.decode()
    assert 'id="arbetssatt"' in page and "Hälsofrämjande perspektiv" in page
    # The self-assessment is not one of the year's follow-up reports.
    assert "Av 0 inlämnade rapporter" in page


def test_a_samordnare_sees_only_their_own_centre(client, sa):
    login(client, sa.alice)
    table = client.get(reverse("followup:dashboard-self-assessment")).context["result"]
    assert [r.centre for r in table.rows] == [sa.hjallbo]


def test_the_koordinator_opens_a_self_assessment_year_like_any_period(client, world):
    arbetssatt.ensure_characteristics()
    login(client, world.charlie)
    response = client.post(
        reverse("followup:period-create"),
        {
            "scope": f"municipality:{world.goteborg.pk}",
            "kind": PeriodKind.SELF_ASSESSMENT,
            "name": "",
            "start": "2027-09-01",
            "end": "2027-10-31",
            "deadline": "2027-11-30",
            "grace_days": "0",
        },
        follow=True,
    )
    assert "Perioden ”Arbetssätt 2027” sparades." in response.content.decode()
    # Göteborg's centres are then expected to assess themselves; Härryda's are not.
    period = Period.objects.get(municipality=world.goteborg, kind=PeriodKind.SELF_ASSESSMENT)
    assert set(period.expected_centres()) == {world.hjallbo, world.kungssten}
    # Härryda's koordinator cannot open one for Göteborg: refused on the owner.
    login(client, world.grace)
    response = client.post(
        reverse("followup:period-create"),
        {
            "scope": f"municipality:{world.goteborg.pk}",
            "kind": PeriodKind.SELF_ASSESSMENT,
            "start": "2028-09-01",
            "end": "2028-12-31",
            "deadline": "2028-11-30",
        },
    )
    assert response.status_code == 200 and "scope" in response.context["form"].errors


def test_two_people_saving_at_once_see_each_others_ratings(client, sa):
    """The conflict check of reports holds for a self-assessment: the second save is shown
    what the first changed and keeps what it typed."""
    url = reverse("followup:report-edit", args=[sa.draft.pk])
    stale = rate(sa, sa.draft, {1: "4"})
    login(client, sa.bob)
    assert client.post(url, rate(sa, sa.draft, {1: "2"})).status_code == 302
    login(client, sa.alice)
    response = client.post(url, stale)
    assert response.status_code == 409
    fields = {c["field"] for c in response.context["conflict"]}
    assert "Hälsofrämjande perspektiv: poäng" in fields
    assert sa.draft.ratings.get(characteristic__number=1).score == 2  # the first save stands
    first = sa.chars[0]
    assert response.context["form"][f"score_{first.pk}"].value() == "4"  # what she typed


def test_the_table_keeps_its_query_count_flat(client, sa, django_assert_max_num_queries):
    def assessed_centres(first: int, last: int) -> None:
        for n in range(first, last):
            centre = make_centre(f"Central {n}", sa.centrum)
            report = make_report(centre, sa.sa_2026, ReportStatus.APPROVED)
            for c in sa.chars:
                Rating.objects.create(report=report, characteristic=c, score=3)

    login(client, sa.charlie)
    url = reverse("followup:dashboard-self-assessment")
    assessed_centres(0, 2)
    client.get(url)  # warm up the session
    with django_assert_max_num_queries(30) as few:
        assert client.get(url, {"year": 2026}).status_code == 200
    assessed_centres(2, 14)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url, {"year": 2026})
    assert response.status_code == 200
    assert response.context["result"].assessed == 14
