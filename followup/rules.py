"""Who may read, change and review follow-up reports and set up follow-up, built from
coordination.rules.

Submitted and approved reports are read by everyone logged in. Drafts and returned reports are
read only by users whose centre, district or municipality assignment covers the centre (chef
included). A region-level assignment (the regional koordinator) reads a report once it is
submitted, never as a draft or returned, also in the region's own periods: a draft is the
municipality's work in progress (DESIGN.md rule 8: nobody reads the drafts of another
organisation's follow-up). Samordnare, processledare and koordinator
edit and submit their centres' reports; processledare (own district) and koordinator (own
municipality) approve, return and reopen.

Each organisation owns its follow-up (DESIGN.md rule 8): the övergripande koordinator sets up
(creates, edits, locks and unlocks) only their own municipality's goals, indicators and
periods, the regional koordinator only the region's shared set; superusers everyone's. Goals,
indicators and periods are read by everyone logged in.
"""

from __future__ import annotations

import rules
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from centres.models import District, FamilyCentre, Municipality, Region
from coordination.models import REVIEWING_ROLES, ROLE_SCOPES, Role
from coordination.rules import (
    ALL_ROLES,
    User,
    area_of,
    can_edit,
    can_manage_followup,
    can_review,
    centres_for_user,
    covered_districts,
    covers,
    district_ids,
    has_assignment,
    municipalities_for_user,
    municipality_ids,
)
from followup.models import PUBLISHED_STATUSES, Report, ReportStatus

# The roles given for a centre, district or municipality: they read the drafts of their
# centres' reports. A region's roles read reports once submitted.
MUNICIPAL_ROLES = tuple(role for role in ALL_ROLES if "region" not in ROLE_SCOPES[role])


@rules.predicate
def can_view_report(user: User, report: Report | None) -> bool:
    if report is None or not user.is_authenticated:
        return False
    return report.status in PUBLISHED_STATUSES or covers(user, report.centre, MUNICIPAL_ROLES)


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


@rules.predicate
def can_manage_setup(user: User, obj: object = None) -> bool:
    """Set up follow-up: `obj` is a goal, indicator or period (its owner decides), a
    municipality or a region; without one, whether the user sets up anyone's follow-up."""
    if obj is None or isinstance(obj, Municipality | Region):
        return can_manage_followup(user, obj)
    owner = obj.owner
    return owner is not None and can_manage_followup(user, owner)


rules.add_perm("followup.manage_setup", can_manage_setup)


def dashboard_centres(user: User) -> QuerySet[FamilyCentre]:
    """The centres whose follow-up figures the user's dashboards show: those any active
    assignment of theirs covers (chef and regional koordinator included; admins: all)."""
    return centres_for_user(user, ALL_ROLES)


def dashboard_districts(user: User) -> QuerySet[District]:
    """The districts the user's dashboards show: those an assignment covers, and those of the
    centres they cover (also a district without any centre, for rule 2)."""
    return covered_districts(user)


def dashboard_municipalities(user: User) -> QuerySet[Municipality]:
    """The municipalities the user's dashboards show whole (a municipality or region
    assignment)."""
    return municipalities_for_user(user, ALL_ROLES)


@rules.predicate
def can_view_dashboards(user: User) -> bool:
    """Managers and coordinators: whoever has an active assignment covering some centre."""
    return user.is_authenticated and dashboard_centres(user).exists()


rules.add_perm("followup.view_dashboards", can_view_dashboards)


def comparison_regions(user: User) -> QuerySet[Region]:
    """The regions whose comparison across municipalities the user opens: the regions they
    work in (a region assignment, or the region of a municipality, district or centre they
    work in); admins every region."""
    if not user.is_authenticated:
        return Region.objects.none()
    if user.is_superuser:
        return Region.objects.all()
    area = area_of(user)
    return area[1] if area is not None else Region.objects.none()


def comparison_municipalities(user: User, region: Region) -> QuerySet[Municipality] | None:
    """The municipalities of `region` the user sees side by side: None for every one of them
    with the region's total (a region assignment, admins); else the user's own
    municipalities in the region."""
    if user.is_superuser or covers(user, region, ALL_ROLES):
        return None
    area = area_of(user)
    if area is None:
        return Municipality.objects.none()
    return area[0].filter(region=region)


def manager_scope(user: User) -> tuple[QuerySet[FamilyCentre], list[int], list[int]] | None:
    """A chef's area for their start page: the centres their chef assignments cover, and the
    districts and municipalities held whole; None for anyone without a chef assignment."""
    if not user.is_authenticated or not has_assignment(user, [Role.CHEF]):
        return None
    return (
        centres_for_user(user, [Role.CHEF]),
        district_ids(user, [Role.CHEF]),
        municipality_ids(user, [Role.CHEF]),
    )


def reports_for_user(user: User) -> QuerySet[Report]:
    """The reports `user` may read, scoped in the query."""
    if not user.is_authenticated:
        return Report.objects.none()
    if user.is_superuser:
        return Report.objects.all()
    return Report.objects.filter(
        Q(status__in=PUBLISHED_STATUSES) | Q(centre__in=centres_for_user(user, MUNICIPAL_ROLES))
    )


def reports_to_review(user: User) -> QuerySet[Report]:
    """The reports waiting for `user` to approve them ("Att granska"), scoped in the query:
    submitted, in an open period, at a centre a reviewing role of theirs covers (as
    can_review_report), and under the four-eyes rule (services.four_eyes_block,
    PORTAL_FOUR_EYES; superusers excepted) never one they submitted themselves. Oldest
    submission first."""
    if not user.is_authenticated:
        return Report.objects.none()
    reports = Report.objects.filter(
        status=ReportStatus.SUBMITTED,
        period__locked=False,
        centre__in=centres_for_user(user, REVIEWING_ROLES),
    )
    if settings.PORTAL_FOUR_EYES and not user.is_superuser:
        reports = reports.exclude(submitted_by=user)
    return reports.order_by("submitted_at", "pk")


def get_report_for_user(request: HttpRequest, pk: int, write: bool = False) -> Report:
    """404 when the user may not see the report, 403 when `write` and they may not change it."""
    report = get_object_or_404(
        reports_for_user(request.user).select_related(
            "centre__district__municipality", "district__municipality", "period"
        ),
        pk=pk,
    )
    if write and not request.user.has_perm("followup.change_report", report):
        raise PermissionDenied
    return report
