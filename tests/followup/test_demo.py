"""The follow-up part of `seed_demo`."""

from __future__ import annotations

import datetime
import io

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from followup import demo
from followup.models import (
    Goal,
    GoalAssessment,
    Indicator,
    IndicatorTarget,
    Period,
    PeriodKind,
    Rating,
    Report,
    ReportAction,
    ReportEvent,
    ReportStatus,
    Value,
    ValueStatus,
)
from tests.factories import Role, assign, make_municipality, make_user

MODELS = [
    Goal,
    Indicator,
    IndicatorTarget,
    Period,
    Report,
    Value,
    GoalAssessment,
    ReportEvent,
    Rating,
    Group,
]


def _counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in MODELS}


def test_it_seeds_reports_in_every_state_and_is_idempotent(db):
    call_command("seed_demo", stdout=io.StringIO())
    first = _counts()
    call_command("seed_demo", stdout=io.StringIO())
    assert _counts() == first
    # Eight quarters for each municipality, the region's years (last and this), each
    # municipality's self-assessments of the arbetssätt (last year and this), and Göteborg's
    # year 2020 from before the stadsdelar were replaced.
    assert first["Period"] == 8 + 8 + 2 + 2 + 2 + 1
    today = timezone.localdate()
    current_quarter = f"{today.year} kvartal {(today.month - 1) // 3 + 1}"
    for code in ("1480", "1401"):
        quarters = Period.objects.filter(municipality__code=code, kind=PeriodKind.QUARTER)
        assert quarters.count() == 8
        assert str(quarters.order_by("start").last()) == current_quarter
    years = Period.objects.filter(region__code="14").order_by("start")
    assert [str(p) for p in years] == [str(today.year - 1), str(today.year)]
    assert Goal.objects.get(name="Stärka ett jämställt föräldraskap").municipality.name == (
        "Härryda"
    )
    statuses = set(Report.objects.values_list("status", flat=True))
    assert statuses == set(ReportStatus.values)
    returned = Report.objects.filter(status=ReportStatus.RETURNED).select_related("period")
    assert 2 <= len(returned) <= 3
    assert len({r.centre_id for r in returned}) == len(returned)
    assert len({r.period_id for r in returned}) > 1
    hjallbo = returned.get(centre__name="Hjällbo familjecentral")
    assert "hembesök" in hjallbo.return_reason
    assert all(r.return_reason and r.returned_by and not r.period.locked for r in returned)
    assert Value.objects.filter(status=ValueStatus.NOT_AVAILABLE).exists()
    assert any(r.is_late for r in Report.objects.published().select_related("period"))
    assert Period.objects.filter(locked=True).exists()
    # 2020's reports stay under the stadsdelar they were made in; the centres have moved on.
    history = Report.objects.filter(period__start__year=2020).select_related("district")
    assert history.count() >= 10
    assert all(r.district.valid_to == datetime.date(2020, 12, 31) for r in history)
    assert all(r.centre.district == r.district.successor for r in history)
    assert {r.district.name for r in history} >= {"Angered", "Östra Göteborg", "Lundby"}
    # Self-assessments: last year's approved, this year's in every state, Hjällbo's a draft
    # for its samordnare to file.
    assessments = Report.objects.filter(period__kind=PeriodKind.SELF_ASSESSMENT)
    assert set(
        assessments.filter(period__start__year=today.year - 1).values_list("status", flat=True)
    ) == {ReportStatus.APPROVED}
    assert {ReportStatus.APPROVED, ReportStatus.SUBMITTED, ReportStatus.DRAFT} <= set(
        assessments.filter(period__start__year=today.year).values_list("status", flat=True)
    )
    assert assessments.get(
        centre__name="Hjällbo familjecentral", period__start__year=today.year
    ).status == (ReportStatus.DRAFT)
    assert Rating.objects.filter(report__in=assessments, score=4).exists()
    # The history tables show no event after today, and each report's events in their order.
    now = timezone.now()
    assert not ReportEvent.objects.filter(created_at__gt=now).exists()
    assert not Report.objects.filter(created_at__gt=now).exists()
    for report in Report.objects.exclude(status=ReportStatus.DRAFT):
        reviewed = report.approved_at or report.returned_at
        assert report.created_at < report.submitted_at < (reviewed or now)
    for events in _events_by_report().values():
        assert events[0].action == ReportAction.CREATED
        times = [e.created_at for e in events]
        assert times == sorted(set(times))


