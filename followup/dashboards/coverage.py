"""Coverage: each open centre's classification and the basverksamheter it lacks, districts
without a familjecentral or a processledare (rules 2 and 7), centres without a samordnare, and
steering groups that are not partsammansatta."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from centres.models import (
    Classification,
    ClassificationResult,
    District,
    FamilyCentre,
    Municipality,
    ServiceType,
)
from coordination.models import Assignment, Role, SteeringGroup, SteeringGroupMember
from familjecentral.spans import is_in_force
from followup.exports import Table


@dataclass
class CentreCoverage:
    """A centre's classification with the basverksamheter it lacks, and its samordnare."""

    centre: FamilyCentre
    result: ClassificationResult
    has_samordnare: bool
    empty_since: datetime.date | None  # without a samordnare since (None: never had one)


@dataclass
class DistrictCoverage:
    """A district's centres and familjecentraler (rule 2) and its processledare (rule 7)."""

    district: District
    centre_count: int
    familjecentral_count: int
    has_processledare: bool
    empty_since: datetime.date | None

    @property
    def meets_rule(self) -> bool:
        return self.familjecentral_count > 0


def _empty_since(ended: list[datetime.date], start: datetime.date | None) -> datetime.date | None:
    """The day after the last assignment ended, else the day the scope itself began."""
    if ended:
        return max(ended) + datetime.timedelta(days=1)
    return start


def coverage(
    centres: QuerySet[FamilyCentre],
    districts: QuerySet[District],
    municipalities: QuerySet[Municipality],
    on: datetime.date,
) -> tuple[list[CentreCoverage], list[DistrictCoverage], list[SteeringGroup]]:
    """The open centres, the active districts and the steering groups of the area on `on`
    (groups of a whole municipality only where the area is the whole `municipalities`): what
    each centre lacks, districts without a familjecentral or a processledare, centres without
    a samordnare, and the steering groups that are not partsammansatta. Nine queries."""
    core_types = list(ServiceType.objects.filter(is_core=True))
    centres = list(
        centres.open_on(on)
        .select_related("district__municipality")
        .prefetch_related("services")
        .order_by("district__municipality__name", "district__name", "name")
    )
    districts = list(
        districts.active_on(on)
        .select_related("municipality")
        .order_by("municipality__name", "name")
    )
    roles = Assignment.objects.filter(
        Q(role=Role.SAMORDNARE, centre__in=[c.pk for c in centres])
        | Q(role=Role.PROCESSLEDARE, district__in=[d.pk for d in districts])
    ).values("role", "centre_id", "district_id", "valid_from", "valid_to")
    active: set[tuple[str, int]] = set()
    ended: dict[tuple[str, int], list[datetime.date]] = {}
    for a in roles:
        key = (
            ("centre", a["centre_id"])
            if a["role"] == Role.SAMORDNARE
            else (
                "district",
                a["district_id"],
            )
        )
        if is_in_force(a["valid_from"], a["valid_to"], on):
            active.add(key)
        elif a["valid_to"] is not None and a["valid_to"] < on:
            ended.setdefault(key, []).append(a["valid_to"])
    centre_rows = []
    full: dict[int, int] = {}
    open_count: dict[int, int] = {}
    for centre in centres:
        result = centre.classify(on, core_types=core_types)
        key = ("centre", centre.pk)
        centre_rows.append(
            CentreCoverage(
                centre=centre,
                result=result,
                has_samordnare=key in active,
                empty_since=None
                if key in active
                else _empty_since(ended.get(key, []), centre.opened_on),
            )
        )
        open_count[centre.district_id] = open_count.get(centre.district_id, 0) + 1
        if result.classification == Classification.FAMILJECENTRAL:
            full[centre.district_id] = full.get(centre.district_id, 0) + 1
    district_rows = [
        DistrictCoverage(
            district=d,
            centre_count=open_count.get(d.pk, 0),
            familjecentral_count=full.get(d.pk, 0),
            has_processledare=("district", d.pk) in active,
            empty_since=None
            if ("district", d.pk) in active
            else _empty_since(ended.get(("district", d.pk), []), d.valid_from),
        )
        for d in districts
    ]
    groups = (
        SteeringGroup.objects.filter(
            Q(centre__in=[c.pk for c in centres])
            | Q(district__in=[d.pk for d in districts])
            | Q(municipality__in=municipalities.values("pk"))
        )
        .select_related("centre", "district", "municipality")
        .prefetch_related(Prefetch("members", SteeringGroupMember.objects.order_by()))
        .order_by("name")
    )
    return centre_rows, district_rows, [g for g in groups if not g.is_partsammansatt]


def coverage_table(
    table: str, centre_rows: list[CentreCoverage], district_rows: list[DistrictCoverage]
) -> Table:
    """The centres as a file, or (`table` "districts") the districts."""
    if table == "districts":
        return Table(
            "tackning-stadsdelar",
            str(_("Districts")),
            [
                _("District"),
                _("Municipality"),
                _("Open centres"),
                _("Familjecentraler"),
                _("At least one familjecentral"),
                _("Processledare"),
                _("Without a processledare since"),
            ],
            (
                [
                    d.district.name,
                    d.district.municipality.name,
                    d.centre_count,
                    d.familjecentral_count,
                    str(_("Yes") if d.meets_rule else _("No")),
                    str(_("Yes") if d.has_processledare else _("No")),
                    d.empty_since,
                ]
                for d in district_rows
            ),
        )
    return Table(
        "tackning-centraler",
        str(_("Centres")),
        [
            _("Family centre"),
            _("District"),
            _("Municipality"),
            _("Classification"),
            _("Missing basverksamheter"),
            _("Samordnare"),
            _("Without a samordnare since"),
        ],
        (
            [
                c.centre.name,
                c.centre.district.name,
                c.centre.district.municipality.name,
                str(c.result.label),
                ", ".join(t.name for t in c.result.missing),
                str(_("Yes") if c.has_samordnare else _("No")),
                c.empty_since,
            ]
            for c in centre_rows
        ),
    )
