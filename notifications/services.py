"""What the portal sends by e-mail, and the sending (issue 20).

One read-only function per kind works out what is due on a day (`reminders`, `overdue`,
`returned`, `reviews`, `digests`): each gives the planned messages, one per person and subject,
named by a `key`. `send_due` sends those a person wants (Preference.wanted) and has an address
for: it first CLAIMS each message by writing its Notification row (unique per person, kind and
key) in a transaction of its own, so a message claimed before (by this run, an earlier one or
one running at the same time) is skipped; then it sends, and sets `sent_at`. A message that
fails to send gives its claim back, so the next run tries again.

The messages hold only what staff wrote and what the register names: centres, periods, dates,
counts, the reason a report was returned, links. Never anything about families.
"""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from coordination.models import REVIEWING_ROLES, Assignment, Role
from familjecentral.audit import audit
from followup.models import Period, Report, ReportAction, ReportEvent, ReportStatus
from followup.services import four_eyes_block
from notifications.models import Kind, Notification, Preference

log = logging.getLogger(__name__)

SUBJECT_PREFIX = "[Familjecentralsportalen] "
# Returned reports and submissions are told about within this many days of the event; a late
# period (OVERDUE) within this many days after its last day on time. A first run on an old
# database therefore does not send about things long past.
RECENT_DAYS = 14


@dataclass
class Planned:
    """One message due: to `user`, of `kind`, about `key` (Notification.key)."""

    user: object
    kind: str
    key: str
    subject: str
    url: str
    context: dict = field(default_factory=dict)


def absolute(path: str) -> str:
    """A link in a message: PORTAL_BASE_URL and the page's path."""
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def _date(day: datetime.date) -> str:
    return date_format(day, "j F Y")


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _users_by_scope(
    role: str, scope: str, ids: Iterable[int], today: datetime.date
) -> dict[int, list]:
    """{scope id: [users]} of the active assignments with `role` for those scopes."""
    found = defaultdict(list)
    for assignment in (
        Assignment.objects.active(today)
        .filter(role=role, user__is_active=True, **{f"{scope}_id__in": list(ids)})
        .select_related("user")
        .order_by("user__pk")
    ):
        found[getattr(assignment, f"{scope}_id")].append(assignment.user)
    return found


def _missing(period: Period) -> list:
    """The expected centres of `period` whose report is not yet first submitted, by name."""
    submitted = Report.objects.filter(period=period).submitted().values("centre_id")
    return list(
        period.expected_centres()
        .exclude(pk__in=submitted)
        .select_related("district__municipality")
        .order_by("name")
    )


def _centre_link(period: Period, centre, reports: dict[int, int]) -> str:
    """The centre's report in the period, or the form that starts it."""
    if centre.pk in reports:
        return absolute(reverse("followup:report-detail", args=[reports[centre.pk]]))
    query = urlencode({"centre": centre.pk, "period": period.pk})
    return absolute(f"{reverse('followup:report-create')}?{query}")


def _by_user(period: Period, centres: list, today: datetime.date, *, leaders: bool) -> dict:
    """{user: [(centre, link)]}: the samordnare of each centre and, with `leaders`, the
    processledare of its district."""
    reports = dict(
        Report.objects.filter(period=period, centre__in=centres).values_list("centre_id", "pk")
    )
    samordnare = _users_by_scope(Role.SAMORDNARE, "centre", [c.pk for c in centres], today)
    processledare = (
        _users_by_scope(Role.PROCESSLEDARE, "district", {c.district_id for c in centres}, today)
        if leaders
        else {}
    )
    plan: dict = {}
    for centre in centres:
        item = {"centre": centre.name, "url": _centre_link(period, centre, reports)}
        for user in [*samordnare.get(centre.pk, []), *processledare.get(centre.district_id, [])]:
            items = plan.setdefault(user, [])
            if item not in items:
                items.append(item)
    return plan


def _open_periods() -> list[Period]:
    return list(Period.objects.filter(locked=False).select_related("municipality", "region"))


def reminders(today: datetime.date) -> list[Planned]:
    """N days before a period's last day on time (each N of NOTIFY_REMINDER_DAYS): to the
    samordnare of each expected centre not yet submitted, one message per person and period
    listing their centres. A run missed on the day is made up on a later day within the N days;
    when several N apply, only the nearest (a missed 7-day reminder is not sent beside the
    1-day one)."""
    days = sorted(settings.NOTIFY_REMINDER_DAYS)
    plans = []
    for period in _open_periods():
        left = (period.last_day_on_time - today).days
        due = [n for n in days if 0 <= left <= n]
        if not due:
            continue
        n = due[0]
        missing = _missing(period)
        for user, items in _by_user(period, missing, today, leaders=False).items():
            subject = _("Reminder: the report for %(period)s is due by %(date)s") % {
                "period": period.label,
                "date": _date(period.last_day_on_time),
            }
            plans.append(
                Planned(
                    user,
                    Kind.REMINDER,
                    f"period {period.pk}:{n} days",
                    subject,
                    items[0]["url"],
                    {"period": period.label, "last_day": period.last_day_on_time, "items": items},
                )
            )
    return plans


