"""Reads that pages and template tags share: the start page's inbox and review queue, and the
values export's rows. Plain queries, no request: the callers decide who asks."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from centres.models import District, FamilyCentre
from coordination.rules import centres_for_user
from followup.models import PUBLISHED_STATUSES, Period, Report, ReportStatus, Value
from followup.rules import reports_to_review


@dataclass(frozen=True)
class InboxItem:
    centre: FamilyCentre
    period: Period
    report: Report | None
    late: bool = False  # "Försenad": past the last day on time (Period.is_late)
    due_today: bool = False  # "Idag": today is the last day on time


@dataclass
class DistrictProgress:
    """One line of a koordinator's inbox: in one period and district, how many of the
    expected centres have submitted and on time (Period.submission_counts, as the
    completeness dashboard and the period list count: first submitted, whatever the status
    now; a draft never submitted is no progress) and how many are late by Period.is_late
    ("3 av 14 inlämnade, sista dag 4 februari")."""

    period: Period
    district: District
    expected: int = 0
    submitted: int = 0
    on_time: int = 0
    late: int = 0

    @property
    def overdue(self) -> bool:
        """Some expected centre is late: 3 of 3 submitted on time is not."""
        return self.late > 0


def inbox_for(user, today: datetime.date | None = None) -> dict[str, list]:
    """What the user should act on: reports due and overdue in open periods for the centres
    they edit (with or without a report yet), reports returned to them, and reports waiting
    for their review (reports_to_review: never their own under four eyes, oldest first).
    Reports in locked periods cannot change, so none of them is listed. The to-do is in the
    order of the due date (Period.last_day_on_time), the returned reports first."""
    today = today or timezone.localdate()
    editable = centres_for_user(user)
    municipalities = editable.values("district__municipality")
    periods = list(
        Period.objects.filter(locked=False, start__lte=today)
        .filter(Q(municipality__in=municipalities) | Q(region__municipalities__in=municipalities))
        .distinct()
        .select_related("municipality", "region")
        .order_by("-start")
    )
    centres = list(
        editable.order_by("name")
        .select_related("district__municipality")
        .only(
            "pk",
            "name",
            "opened_on",
            "closed_on",
            "district__id",
            "district__name",
            "district__valid_to",
            "district__municipality__id",
            "district__municipality__region_id",
        )
    )
    # (centre, period) → (report, status, first submission): plain rows, a report object only
    # for what is listed. The first submission decides on time, as Report.is_late.
    reports = {
        (centre_id, period_id): (pk, status, first)
        for pk, centre_id, period_id, status, first in Report.objects.filter(
            period__in=periods, centre__in=editable
        )
        .with_first_submission()
        .values_list("pk", "centre_id", "period_id", "status", "first_submitted")
    }
    due, overdue = [], []
    progress: dict[tuple[int, int], DistrictProgress] = {}
    for period in periods:
        for centre in centres:
            if not period.expects(centre):
                continue
            pk, status, first = reports.get((centre.pk, period.pk), (None, "", None))
            late = period.is_late(first, today)
            line = progress.setdefault(
                (period.pk, centre.district.pk), DistrictProgress(period, centre.district)
            )
            line.expected += 1
            submitted, on_time = period.submission_counts([first])
            line.submitted += submitted
            line.on_time += on_time
            line.late += late
            if status in PUBLISHED_STATUSES or status == ReportStatus.RETURNED:
                continue
            report = None
            if pk is not None:
                report = Report(pk=pk, centre=centre, period=period, status=status)
            item = InboxItem(
                centre=centre,
                period=period,
                report=report,
                late=late,
                due_today=period.last_day_on_time == today,
            )
            (overdue if late else due).append(item)
    # By due date; one date's items keep the newest period first, then the centre's name.
    due.sort(key=lambda item: item.period.last_day_on_time)
    overdue.sort(key=lambda item: item.period.last_day_on_time)
    returned = list(
        Report.objects.filter(
            status=ReportStatus.RETURNED, period__locked=False, centre__in=editable
        )
        .select_related("centre", "period", "returned_by")
        .order_by("-returned_at")
    )
    returned.sort(key=lambda report: report.period.last_day_on_time)
    to_review = list(reports_to_review(user).select_related("centre", "period", "submitted_by"))
    # Over more than one district the inbox leads with the progress per district, the list
    # of reports behind it; one district's few centres are listed as they are.
    districts = {c.district.pk for c in centres}
    by_district = sorted(
        progress.values(),
        key=lambda p: (p.period.last_day_on_time, p.district.name),
    )
    return {
        "due": due,
        "overdue": overdue,
        "returned": returned,
        "to_review": to_review,
        "by_district": by_district if len(districts) > 1 else [],
    }


def review_queue_for(user, limit: int) -> tuple[list[Report], int]:
    """The first `limit` reports the user may approve (reports_to_review, oldest first) and
    how many there are: two queries however long the queue."""
    queue = reports_to_review(user)
    count = queue.count()  # always: the page's queries do not grow with the queue
    return list(queue.select_related("centre", "period")[:limit]), count


def published_values(centres: QuerySet[FamilyCentre], periods: QuerySet[Period]) -> QuerySet:
    """Every value of the submitted and approved reports of `centres` in `periods`, one plain
    row per centre, period and indicator, in the order of the values export
    (dashboards.values.VALUE_HEADERS)."""
    return (
        Value.objects.filter(
            report__centre__in=centres.values("pk"),
            report__period__in=periods.values("pk"),
            report__status__in=PUBLISHED_STATUSES,
        )
        .order_by("report__period__start", "report__centre__name", "indicator__code", "pk")
        .values_list(
            "report__centre__name",
            "report__district__name",
            "report__district__municipality__name",
            "report__period__name",
            "report__period__start",
            "report__period__end",
            "report__status",
            "indicator__code",
            "indicator__name",
            "indicator__goal__municipality__name",
            "indicator__goal__region__name",
            "number",
            "status",
        )
    )
