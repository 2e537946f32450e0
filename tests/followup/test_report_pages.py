"""The report pages: edit form (bad input, submit rules, conflicts, calculated values), read view
with history, review, and the report list."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from followup import services
from followup.models import Report, ReportStatus, Value, ValueStatus
from followup.selectors import inbox_for
from tests.conftest import TODAY, login
from tests.followup.factories import (
    complete_data,
    make_indicator_set,
    make_period,
    make_report,
    set_value,
)
from tests.followup.factories import report_form_data as form_data


@pytest.fixture
def s(world):
    s = make_indicator_set()
    s.previous_period = make_period(datetime.date(2026, 4, 1))
    s.period = make_period(datetime.date(2026, 7, 1))
    s.report = make_report(world.hjallbo, s.period)
    return s


def edit_url(report) -> str:
    return reverse("followup:report-edit", args=[report.pk])


def test_it_saves_a_draft_and_shows_the_calculated_value_without_javascript(client, world, s):
    login(client, world.alice)
    response = client.post(edit_url(s.report), form_data(s), follow=True)
    assert "Utkastet sparades." in response.content.decode()
    assert Value.objects.get(report=s.report, indicator=s.visits).number == 120
    page = client.get(s.report.get_absolute_url()).content.decode()
    assert 'data-testid="value-HB-ANDEL">80 %<' in page
    form = client.get(edit_url(s.report)).content.decode()
    assert ">80 %</output>" in form


def test_it_keeps_text_typed_in_a_number_field_and_says_what_is_wrong(client, world, s):
    login(client, world.alice)
    response = client.post(edit_url(s.report), form_data(s, **{f"number_{s.visits.pk}": "tolv"}))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Ange ett tal, t.ex. 12 eller 12,5." in page
    assert 'value="tolv"' in page
    assert not Value.objects.exists()


def test_it_reads_swedish_numbers_with_spaces_and_decimal_commas(client, world, s):
    login(client, world.alice)
    # Visits are a count, a whole number (issue 19): decimals of other units are tested in
    # test_report_form.py.
    client.post(edit_url(s.report), form_data(s, **{f"number_{s.visits.pk}": "1 200"}))
    assert Value.objects.get(indicator=s.visits).number == Decimal("1200")


def test_it_refuses_a_number_together_with_ej_aktuellt(client, world, s):
    login(client, world.alice)
    response = client.post(
        edit_url(s.report), form_data(s, **{f"status_{s.visits.pk}": "ej-aktuellt"})
    )
    assert "Lämna talet tomt när värdet är ej aktuellt" in response.content.decode()


def test_it_submits_a_complete_report(client, world, s):
    login(client, world.alice)
    data = form_data(s, submit="")
    del data["save"]
    response = client.post(edit_url(s.report), data, follow=True)
    assert "Rapporten lämnades in för granskning." in response.content.decode()
    assert Report.objects.get(pk=s.report.pk).status == ReportStatus.SUBMITTED


def test_it_names_each_broken_rule_next_to_its_field_and_keeps_the_input(client, world, s):
    login(client, world.alice)
    data = form_data(
        s,
        submit="",
        **{
            f"number_{s.visits.pk}": "-3",
            f"number_{s.offered.pk}": "0",
            f"number_{s.accepted.pk}": "0",
            "children_views_gathered": "",
        },
    )
    del data["save"]
    response = client.post(edit_url(s.report), data)
    page = response.content.decode()
    assert "kan inte lämnas in än" in page
    assert "Värdet måste vara minst 0." in page
    assert 'value="-3"' in page
    assert "Kan inte beräknas: ”Hembesök erbjudna” är 0." in page
    assert "Svara på om barnens synpunkter har inhämtats." in page
    report = Report.objects.get(pk=s.report.pk)
    assert report.status == ReportStatus.DRAFT
    assert Value.objects.get(report=report, indicator=s.visits).number == -3  # saved as draft
    # The form now carries the new version: saving again is not a conflict.
    assert f'name="version" value="{report.version}"' in page


def test_it_shows_a_conflict_with_both_versions_and_overwrites_nothing(client, world, s):
    from django.test import Client

    alice, bob = login(Client(), world.alice), login(Client(), world.bob)
    assert alice.get(edit_url(s.report)).status_code == 200
    assert bob.get(edit_url(s.report)).status_code == 200  # both opened version 1
    alice.post(edit_url(s.report), form_data(s, **{f"number_{s.visits.pk}": "120"}))
    response = bob.post(edit_url(s.report), form_data(s, **{f"number_{s.visits.pk}": "95"}))
    page = response.content.decode()
    assert response.status_code == 409
    assert "Någon annan sparade rapporten medan du redigerade den" in page
    assert "Alice Andersson sparade den" in page
    assert "<td>95</td><td>120</td>" in page  # your version, saved version
    assert 'value="95"' in page  # bob's input is still in the form
    assert Value.objects.get(indicator=s.visits).number == 120
    # Saving again after seeing both versions is a deliberate choice and is allowed.
    version = Report.objects.get(pk=s.report.pk).version
    assert f'name="version" value="{version}"' in page


def test_it_shows_last_periods_value_and_comment_beside_the_field(client, world, s):
    previous = make_report(world.hjallbo, s.previous_period, ReportStatus.APPROVED)
    set_value(previous, s.visits, 87, comment="Stängt två veckor i maj.")
    set_value(previous, s.offered, status=ValueStatus.NOT_AVAILABLE)
    login(client, world.alice)
    page = client.get(edit_url(s.report)).content.decode()
    assert "Förra perioden" in page
    assert "87" in page
    assert "Stängt två veckor i maj." in page
    assert "Uppgift saknas" in page


def test_it_shows_who_did_what_and_when_on_the_report_page(client, world, s):
    services.report_save_draft(report=s.report, user=world.alice, data=complete_data(s), version=1)
    services.report_submit(report=s.report, user=world.alice)
    services.report_return(report=s.report, user=world.bob, reason="Besöken verkar för låga.")
    login(client, world.diana)
    page = client.get(s.report.get_absolute_url()).content.decode()
    assert "Historik" in page
    assert "Bob Berg" in page and "Alice Andersson" in page
    assert "Återskickad" in page
    assert "Skäl: Besöken verkar för låga." in page
    assert "Besök barn: – → 120" in page
    assert "Granskarens skäl:" in page


def test_it_shows_a_returned_report_becoming_a_draft_again_in_the_history(client, world, s):
    services.report_save_draft(report=s.report, user=world.alice, data=complete_data(s), version=1)
    services.report_submit(report=s.report, user=world.alice)
    services.report_return(report=s.report, user=world.bob, reason="Besöken verkar för låga.")
    login(client, world.alice)
    client.post(edit_url(s.report), form_data(s, **{f"number_{s.visits.pk}": "140"}))
    assert Report.objects.get(pk=s.report.pk).status == ReportStatus.DRAFT
    page = client.get(s.report.get_absolute_url()).content.decode()
    assert "Utkast" in page.split('data-testid="report-status"')[1].split("</dd>")[0]
    history = page.split('id="history"')[1]
    assert "Återskickad → Utkast" in history
    assert "Besök barn: 120 → 140" in history
    assert "Skäl: Besöken verkar för låga." in history
    assert "Granskarens skäl:" in page  # still shown while the centre corrects it


def test_it_keeps_what_was_typed_when_the_period_is_locked_before_saving(client, world, s):
    login(client, world.alice)
    assert client.get(edit_url(s.report)).status_code == 200
    s.period.locked = True  # the koordinator locks the period while alice is typing
    s.period.save()
    response = client.post(
        edit_url(s.report),
        form_data(s, **{f"number_{s.visits.pk}": "137"}, development_areas="Fler pappor."),
    )
    page = response.content.decode()
    assert response.status_code == 409
    assert "Perioden 2026 kvartal 3 är låst: rapporten kan inte ändras." in page
    assert 'value="137"' in page
    assert "Fler pappor.</textarea>" in page
    assert not Value.objects.exists()
    assert Report.objects.get(pk=s.report.pk).development_areas == ""


def test_it_requires_a_reason_to_return_and_keeps_the_report_submitted(client, world, s):
    s.report.status = ReportStatus.SUBMITTED
    s.report.save()
    login(client, world.bob)
    url = reverse("followup:report-return", args=[s.report.pk])
    response = client.post(url, {"return-reason": "  "})
    assert response.status_code == 400
    assert "Ange ett skäl, så att familjecentralen vet vad som ska ändras." in (
        response.content.decode()
    )
    assert Report.objects.get(pk=s.report.pk).status == ReportStatus.SUBMITTED


def test_it_approves_and_reopens_from_the_review_page(client, world, s):
    s.report.status = ReportStatus.SUBMITTED
    s.report.save()
    login(client, world.charlie)
    review = client.get(reverse("followup:report-review", args=[s.report.pk])).content.decode()
    assert "Godkänn rapporten" in review
    response = client.post(reverse("followup:report-approve", args=[s.report.pk]), follow=True)
    assert "Rapporten godkändes." in response.content.decode()
    assert Report.objects.get(pk=s.report.pk).status == ReportStatus.APPROVED
    response = client.post(
        reverse("followup:report-reopen", args=[s.report.pk]),
        {"reopen-reason": "Fel siffra"},
        follow=True,
    )
    assert "Rapporten öppnades igen som utkast." in response.content.decode()
    assert Report.objects.get(pk=s.report.pk).status == ReportStatus.DRAFT


def test_it_refuses_changes_in_a_locked_period(client, world, s):
    s.period.locked = True
    s.period.save()
    login(client, world.alice)
    response = client.get(edit_url(s.report), follow=True)
    assert "Perioden 2026 kvartal 3 är låst: rapporten kan inte ändras." in (
        response.content.decode()
    )
    response = client.post(edit_url(s.report), form_data(s), follow=True)
    assert not Value.objects.exists()
    page = client.get(s.report.get_absolute_url()).content.decode()
    assert "Perioden är låst" in page
    assert "Redigera rapporten" not in page


def test_it_opens_an_existing_report_instead_of_creating_a_second(client, world, s):
    login(client, world.alice)
    url = reverse("followup:report-create")
    response = client.post(url, {"centre": world.hjallbo.pk, "period": s.period.pk})
    assert response.url == edit_url(s.report)
    response = client.post(url, {"centre": world.hjallbo.pk, "period": s.previous_period.pk})
    assert Report.objects.filter(centre=world.hjallbo).count() == 2


def _many_reports(world, n: int) -> None:
    start = datetime.date(2020, 1, 1)
    for i in range(n):
        period = make_period(datetime.date(start.year + i // 4, 1 + 3 * (i % 4), 1))
        make_report(world.hjallbo, period, ReportStatus.SUBMITTED, submitted_by=world.alice)
        make_report(world.kungssten, period)


def test_it_lists_reports_in_a_constant_number_of_queries(
    client, world, django_assert_max_num_queries
):
    login(client, world.diana)
    _many_reports(world, 3)
    with django_assert_max_num_queries(14) as few:
        client.get(reverse("followup:report-list"))
    _many_reports_more = 12
    for i in range(_many_reports_more):
        period = make_period(datetime.date(2030 + i, 1, 1))
        make_report(world.hjallbo, period, ReportStatus.APPROVED)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("followup:report-list"))
    assert response.context["page"].paginator.count == 15


def test_it_filters_reports_by_period_district_and_status(client, world, s):
    make_report(world.kungssten, s.period, ReportStatus.SUBMITTED)
    make_report(world.hjallbo, s.previous_period, ReportStatus.APPROVED)
    login(client, world.charlie)
    url = reverse("followup:report-list")
    names = lambda r: [(x.centre.name, str(x.period)) for x in r.context["page"]]  # noqa: E731
    assert names(client.get(url, {"period": s.period.pk})) == [
        ("Hjällbo familjecentral", "2026 kvartal 3"),
        ("Kungssten", "2026 kvartal 3"),
    ]
    assert names(client.get(url, {"district": world.centrum.pk})) == [
        ("Kungssten", "2026 kvartal 3")
    ]
    assert names(client.get(url, {"status": "godkand"})) == [
        ("Hjällbo familjecentral", "2026 kvartal 2")
    ]
    response = client.get(url, {"status": "inlamnad", "district": world.angered.pk})
    assert "Inga rapporter matchar filtren." in response.content.decode()


def test_it_hides_other_scopes_drafts_from_the_list(client, world, s):
    make_report(world.molnlycke_fc, s.period)
    login(client, world.alice)
    listed = [r.centre for r in client.get(reverse("followup:report-list")).context["page"]]
    assert listed == [world.hjallbo]


def test_it_sorts_reports_by_centre(client, world, s):
    make_report(world.kungssten, s.period, ReportStatus.SUBMITTED)
    login(client, world.charlie)
    response = client.get(reverse("followup:report-list"), {"sort": "-centre"})
    assert [r.centre.name for r in response.context["page"]] == [
        "Kungssten",
        "Hjällbo familjecentral",
    ]


def test_it_reads_a_report_in_a_constant_number_of_queries(
    client, world, s, django_assert_max_num_queries
):
    from tests.followup.factories import make_indicator

    services.report_save_draft(report=s.report, user=world.alice, data=complete_data(s), version=1)
    login(client, world.diana)
    counts = []
    for _ in range(2):
        with django_assert_max_num_queries(36) as q:
            client.get(s.report.get_absolute_url())
            client.get(reverse("followup:report-list"))
        counts.append(len(q.captured_queries))
        for i in range(8):
            indicator = make_indicator(goal=s.goal2 if i % 2 else s.goal)
            set_value(s.report, indicator, i, comment="Ingen kommentar")
    assert counts[1] <= counts[0]


# --- One due date, one on-time rule (issue 19, item 4), on the `figures` fixture -----------


def _aware(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=datetime.UTC)


def _timeliness(client, report) -> dict[str, str]:
    """What each page says of the report's timeliness: its badge on the report page, the
    review page and the report list, and the dashboard's drill-down."""
    detail = client.get(report.get_absolute_url()).content.decode()
    status = detail.split('data-testid="report-status">')[1].split("</dd>")[0]
    review = client.get(reverse("followup:report-review", args=[report.pk])).content.decode()
    review = review.split("<h1")[1].split("</p>")[0]
    listing = client.get(
        reverse("followup:report-list"),
        {"scope": "alla", "period": report.period.pk, "centre": report.centre.pk},
    ).content.decode()
    row = listing.split(report.centre.name)[-1].split("</tr>")[0]
    drill = client.get(
        reverse("followup:dashboard-completeness"),
        {"period": report.period.pk, "district": report.district.pk},
    ).context["drill"]
    badge = {"I tid": "I tid" in status, "Försenad": "Försenad" in status}
    return {
        "report page": "I tid" if badge["I tid"] else "Försenad" if badge["Försenad"] else "",
        "review page": "I tid" if "I tid" in review else "Försenad" if "Försenad" in review else "",
        "report list": "I tid" if "I tid" in row else "Försenad" if "Försenad" in row else "",
        "dashboard": next(e.state for e in drill if e.centre == report.centre),
    }


