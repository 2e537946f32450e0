"""Issue 20: the review queue ("Att granska") first on a processledare's and koordinator's
start page, the samordnare's to-do in the order of the due date, and the review page marking
the figures to look at twice."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from followup import services
from followup.models import Report, ReportStatus
from followup.rules import can_review_report, reports_to_review
from followup.selectors import inbox_for
from followup.templatetags.followup_tags import INBOX_LIMIT, waited
from tests.conftest import TODAY, login
from tests.factories import make_centre
from tests.followup.factories import make_indicator_set, make_period, make_report, set_value

HOME = reverse("home")


def _at(day: datetime.date, hour: int = 12) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=datetime.UTC)


def _submitted(centre, period, day: datetime.date, by=None) -> Report:
    return make_report(
        centre, period, ReportStatus.SUBMITTED, submitted_at=_at(day), submitted_by=by
    )


@pytest.fixture
def quarters(world):
    q = type("Q", (), {})()
    q.q1 = make_period(datetime.date(2026, 1, 1))
    q.q2 = make_period(datetime.date(2026, 4, 1))
    q.q3 = make_period(datetime.date(2026, 7, 1))
    return q


def _queue(html: str) -> str:
    return html.split('data-testid="review-queue"')[1].split("</section>")[0]


# --- The queue ----------------------------------------------------------------------------


def test_it_lists_the_reports_the_user_may_approve_oldest_first(world, quarters):
    newest = _submitted(world.hjallbo, quarters.q3, datetime.date(2026, 11, 22))
    oldest = _submitted(world.hjallbo, quarters.q1, datetime.date(2026, 11, 2))
    centrum = _submitted(world.kungssten, quarters.q2, datetime.date(2026, 11, 10))
    make_report(world.hjallbo, quarters.q2)  # a draft: nothing to review
    make_report(world.kungssten, quarters.q1, ReportStatus.APPROVED)
    _submitted(world.molnlycke_fc, quarters.q1, datetime.date(2026, 11, 1))  # Härryda's

    assert list(reports_to_review(world.bob)) == [oldest, newest]  # Angered only
    assert list(reports_to_review(world.charlie)) == [oldest, centrum, newest]  # Göteborg
    assert list(reports_to_review(world.grace)) == [Report.objects.get(centre=world.molnlycke_fc)]
    for nobody in (world.alice, world.diana, world.eve, world.frank, world.heidi):
        assert list(reports_to_review(nobody)) == []
    # The inbox's "waiting for review" is the same list.
    assert inbox_for(world.charlie, TODAY)["to_review"] == [oldest, centrum, newest]


def test_it_leaves_out_reports_in_locked_periods(world):
    locked = make_period(datetime.date(2026, 4, 1), locked=True)
    _submitted(world.hjallbo, locked, datetime.date(2026, 8, 1))
    assert list(reports_to_review(world.charlie)) == []


def test_the_submitter_does_not_see_their_own_report_under_four_eyes(world, quarters, settings):
    own = _submitted(world.hjallbo, quarters.q3, datetime.date(2026, 11, 20), by=world.bob)
    other = _submitted(world.hjallbo, quarters.q2, datetime.date(2026, 11, 21), by=world.alice)
    assert list(reports_to_review(world.bob)) == [other]
    assert list(reports_to_review(world.charlie)) == [own, other]
    assert inbox_for(world.bob, TODAY)["to_review"] == [other]

    # The query agrees with the rules of approving, report by report.
    for user in (world.bob, world.charlie, world.alice, world.eve):
        listed = set(reports_to_review(user))
        for report in Report.objects.all():
            may_approve = can_review_report(user, report) and not services.four_eyes_block(
                user, report
            )
            assert (report in listed) is may_approve, (user, report)

    settings.PORTAL_FOUR_EYES = False
    assert list(reports_to_review(world.bob)) == [own, other]


def test_a_superuser_may_approve_what_they_submitted(world, quarters):
    own = _submitted(world.hjallbo, quarters.q3, datetime.date(2026, 11, 20), by=world.admin)
    assert list(reports_to_review(world.admin)) == [own]


def test_it_says_how_long_each_report_has_waited(world, quarters):
    report = _submitted(world.hjallbo, quarters.q3, datetime.date(2026, 11, 20))
    assert waited(report, TODAY) == "väntat 3 dagar"
    assert waited(report, datetime.date(2026, 11, 21)) == "väntat 1 dag"
    assert waited(report, datetime.date(2026, 11, 20)) == "idag"


def test_the_start_page_leads_with_the_queue(client, world, quarters, frozen_today):
    old = _submitted(world.hjallbo, quarters.q1, datetime.date(2026, 11, 20))
    new = _submitted(world.hjallbo, quarters.q3, TODAY)
    own = _submitted(world.hjallbo, quarters.q2, datetime.date(2026, 11, 1), by=world.bob)

    html = login(client, world.bob).get(HOME).content.decode()
    queue = _queue(html)
    assert html.index('data-testid="review-queue"') < html.index('id="panel-register"')
    assert html.index('data-testid="review-queue"') < html.index('data-testid="followup-inbox"')
    assert "Att granska" in queue
    old_link = reverse("followup:report-review", args=[old.pk])
    new_link = reverse("followup:report-review", args=[new.pk])
    assert queue.index(old_link) < queue.index(new_link)
    assert reverse("followup:report-review", args=[own.pk]) not in queue
    assert "Hjällbo familjecentral, 2026 kvartal 1" in queue
    assert "inlämnad 20 november 2026" in queue and "väntat 3 dagar" in queue
    assert "inlämnad 23 november 2026" in queue and "idag" in queue
    assert "?status=inlamnad" not in queue  # no more than fit
    # The inbox points to the queue rather than listing the reports again.
    inbox = html.split('data-testid="followup-inbox"')[1]
    assert "2 rapporter väntar på din granskning" in inbox
    assert old_link not in inbox


def test_it_tells_a_reviewer_when_nothing_waits(client, world, quarters, frozen_today):
    _submitted(world.kungssten, quarters.q1, datetime.date(2026, 11, 20))  # Centrum's
    queue = _queue(login(client, world.bob).get(HOME).content.decode())
    assert "Inget väntar på din granskning." in queue


def test_a_samordnare_and_a_chef_get_no_queue(client, world, quarters, frozen_today):
    _submitted(world.hjallbo, quarters.q1, datetime.date(2026, 11, 20))
    for user in (world.alice, world.diana, world.frank):
        html = login(client, user).get(HOME).content.decode()
        assert 'data-testid="review-queue"' not in html


def test_over_ten_reports_it_links_to_the_full_list(client, world, frozen_today):
    for i in range(INBOX_LIMIT + 2):
        centre = make_centre(f"Central {i:02}", district=world.angered)
        period = make_period(datetime.date(2023 + i // 4, 1 + 3 * (i % 4), 1))
        _submitted(centre, period, datetime.date(2026, 11, 1) + datetime.timedelta(days=i))
    queue = _queue(login(client, world.bob).get(HOME).content.decode())
    assert queue.count('data-testid="review-item"') == INBOX_LIMIT
    assert "Central 00" in queue and "Central 11" not in queue  # the oldest first
    assert f"{reverse('followup:report-list')}?status=inlamnad" in queue
    assert "Alla 12 rapporter som väntar på granskning" in queue


def test_the_queue_costs_the_same_queries_however_long_it_is(
    client, world, quarters, frozen_today, django_assert_max_num_queries
):
    login(client, world.bob)
    _submitted(world.hjallbo, quarters.q1, datetime.date(2026, 11, 20))
    with django_assert_max_num_queries(40) as few:
        assert client.get(HOME).status_code == 200
    for i in range(INBOX_LIMIT + 3):
        centre = make_centre(f"Ny central {i}", district=world.angered)
        _submitted(centre, quarters.q2, datetime.date(2026, 11, 1))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(HOME).status_code == 200


# --- The samordnare's to-do ---------------------------------------------------------------


@pytest.fixture
def deadlines(world):
    """Q1 past its last day, Q2's last day today, Q3 (newer) due in January, and a returned
    report of the 2025 year."""
    d = type("D", (), {})()
    d.q1 = make_period(datetime.date(2026, 1, 1), deadline=datetime.date(2026, 11, 1))
    d.q2 = make_period(datetime.date(2026, 4, 1), deadline=TODAY)
    d.q3 = make_period(datetime.date(2026, 7, 1), deadline=datetime.date(2027, 1, 31))
    d.year = make_period(
        datetime.date(2025, 1, 1),
        datetime.date(2025, 12, 31),
        kind="ar",
        deadline=datetime.date(2026, 1, 31),
    )
    d.returned = make_report(
        world.hjallbo,
        d.year,
        ReportStatus.RETURNED,
        first_submitted_at=_at(datetime.date(2026, 1, 20)),
        return_reason="Komplettera besöken.",
    )
    return d


def test_the_to_do_is_in_the_order_of_the_due_date(world, deadlines):
    inbox = inbox_for(world.alice, TODAY)
    assert [(str(i.period), i.late, i.due_today) for i in inbox["overdue"]] == [
        ("2026 kvartal 1", True, False)
    ]
    # Q3 starts later but is due later: Q2 (due today) comes first.
    assert [(str(i.period), i.late, i.due_today) for i in inbox["due"]] == [
        ("2026 kvartal 2", False, True),
        ("2026 kvartal 3", False, False),
    ]
    assert inbox["returned"] == [deadlines.returned]


def test_the_to_do_marks_today_and_late_and_puts_returned_reports_first(
    client, world, deadlines, frozen_today
):
    html = login(client, world.alice).get(HOME).content.decode()
    inbox = html.split('data-testid="followup-inbox"')[1].split("</section>")[0]
    returned = inbox.index('id="inbox-returned"')
    overdue = inbox.index('id="inbox-overdue"')
    due = inbox.index('id="inbox-due"')
    assert returned < overdue < due
    assert "Återskickad" in inbox[returned:overdue]
    q1, q2, q3 = (inbox.index(f"Hjällbo familjecentral, 2026 kvartal {n}") for n in (1, 2, 3))
    assert q1 < q2 < q3
    assert 'data-testid="todo-late"' in inbox[q1:q2] and "Försenad" in inbox[q1:q2]
    assert 'data-testid="todo-today"' in inbox[q2:q3] and "idag" in inbox[q2:q3]
    assert "todo-late" not in inbox[q3:] and "todo-today" not in inbox[q3:]
    assert "sista dag 23 november 2026" in inbox[q2:q3]
    assert html.index('data-testid="followup-inbox"') < html.index('id="panel-register"')


# --- The review page ----------------------------------------------------------------------


@pytest.fixture
def to_check(world):
    """Hjällbo's Q3 submitted: 400 visits after 85 in Q2 (more than 3 times as many) and a
    stored acceptance rate of 120 % (above the maximum 100 %)."""
    s = make_indicator_set()
    q2 = make_period(datetime.date(2026, 4, 1))
    q3 = make_period(datetime.date(2026, 7, 1))
    before = make_report(world.hjallbo, q2, ReportStatus.APPROVED)
    set_value(before, s.visits, 85)
    set_value(before, s.offered, 10)
    set_value(before, s.accepted, 9)
    report = make_report(world.hjallbo, q3, ReportStatus.SUBMITTED, submitted_by=world.alice)
    set_value(report, s.visits, 400)
    set_value(report, s.offered, 10)
    set_value(report, s.accepted, 9)
    set_value(report, s.rate, 120)
    return report


def test_the_review_page_marks_figures_outside_min_max_and_far_from_last_period(
    client, world, to_check
):
    html = (
        login(client, world.bob)
        .get(reverse("followup:report-review", args=[to_check.pk]))
        .content.decode()
    )
    visits = html.split('data-testid="value-OF-BARN"')[1].split("</td>")[0]
    assert "Långt från förra perioden (85)" in visits
    assert 'data-testid="flag-OF-BARN"' in visits
    rate = html.split('data-testid="value-HB-ANDEL"')[1].split("</td>")[0]
    assert "Utanför min–max (0–100 %)" in rate
    for calm in ("HB-ERB", "HB-ACC"):
        assert "badge" not in html.split(f'data-testid="value-{calm}"')[1].split("</td>")[0]
    assert "2 siffror sticker ut: de är markerade nedan." in html


def test_the_review_page_marks_nothing_when_the_figures_are_plausible(
    client, world, to_check, settings
):
    settings.FOLLOWUP_PLAUSIBILITY_FACTOR = 5  # 400 ≤ 85 × 5
    set_value(to_check, to_check.values.get(indicator__code="HB-ANDEL").indicator, 90)
    html = (
        login(client, world.bob)
        .get(reverse("followup:report-review", args=[to_check.pk]))
        .content.decode()
    )
    assert 'data-testid="flagged"' not in html and 'data-testid="flag-' not in html


def test_the_report_page_itself_marks_nothing(client, world, to_check):
    html = login(client, world.bob).get(to_check.get_absolute_url()).content.decode()
    assert "Utanför min–max" not in html and "Långt från förra perioden" not in html
