"""Processtöd: "Processtöd i form av koordinator/samordnare … är en förutsättning" (the
avsiktsförklaring). A district needs an active processledare and each open centre an active
samordnare; `gaps` finds those without one and since when the role has been empty."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from centres.models import District, FamilyCentre, Municipality
from coordination.models import Assignment, Role
from familjecentral.spans import is_in_force


@dataclass(frozen=True)
class Gap:
    """A district without a processledare or a centre without a samordnare: `since` is the
    day after the last one's assignment ended, else the day the district began or the centre
    opened; None when that is not known either."""

    scope: District | FamilyCentre
    role: str
    since: datetime.date | None
    ever: bool  # whether anyone ever had the role here

    @property
    def text(self) -> str:
        """What is missing, after the district's or centre's name."""
        date = {"date": date_format(self.since, "j F Y")} if self.since else {}
        if self.role == Role.PROCESSLEDARE:
            if self.ever:
                return _("has had no processledare since %(date)s.") % date
            if self.since:
                return _("has had no processledare since it began on %(date)s.") % date
            return _("has never had a processledare.")
        if self.ever:
            return _("has had no samordnare since %(date)s.") % date
        if self.since:
            return _("has had no samordnare since it opened on %(date)s.") % date
        return _("has never had a samordnare.")


def _gaps(scopes: list, role: str, field: str, began, on: datetime.date) -> list[Gap]:
    spans: dict[int, list[tuple]] = {}
    rows = Assignment.objects.filter(
        role=role, **{f"{field}_id__in": [s.pk for s in scopes]}
    ).values_list(f"{field}_id", "valid_from", "valid_to")
    for pk, start, end in rows:
        spans.setdefault(pk, []).append((start, end))
    found = []
    for scope in scopes:
        mine = spans.get(scope.pk, [])
        if any(is_in_force(start, end, on) for start, end in mine):
            continue
        ended = [end for start, end in mine if end is not None and end < on]
        since = max(ended) + datetime.timedelta(days=1) if ended else began(scope)
        found.append(Gap(scope, role, since, bool(ended)))
    return found


def gaps(
    districts: Iterable[District], centres: Iterable[FamilyCentre], on: datetime.date | None = None
) -> list[Gap]:
    """The districts without an active processledare and the centres without an active
    samordnare on `on` (today), districts first, each by name. Two queries."""
    on = on or timezone.localdate()
    return [
        *_gaps(
            sorted(districts, key=lambda d: d.name),
            Role.PROCESSLEDARE,
            "district",
            lambda d: d.valid_from,
            on,
        ),
        *_gaps(
            sorted(centres, key=lambda c: c.name),
            Role.SAMORDNARE,
            "centre",
            lambda c: c.opened_on,
            on,
        ),
    ]


def gaps_in(scope: FamilyCentre | District | Municipality, on: datetime.date | None = None):
    """`gaps` of a centre; of an active district and its open centres; of a municipality's
    active districts and their open centres."""
    on = on or timezone.localdate()
    if isinstance(scope, FamilyCentre):
        return gaps([], [scope] if scope.is_open_on(on) else [], on)
    if isinstance(scope, District):
        if not scope.is_active_on(on):  # its centres have moved to its successor
            return []
        districts, where = [scope], Q(district=scope)
    else:
        districts = list(scope.districts.active_on(on))
        where = Q(district__in=[d.pk for d in districts])
    return gaps(districts, FamilyCentre.objects.open_on(on).filter(where), on)