def overdue(today: datetime.date) -> list[Planned]:
    """From the day after a period's last day on time (within RECENT_DAYS, once): to the
    samordnare of each expected centre not submitted and the processledare of its district."""
    plans = []
    for period in _open_periods():
        late_by = (today - period.last_day_on_time).days
        if not 1 <= late_by <= RECENT_DAYS:
            continue
        missing = _missing(period)
        for user, items in _by_user(period, missing, today, leaders=True).items():
            subject = _("Late: the report for %(period)s was due by %(date)s") % {
                "period": period.label,
                "date": _date(period.last_day_on_time),
            }
            plans.append(
                Planned(
                    user,
                    Kind.OVERDUE,
                    f"period {period.pk}",
                    subject,
                    items[0]["url"],
                    {"period": period.label, "last_day": period.last_day_on_time, "items": items},
                )
            )
    return plans


def _submitter(report: Report, before: datetime.datetime | None = None):
    """Who submitted the report: Report.submitted_by, else the last submission event."""
    if report.submitted_by is not None:
        return report.submitted_by
    events = report.events.filter(action=ReportAction.SUBMITTED, user__isnull=False)
    if before is not None:
        events = events.filter(created_at__lte=before)
    event = events.select_related("user").order_by("-created_at", "-pk").first()
    return event.user if event else None


def returned(today: datetime.date) -> list[Planned]:
    """Each return of a report in the last RECENT_DAYS days, while the report is still
    returned: to whoever submitted it, with the reason."""
    plans = []
    events = (
        ReportEvent.objects.filter(
            action=ReportAction.RETURNED,
            created_at__gte=_start_of(today - datetime.timedelta(days=RECENT_DAYS)),
            created_at__lt=_start_of(today + datetime.timedelta(days=1)),
            report__status=ReportStatus.RETURNED,
            report__period__locked=False,
        )
        .select_related("report__centre", "report__period", "report__submitted_by")
        .order_by("created_at", "pk")
    )
    for event in events:
        report = event.report
        user = _submitter(report, before=event.created_at)
        if user is None or not user.is_active:
            continue
        plans.append(
            Planned(
                user,
                Kind.RETURNED,
                f"event {event.pk}",
                _("Report returned: %(report)s") % {"report": report},
                absolute(report.get_absolute_url()),
                {"report": str(report), "reason": event.reason or report.return_reason},
            )
        )
    return plans


def reviewers(report: Report, today: datetime.date) -> list:
    """Who may approve `report` (followup.review_report, four eyes), never its submitter."""
    centre = report.centre
    candidates = Assignment.objects.active(today).filter(
        Q(district_id__in={centre.district_id, report.district_id})
        | Q(municipality_id=centre.district.municipality_id),
        role__in=REVIEWING_ROLES,
        user__is_active=True,
    )
    users = {a.user_id: a.user for a in candidates.select_related("user").order_by("user__pk")}
    return [
        user
        for user in users.values()
        if user.pk != report.submitted_by_id
        and user.has_perm("followup.review_report", report)
        and not four_eyes_block(user, report)
    ]


def reviews(today: datetime.date) -> list[Planned]:
    """Each report waiting for review whose submission was in the last RECENT_DAYS days: to
    everyone who may approve it. A resubmission is a new submission event, so a new message."""
    plans = []
    reports = (
        Report.objects.filter(status=ReportStatus.SUBMITTED, period__locked=False)
        .filter(
            events__action=ReportAction.SUBMITTED,
            events__created_at__gte=_start_of(today - datetime.timedelta(days=RECENT_DAYS)),
            events__created_at__lt=_start_of(today + datetime.timedelta(days=1)),
        )
        .distinct()
        .select_related("centre__district__municipality", "period", "submitted_by")
    )
    for report in reports:
        event = (
            report.events.filter(
                action=ReportAction.SUBMITTED,
                created_at__lt=_start_of(today + datetime.timedelta(days=1)),
            ).order_by("-created_at", "-pk")
        ).first()
        submitter = report.submitted_by or event.user
        for user in reviewers(report, today):
            if submitter is not None and user.pk == submitter.pk:
                continue
            plans.append(
                Planned(
                    user,
                    Kind.REVIEW,
                    f"event {event.pk}",
                    _("Report to review: %(report)s") % {"report": report},
                    absolute(report.get_absolute_url()),
                    {
                        "report": str(report),
                        "submitted_by": submitter.get_full_name() if submitter else "",
                    },
                )
            )
    return plans