def test_a_report_first_submitted_on_time_is_on_time_everywhere_after_a_late_resubmission(
    client, world, figures, frozen_today
):
    # Kungssten's 2026 Q3 (Centrum): the quarter ends 30 September, deadline 30 October, no
    # grace days: last day on time 30 October. First submitted 10 October (on time), returned
    # and submitted again 15 November (after the last day): it stays on time by its first.
    report = figures.reports[(2026, 3), "kungssten"]
    assert report.period.last_day_on_time == datetime.date(2026, 10, 30)
    report.submitted_at = _aware(datetime.date(2026, 11, 15))
    report.save(update_fields=["submitted_at"])
    assert report.first_submitted_at.date() == datetime.date(2026, 10, 10)
    login(client, world.charlie)
    assert _timeliness(client, report) == {
        "report page": "I tid",
        "review page": "I tid",
        "report list": "I tid",
        "dashboard": "Inlämnad i tid",
    }
    lines = {
        (str(p.period), p.district.name): (p.submitted, p.expected, p.overdue)
        for p in inbox_for(world.charlie, TODAY)["by_district"]
    }
    assert lines["2026 kvartal 3", "Centrum"] == (1, 1, False)  # 1 of 1 submitted, not late

    # Returned, and being corrected as a draft after the last day: still on time, so the
    # inbox lists it as due, not overdue.
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.DRAFT)
    inbox = inbox_for(world.charlie, TODAY)
    assert [i.report.pk for i in inbox["due"] if i.report] == [report.pk]
    assert all(i.report is None or i.report.pk != report.pk for i in inbox["overdue"])


