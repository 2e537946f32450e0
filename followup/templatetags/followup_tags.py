"""Template tags of the follow-up app: the start-page inbox and the report status badge."""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext

from followup import arbetssatt
from followup.models import Report, Unit
from followup.selectors import inbox_for, review_queue_for

register = template.Library()

INBOX_LIMIT = 10


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
    reports, count = review_queue_for(context["user"], INBOX_LIMIT)
    return {
        "reports": reports,
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
