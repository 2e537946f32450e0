"""Template tags of the coordination app, also used on the register's pages (through
`templates/_scope_panels.html`, so the register's templates never load these tags):

- `{% scope_people centre_or_district %}`: "Samordnare: …, Processledare: …, Koordinator: …"
- `{% scope_governance centre_or_district %}`: steering groups (flagging those that are not
  partsammansatt) and agreements of the scope
- `{% process_support scope %}`: a district without an active processledare, a centre without an
  active samordnare, and since when
- `{% coordination_home_panel %}`: the start page's panel (overdue decisions, expiring agreements)
- `{% agreement_status_badge status %}`
"""

from __future__ import annotations

from django import template
from django.db.models import Prefetch, Q
from django.utils import timezone

from centres.models import District, FamilyCentre, Municipality
from coordination.models import (
    Agreement,
    AgreementStatus,
    Assignment,
    Decision,
    Role,
    SteeringGroup,
    SteeringGroupMember,
)
from coordination.rules import centres_for_user, districts_for_user, municipalities_for_user
from coordination.support import gaps_in

register = template.Library()

ROLE_ORDER = [
    Role.SAMORDNARE,
    Role.PROCESSLEDARE,
    Role.KOORDINATOR,
    Role.REGIONAL_KOORDINATOR,
    Role.CHEF,
]
STATUS_CSS = {
    AgreementStatus.UPCOMING: "text-bg-info",
    AgreementStatus.VALID: "text-bg-success",
    AgreementStatus.EXPIRING: "text-bg-warning",
    AgreementStatus.EXPIRED: "text-bg-secondary",
}


def _scope_filter(scope: FamilyCentre | District | Municipality, *, inherited: bool) -> Q:
    """Assignments on the scope itself, and (inherited) on the district, municipality and region
    above it; for a district also the samordnare of its centres."""
    if isinstance(scope, FamilyCentre):
        q = Q(centre=scope)
        if inherited:
            q |= Q(district_id=scope.district_id)
            q |= Q(municipality_id=scope.district.municipality_id)
            q |= Q(region_id=scope.district.municipality.region_id)
        return q
    if isinstance(scope, District):
        q = Q(district=scope) | Q(centre__district=scope)
        if inherited:
            q |= Q(municipality_id=scope.municipality_id)
            q |= Q(region_id=scope.municipality.region_id)
        return q
    q = Q(municipality=scope)
    if inherited:
        q |= Q(region_id=scope.region_id)
    return q


@register.inclusion_tag("coordination/_scope_people.html", takes_context=True)
def scope_people(context, scope: FamilyCentre | District | Municipality) -> dict:
    """Who coordinates the scope today, by role."""
    user = context.get("user")
    people = (
        Assignment.objects.active()
        .filter(_scope_filter(scope, inherited=True))
        .select_related("user", "centre")
        .order_by("user__first_name", "user__last_name")
    )
    by_role: dict[str, list] = {r: [] for r in ROLE_ORDER}
    for a in people:
        by_role[a.role].append(a)
    can_assign = user is not None and user.has_perm("coordination.add_assignment", scope)
    return {
        "scope": scope,
        "roles": [(Role(r).label, items) for r, items in by_role.items() if items],
        "can_assign": can_assign,
        "is_staff": user is not None and user.is_staff,
    }


@register.inclusion_tag("coordination/_process_support.html")
def process_support(scope: FamilyCentre | District | Municipality) -> dict:
    """Processtöd: where a processledare or a samordnare is missing today (nothing for a closed
    centre or an ended district, which need neither)."""
    today = timezone.localdate()
    if isinstance(scope, FamilyCentre):
        applies = scope.is_open_on(today)
    elif isinstance(scope, District):
        applies = scope.is_active_on(today)
    else:
        applies = True
    return {
        "scope": scope,
        "applies": applies,
        "gaps": gaps_in(scope, today) if applies else [],
        "kind": type(scope).__name__.lower(),
    }


@register.inclusion_tag("coordination/_scope_governance.html")
def scope_governance(scope: FamilyCentre | District | Municipality) -> dict:
    """Steering groups and agreements of the scope (for a district also its centres' groups)."""
    members = Prefetch("members", SteeringGroupMember.objects.order_by())
    if isinstance(scope, FamilyCentre):
        groups = SteeringGroup.objects.filter(centre=scope)
        agreements = Agreement.objects.filter(district_id=scope.district_id)
    elif isinstance(scope, District):
        groups = SteeringGroup.objects.filter(Q(district=scope) | Q(centre__district=scope))
        agreements = Agreement.objects.filter(district=scope)
    else:
        groups = SteeringGroup.objects.filter(municipality=scope)
        agreements = Agreement.objects.filter(municipality=scope)
    today = timezone.localdate()
    agreements = list(agreements.order_by("-valid_from"))
    for a in agreements:
        a.current_status = a.status_on(today)
    return {
        "groups": list(groups.prefetch_related(members).order_by("name")),
        "agreements": agreements,
    }


@register.inclusion_tag("coordination/_agreement_status_badge.html")
def agreement_status_badge(status: str) -> dict:
    status = AgreementStatus(status)
    return {"label": status.label, "css": STATUS_CSS[status], "value": status.value}


@register.inclusion_tag("coordination/_home_panel_body.html", takes_context=True)
def coordination_home_panel(context) -> dict:
    """The user's overdue decisions, and agreements in force that end within 90 days in the
    scopes the user's assignments cover (admins: all)."""
    user = context["user"]
    today = timezone.localdate()
    overdue = (
        Decision.objects.overdue(today)
        .filter(responsible_id=user.pk)
        .select_related("meeting__steering_group")
        .order_by("due_date", "pk")
    )
    expiring = Agreement.objects.expiring(today).select_related("district", "municipality")
    if not user.is_superuser:
        districts = districts_for_user(user, list(Role))
        expiring = expiring.filter(
            Q(district__in=districts)
            | Q(municipality__in=municipalities_for_user(user, list(Role)))
            | Q(municipality__districts__in=districts)
            | Q(district__centres__in=centres_for_user(user, list(Role)))
        ).distinct()
    return {
        "overdue": list(overdue[:20]),
        "expiring": list(expiring.order_by("valid_to", "pk")[:20]),
        "today": today,
    }
