"""Template tags of the follow-up app: the start-page inbox and the report status badge."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django import template
from django.utils import timezone

from centres.models import FamilyCentre
from coordination.models import REVIEWING_ROLES
from coordination.rules import centres_for_user
from followup.models import PUBLISHED_STATUSES, Period, Report, ReportStatus

register = template.Library()

INBOX_LIMIT = 10


@dataclass(frozen=True)
class InboxItem:
    centre: FamilyCentre
    period: Period
    report: Report | None


def inbox_for(user, today: datetime.date | None = None) -> dict[str, list]:
    """What the user should act on: reports due and overdue in open periods for the centres
    they edit (with or without a report yet), reports returned to them, and reports waiting
    for their review. Reports in locked periods cannot change, so none of them is listed."""
    today = today or timezone.localdate()
    editable = centres_for_user(user)
    periods = list(Period.objects.filter(locked=False, start__lte=today).order_by("-start"))
    centres = list(editable.order_by("name").only("pk", "name"))
    centre_ids = [c.pk for c in centres]
    reports = {
        (r.centre_id, r.period_id): r
        for r in Report.objects.filter(period__in=periods, centre__in=editable).only(
            "pk", "centre_id", "period_id", "status"
        )
    }
    due, overdue = [], []
    for period in periods:
        expected = set(
            period.expected_centres().filter(pk__in=centre_ids).values_list("pk", flat=True)
        )
        for centre in centres:
            if centre.pk not in expected:
                continue
            report = reports.get((centre.pk, period.pk))
            if report and (
                report.status in PUBLISHED_STATUSES or report.status == ReportStatus.RETURNED
            ):
                continue
            item = InboxItem(centre=centre, period=period, report=report)
            (overdue if period.is_overdue(today) else due).append(item)
    returned = list(
        Report.objects.filter(
            status=ReportStatus.RETURNED, period__locked=False, centre__in=editable
        )
        .select_related("centre", "period", "returned_by")
        .order_by("-returned_at")
    )
    to_review = list(
        Report.objects.filter(
            status=ReportStatus.SUBMITTED,
            period__locked=False,
            centre__in=centres_for_user(user, REVIEWING_ROLES),
        )
        .select_related("centre", "period", "submitted_by")
        .order_by("submitted_at")
    )
    return {"due": due, "overdue": overdue, "returned": returned, "to_review": to_review}


@register.inclusion_tag("followup/_home_panel_body.html", takes_context=True)
def followup_inbox(context: template.Context) -> dict:
    inbox = inbox_for(context["user"])
    return {
        **{f"{k}_count": len(v) for k, v in inbox.items()},
        **{k: v[:INBOX_LIMIT] for k, v in inbox.items()},
        "limit": INBOX_LIMIT,
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("followup/_status_badge.html")
def report_status_badge(report: Report) -> dict:
    return {"status": report.status, "label": report.get_status_display()}


@register.filter
def person(user) -> str:
    """A staff member's name for "who did it" ("–" when the account is gone)."""
    if user is None:
        return "–"
    return user.get_full_name() or user.get_username()
