"""Template tags of the follow-up app: the start-page inbox and the report status badge."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.db.models import Q
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext

from centres.models import District, FamilyCentre
from coordination.rules import centres_for_user
from followup import arbetssatt
from followup.models import PUBLISHED_STATUSES, Period, Report, ReportStatus, Unit
from followup.rules import reports_to_review

register = template.Library()

INBOX_LIMIT = 10


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


@register.inclusion_tag("followup/_home_panel_body.html", takes_context=True)
def followup_inbox(context: template.Context) -> dict:
    user = context["user"]
    inbox = inbox_for(user)
    return {
        **{f"{k}_count": len(v) for k, v in inbox.items()},
        **{k: v[:INBOX_LIMIT] for k, v in inbox.items()},
        "limit": INBOX_LIMIT,
        "can_set_up": user.has_perm("followup.manage_setup"),
        "can_view_dashboards": user.has_perm("followup.view_dashboards"),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("followup/_review_queue.html", takes_context=True)
def review_queue(context: template.Context) -> dict:
    """ "Att granska", first on a processledare's and koordinator's start page: the reports
    they may approve (reports_to_review), oldest first, with how long each has waited."""
    queue = reports_to_review(context["user"])
    count = queue.count()  # always: the page's queries do not grow with the queue
    return {
        "reports": list(queue.select_related("centre", "period")[:INBOX_LIMIT]),
        "more": count > INBOX_LIMIT,
        "count": count,
        "today": timezone.localdate(),
    }


@register.simple_tag
def waited(report: Report, today: datetime.date | None = None) -> str:
    """How long a submitted report has waited for review: "idag", "väntat 1 dag", "väntat
    3 dagar" (calendar days since it was last submitted)."""
    if report.submitted_at is None:
        return ""
    days = ((today or timezone.localdate()) - timezone.localdate(report.submitted_at)).days
    if days <= 0:
        return gettext("today")
    return ngettext("waited %(days)d day", "waited %(days)d days", days) % {"days": days}


@register.inclusion_tag("followup/_self_assessment.html")
def self_assessment(report: Report) -> dict:
    """The self-assessment's ratings on its page, with last year's scores."""
    return {"rows": arbetssatt.rating_rows(report)}


@register.inclusion_tag("followup/_status_badge.html")
def report_status_badge(report: Report) -> dict:
    return {"status": report.status, "label": report.get_status_display()}


@register.simple_tag
def report_timeliness(report: Report) -> str:
    """Beside the status badge: "I tid" once submitted by the last day on time, "Försenad"
    when first submitted after it or not submitted and past it (Report.is_late, the rule of
    the dashboards and the inbox); nothing while a report is still in time to come."""
    if report.is_late:
        return format_html('<span class="badge text-bg-danger">{}</span>', gettext("Late"))
    if report.is_submitted:
        return format_html('<span class="badge text-bg-success">{}</span>', gettext("On time"))
    return ""


@register.simple_tag
def percent_bar(percent) -> str:
    """A percentage as a whole number beside a bar drawn on the server (the same on screen and
    in the PDF); "–" when there is none. A tag, not an include: a dashboard has hundreds."""
    if percent is None:
        return "–"
    whole = int(Decimal(percent).quantize(Decimal(1), ROUND_HALF_UP))  # as floatformat:0
    return format_html(
        '<svg class="percent-bar" width="100" height="8" viewBox="0 0 100 8" aria-hidden="true"'
        ' focusable="false"><rect width="100" height="8" fill="#dee2e6"/>'
        '<rect width="{}" height="8" fill="#146c43"/></svg> {} %',
        max(0, min(100, whole)),
        whole,
    )


@register.filter
def person(user) -> str:
    """A staff member's name for "who did it" ("–" when the account is gone)."""
    if user is None:
        return "–"
    return user.get_full_name() or user.get_username()


@register.simple_tag
def figure(indicator, number, status: str | None = None) -> str:
    """A figure of `indicator` as people read it: "1 200", "82,5 %", "Ja", "Uppgift saknas"."""
    return indicator.display(number, status) or "–"


@register.simple_tag
def published_figure(indicator, number, threshold: int) -> str:
    """A total for publication: a head count from 1 up to below `threshold` is shown as
    "<5" (PORTAL_PUBLICATION_THRESHOLD), so that nobody can be singled out by it."""
    if (
        number is not None
        and indicator.unit == Unit.COUNT
        and not indicator.is_calculated
        and 0 < number < threshold
    ):
        return f"<{threshold}"
    return indicator.display(number) or "–"


@register.filter
def published_count(count: int, threshold: int) -> str:
    """A head count for publication, "<5" from 1 up to below the threshold."""
    return f"<{threshold}" if 0 < count < threshold else str(count)
