"""Who may read or change what: the one place access is decided.

Everyone logged in reads the register and submitted or approved follow-up. Changing something
needs an active assignment whose scope covers the object: a samordnare covers one centre, a
processledare one district (and its centres), an övergripande koordinator one municipality (and
its districts and centres). The chef role reads its scope, including drafts, but changes nothing.
Django superusers may do everything.

Views call `require()` (or the object helpers built on it): 404 for what the user may not see,
403 for what they may see but not change. List pages scope their querysets with the
`*_for_user()` functions, in the query.
"""

from __future__ import annotations

from collections.abc import Iterable

import rules
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from centres.models import District, FamilyCentre, Municipality
from coordination.models import EDITING_ROLES, REVIEWING_ROLES, Assignment, Role

ALL_ROLES = tuple(Role)
User = AbstractBaseUser | AnonymousUser


def _assignments(user: User, roles: Iterable[str]) -> QuerySet[Assignment]:
    return Assignment.objects.active().filter(user_id=user.pk, role__in=list(roles))


def centres_for_user(user: User, roles: Iterable[str] = EDITING_ROLES) -> QuerySet[FamilyCentre]:
    """The centres an active assignment with one of `roles` covers."""
    if not user.is_authenticated:
        return FamilyCentre.objects.none()
    if user.is_superuser:
        return FamilyCentre.objects.all()
    mine = _assignments(user, roles)
    return FamilyCentre.objects.filter(
        Q(pk__in=mine.filter(centre__isnull=False).values("centre"))
        | Q(district__in=mine.filter(district__isnull=False).values("district"))
        | Q(
            district__municipality__in=mine.filter(municipality__isnull=False).values(
                "municipality"
            )
        )
    )


def districts_for_user(user: User, roles: Iterable[str] = EDITING_ROLES) -> QuerySet[District]:
    """The districts an active district or municipality assignment with one of `roles` covers."""
    if not user.is_authenticated:
        return District.objects.none()
    if user.is_superuser:
        return District.objects.all()
    mine = _assignments(user, roles)
    return District.objects.filter(
        Q(pk__in=mine.filter(district__isnull=False).values("district"))
        | Q(municipality__in=mine.filter(municipality__isnull=False).values("municipality"))
    )


def municipalities_for_user(
    user: User, roles: Iterable[str] = EDITING_ROLES
) -> QuerySet[Municipality]:
    if not user.is_authenticated:
        return Municipality.objects.none()
    if user.is_superuser:
        return Municipality.objects.all()
    mine = _assignments(user, roles)
    return Municipality.objects.filter(
        pk__in=mine.filter(municipality__isnull=False).values("municipality")
    )


def covers(user: User, obj: object, roles: Iterable[str]) -> bool:
    """Whether an active assignment with one of `roles` covers a centre, district or
    municipality."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    if isinstance(obj, FamilyCentre):
        return centres_for_user(user, roles).filter(pk=obj.pk).exists()
    if isinstance(obj, District):
        return districts_for_user(user, roles).filter(pk=obj.pk).exists()
    if isinstance(obj, Municipality):
        return municipalities_for_user(user, roles).filter(pk=obj.pk).exists()
    raise TypeError(f"No scope rule for {type(obj).__name__}")


@rules.predicate
def can_edit(user: User, obj: object) -> bool:
    """Samordnare, processledare or koordinator whose scope covers the object."""
    return obj is not None and covers(user, obj, EDITING_ROLES)


@rules.predicate
def can_review(user: User, obj: object) -> bool:
    """Processledare (own district) or koordinator (own municipality): approve and return."""
    return obj is not None and covers(user, obj, REVIEWING_ROLES)


@rules.predicate
def can_manage(user: User, obj: object) -> bool:
    """Processledare or koordinator: manage district- or municipality-level governance."""
    return obj is not None and covers(user, obj, REVIEWING_ROLES)


@rules.predicate
def can_read_scope(user: User, obj: object) -> bool:
    """Any active assignment (chef included) covering the object: may read its drafts."""
    return obj is not None and covers(user, obj, ALL_ROLES)


@rules.predicate
def is_coordinator_anywhere(user: User) -> bool:
    """An övergripande koordinator: sets up goals, indicators and periods."""
    return user.is_authenticated and (
        user.is_superuser or _assignments(user, [Role.KOORDINATOR]).exists()
    )


rules.add_perm("centres.view_register", rules.is_authenticated)
rules.add_perm("centres.change_familycentre", can_edit)
rules.add_perm("centres.change_district", can_manage)
rules.add_perm("centres.change_municipality", can_manage)


def require(user: User, obj: object, *, read: bool = True, change: str | None = None) -> None:
    """Raise 404 when the user may not see `obj`, 403 when they may see but not `change` it.

    `change` is a permission name registered above (or by another app with `rules.add_perm`).
    """
    if not read:
        raise Http404
    if change is not None and not user.has_perm(change, obj):
        raise PermissionDenied