def test_it_gives_every_demo_report_only_what_applies_to_its_centre(demo):
    """Göteborg's reports hold Göteborg's goals and indicators, never Härryda's and never the
    region's shared set, and the other way round; a report in the region's yearly period holds
    only the region's (issue 19: the shared set is entered once and counted once)."""
    reports = Report.objects.select_related("centre__district__municipality", "period")
    seen = {}
    for report in reports:
        municipality = report.centre.district.municipality
        goal_owners = {
            a.goal.owner_label for a in report.assessments.select_related("goal__municipality")
        }
        value_owners = {
            v.indicator.goal.owner_label
            for v in report.values.select_related(
                "indicator__goal__municipality", "indicator__goal__region"
            )
        }
        region = "Västra Götalandsregionen (gemensam)"
        allowed = {region} if report.period.region_id else {municipality.name}
        assert goal_owners | value_owners <= allowed, report
        seen.setdefault((municipality.name, bool(report.period.region_id)), set()).update(
            value_owners
        )
    assert seen[("Göteborg", False)] == {"Göteborg"}
    assert seen[("Härryda", False)] == {"Härryda"}
    # No municipality keeps a near-duplicate of the region's shared indicators.
    shared = set(Indicator.objects.filter(goal__region__isnull=False).values_list("name", flat=1))
    assert "Föräldragrupper som genomförts" in shared
    assert not Indicator.objects.filter(goal__municipality__isnull=False, name__in=shared).exists()
    # Göteborg's goal decided for next year is set up but in none of this year's reports.
    upcoming = Goal.objects.get(code="M09")
    assert upcoming.valid_from == datetime.date(timezone.localdate().year + 1, 1, 1)
    assert not upcoming.assessments.exists()
    assert seen[("Göteborg", True)] == seen[("Härryda", True)] == {region}


def _events_by_report() -> dict[int, list[ReportEvent]]:
    by_report: dict[int, list[ReportEvent]] = {}
    for event in ReportEvent.objects.order_by("pk"):  # the order they were written in
        by_report.setdefault(event.report_id, []).append(event)
    return by_report


def test_the_demo_has_no_report_approved_by_whoever_submitted_it(demo):
    """Four eyes (tests/followup/test_four_eyes.py) in the demo data too."""
    approved = Report.objects.filter(status=ReportStatus.APPROVED)
    assert approved.exists()
    same = [r for r in approved if r.approved_by_id and r.approved_by_id == r.submitted_by_id]
    assert same == []


def test_it_never_dates_a_demo_event_after_now():
    now = timezone.now()
    planned = [
        (ReportAction.CREATED, "", "utkast", None, now - datetime.timedelta(days=2), ""),
        (ReportAction.SUBMITTED, "utkast", "inlamnad", None, now + datetime.timedelta(days=3), ""),
        (ReportAction.APPROVED, "inlamnad", "godkand", None, now + datetime.timedelta(days=9), ""),
    ]
    times = [event[4] for event in demo._settled(planned, now)]
    assert times[0] == now - datetime.timedelta(days=2)
    assert times[0] < times[1] < times[2] == now


def _owners_of_the_demo():
    goteborg = make_municipality("Göteborg", "1480")
    harryda = make_municipality("Härryda", "1401")
    return goteborg, harryda


def test_it_lets_the_demo_koordinatorer_set_up_their_own_in_django_admin(client, db):
    goteborg, _harryda = _owners_of_the_demo()
    user = make_user("koordinator.goteborg")
    assign(user, Role.KOORDINATOR, goteborg)
    demo.seed(io.StringIO())
    demo.seed(io.StringIO())  # again: still one group, still staff
    user.refresh_from_db()
    assert user.is_staff and user.groups.count() == 1
    client.force_login(user)
    for model in ("goal", "indicator", "period"):
        assert client.get(reverse(f"admin:followup_{model}_changelist")).status_code == 200
        assert client.get(reverse(f"admin:followup_{model}_add")).status_code == 200
    goal = Goal.objects.get(code="M01")
    assert client.get(reverse("admin:followup_goal_change", args=[goal.pk])).status_code == 200
    indicator = Indicator.objects.get(code="HB-ANDEL", goal__municipality=goteborg)
    url = reverse("admin:followup_indicator_change", args=[indicator.pk])
    assert 'name="targets-0-target"' in client.get(url).content.decode()  # targets inline
    assert client.get(reverse("admin:followup_report_changelist")).status_code == 403
    assert client.get(reverse("admin:followup_value_changelist")).status_code == 403
    # Härryda's and the region's follow-up are not Göteborg's koordinator's, in admin either.
    listed = client.get(reverse("admin:followup_goal_changelist")).content.decode()
    assert "Stärka integrationen" not in listed and "Erbjuda lättillgängligt stöd" in listed
    for code in ("H01", "R01"):
        other = Goal.objects.get(code=code)
        response = client.get(reverse("admin:followup_goal_change", args=[other.pk]))
        assert response.status_code == 302  # "does not exist", back to the list
        assert Goal.objects.get(pk=other.pk).name == other.name


def test_it_seeds_each_owners_goals_and_indicators_without_centres(db):
    goteborg, harryda = _owners_of_the_demo()
    out = io.StringIO()
    demo.seed(out)
    assert "no demo centres" in out.getvalue()
    assert Indicator.objects.get(code="HB-ANDEL", goal__municipality=goteborg).is_calculated
    rate = Indicator.objects.get(code="FG-ANDEL")
    assert rate.goal.municipality == harryda and rate.numerator.goal.municipality == harryda
    assert Goal.objects.get(code="M03").articles.filter(number=18).exists()
    assert set(Goal.objects.filter(region__code="14").values_list("code", flat=True)) == {"R01"}
    assert Indicator.objects.filter(goal__region__code="14").count() == 3
