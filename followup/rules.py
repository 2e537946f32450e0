"""Who may read, change and review follow-up reports, built from coordination.rules.

Submitted and approved reports are read by everyone logged in. Drafts and returned reports are
read only by users whose active assignment covers the centre (chef included). Samordnare,
processledare and koordinator edit and submit their centres' reports; processledare (own
district) and koordinator (own municipality) approve, return and reopen. An övergripande
koordinator (any municipality) or a superuser sets up goals, indicators and periods.
"""

from __future__ import annotations

import rules
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from coordination.rules import (
    ALL_ROLES,
    User,
    can_edit,
    can_read_scope,
    can_review,
    centres_for_user,
    is_coordinator_anywhere,
)
from followup.models import PUBLISHED_STATUSES, Report


@rules.predicate
def can_view_report(user: User, report: Report | None) -> bool:
    if report is None or not user.is_authenticated:
        return False
    return report.status in PUBLISHED_STATUSES or can_read_scope(user, report.centre)


@rules.predicate
def can_change_report(user: User, report: Report | None) -> bool:
    """Edit and submit: an editing role covering the report's centre."""
    return report is not None and can_edit(user, report.centre)


@rules.predicate
def can_review_report(user: User, report: Report | None) -> bool:
    """Approve, return and reopen: a reviewing role covering the report's centre."""
    return report is not None and can_review(user, report.centre)


rules.add_perm("followup.view_report", can_view_report)
rules.add_perm("followup.change_report", can_change_report)
rules.add_perm("followup.review_report", can_review_report)
rules.add_perm("followup.manage_setup", is_coordinator_anywhere)


def reports_for_user(user: User) -> QuerySet[Report]:
    """The reports `user` may read, scoped in the query."""
    if not user.is_authenticated:
        return Report.objects.none()
    if user.is_superuser:
        return Report.objects.all()
    return Report.objects.filter(
        Q(status__in=PUBLISHED_STATUSES) | Q(centre__in=centres_for_user(user, ALL_ROLES))
    )


def get_report_for_user(request: HttpRequest, pk: int, write: bool = False) -> Report:
    """404 when the user may not see the report, 403 when `write` and they may not change it."""
    report = get_object_or_404(
        reports_for_user(request.user).select_related("centre__district__municipality", "period"),
        pk=pk,
    )
    if write and not request.user.has_perm("followup.change_report", report):
        raise PermissionDenied
    return report


def require_review(request: HttpRequest, report: Report) -> None:
    if not request.user.has_perm("followup.review_report", report):
        raise PermissionDenied


def require_setup(request: HttpRequest) -> None:
    """Goals, indicators and periods: övergripande koordinator or superuser, else 403."""
    if not request.user.has_perm("followup.manage_setup"):
        raise PermissionDenied