def digests(today: datetime.date) -> list[Planned]:
    """On NOTIFY_DIGEST_WEEKDAY: to each koordinator, their municipalities' late centres
    (expected, past the last day on time of an open period, not submitted) and the reports
    waiting for review more than NOTIFY_REVIEW_WAITING_DAYS days. Nothing when both are
    empty."""
    if today.weekday() != settings.NOTIFY_DIGEST_WEEKDAY:
        return []
    year, week, _weekday = today.isocalendar()
    waited = _start_of(today - datetime.timedelta(days=settings.NOTIFY_REVIEW_WAITING_DAYS))
    late_periods = [p for p in _open_periods() if p.is_overdue(today)]
    missing = {period.pk: _missing(period) for period in late_periods}
    by_user: dict = {}
    for assignment in (
        Assignment.objects.active(today)
        .filter(role=Role.KOORDINATOR, user__is_active=True)
        .select_related("user", "municipality")
        .order_by("user__pk", "municipality__name")
    ):
        municipality = assignment.municipality
        entry = by_user.setdefault(assignment.user, {"late": [], "waiting": []})
        for period in late_periods:
            for centre in missing[period.pk]:
                if centre.district.municipality_id == municipality.pk:
                    entry["late"].append({"centre": centre.name, "period": period.label})
        for report in (
            Report.objects.filter(
                status=ReportStatus.SUBMITTED,
                period__locked=False,
                centre__district__municipality=municipality,
                submitted_at__lt=waited,
            )
            .select_related("centre", "period")
            .order_by("submitted_at", "pk")
        ):
            entry["waiting"].append(
                {
                    "report": str(report),
                    "since": timezone.localdate(report.submitted_at),
                    "url": absolute(report.get_absolute_url()),
                }
            )
    plans = []
    for user, entry in by_user.items():
        if not entry["late"] and not entry["waiting"]:
            continue
        plans.append(
            Planned(
                user,
                Kind.DIGEST,
                f"{year}-W{week:02d}",
                _("Weekly digest, week %(week)s") % {"week": week},
                absolute(reverse("home")),
                entry,
            )
        )
    return plans


PLANNERS = {
    Kind.REMINDER: reminders,
    Kind.OVERDUE: overdue,
    Kind.RETURNED: returned,
    Kind.REVIEW: reviews,
    Kind.DIGEST: digests,
}


def planned(today: datetime.date) -> list[Planned]:
    """Every message due on `today` to someone who wants its kind and has an address."""
    with translation.override(settings.LANGUAGE_CODE):
        return [
            message
            for planner in PLANNERS.values()
            for message in planner(today)
            if message.user.email and Preference.wanted(message.user, message.kind)
        ]


def pending(today: datetime.date) -> list[Planned]:
    """`planned`, less what was already claimed: what a run would send now (--dry-run)."""
    return [
        message
        for message in planned(today)
        if not Notification.objects.filter(
            user=message.user, kind=message.kind, key=message.key
        ).exists()
    ]


def render(message: Planned) -> EmailMultiAlternatives:
    """The e-mail: Swedish plain text and HTML from templates/notifications/email/."""
    context = {
        **message.context,
        "user": message.user,
        "url": message.url,
        "preferences_url": absolute(reverse("notifications:preferences")),
    }
    name = {
        Kind.REMINDER: "reminder",
        Kind.OVERDUE: "overdue",
        Kind.RETURNED: "returned",
        Kind.REVIEW: "review",
        Kind.DIGEST: "digest",
    }[message.kind]
    with translation.override(settings.LANGUAGE_CODE):
        text = render_to_string(f"notifications/email/{name}.txt", context)
        html = render_to_string(f"notifications/email/{name}.html", context)
    email = EmailMultiAlternatives(
        subject=SUBJECT_PREFIX + message.subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.user.email],
    )
    email.attach_alternative(html, "text/html")
    return email


def _claim(message: Planned) -> Notification | None:
    """Write the message's row, or None when someone claimed it first."""
    try:
        with transaction.atomic():
            return Notification.objects.create(
                user=message.user,
                kind=message.kind,
                key=message.key,
                subject=message.subject[:200],
                url=message.url[:500],
            )
    except IntegrityError:
        return None


def send_due(*, today: datetime.date, dry_run: bool = False) -> dict[str, int]:
    """Send what is due on `today`: {kind: messages sent} (with `dry_run`: would be sent,
    nothing written or sent). Failed sends are logged, not counted, and tried again next run."""
    counts = dict.fromkeys(Kind.values, 0)
    if dry_run:
        for message in pending(today):
            counts[message.kind] += 1
        return counts
    for message in planned(today):
        notification = _claim(message)
        if notification is None:
            continue
        try:
            render(message).send(fail_silently=False)
        except Exception:
            notification.delete()
            log.exception(
                "Could not send %s %s to user %s; it is tried again on the next run.",
                message.kind,
                message.key,
                message.user.pk,
            )
            continue
        notification.sent_at = timezone.now()
        notification.save(update_fields=["sent_at"])
        counts[message.kind] += 1
        audit(
            "notification_sent",
            user=message.user.get_username(),
            kind=message.kind,
            key=message.key,
        )
    return counts