def test_a_report_first_submitted_after_the_last_day_is_late_everywhere(
    client, world, figures, frozen_today
):
    # Hjällbo's 2026 Q3 (Angered), first submitted 2 November: 3 days after 30 October.
    report = figures.reports[(2026, 3), "hjallbo"]
    report.submitted_at = report.first_submitted_at = _aware(datetime.date(2026, 11, 2))
    report.save(update_fields=["submitted_at", "first_submitted_at"])
    login(client, world.charlie)
    assert _timeliness(client, report) == {
        "report page": "Försenad",
        "review page": "Försenad",
        "report list": "Försenad",
        "dashboard": "Inlämnad sent",
    }
    lines = {
        (str(p.period), p.district.name): (p.submitted, p.expected, p.late, p.overdue)
        for p in inbox_for(world.charlie, TODAY)["by_district"]
    }
    assert lines["2026 kvartal 3", "Angered"] == (1, 1, 1, True)


def test_the_report_page_and_its_form_show_the_same_single_due_date(client, world, figures):
    # 2026 Q3: deadline 30 October plus 5 grace days = 4 November, the one date both show.
    period = figures.quarters[2026, 3]
    period.grace_days = 5
    period.save()
    report = figures.reports[(2026, 3), "hjallbo"]
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.RETURNED)
    login(client, world.alice)
    for url in (report.get_absolute_url(), edit_url(report)):
        page = client.get(url).content.decode()
        due = page.split('data-testid="report-due">')[1].split("</span>")[0]
        assert "4 november 2026" in due, url
        assert "30 oktober" not in page, url
