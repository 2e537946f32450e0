"""Small `make_*` helpers for tests. Each creates one object with sensible defaults."""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal

from django.contrib.auth import get_user_model

from centres.models import (
    CentreService,
    District,
    FamilyCentre,
    Municipality,
    Principal,
    Profession,
    Region,
    ServiceType,
    Staffing,
)
from coordination.models import Assignment, Role, scope_kind

_seq = itertools.count(1)


def make_region(name: str = "Västra Götalandsregionen", code: str = "14") -> Region:
    return Region.objects.get_or_create(code=code, defaults={"name": name})[0]


def make_municipality(
    name: str = "Göteborg", code: str = "1480", region: Region | None = None
) -> Municipality:
    return Municipality.objects.create(name=name, code=code, region=region or make_region())


def make_district(
    name: str | None = None, municipality: Municipality | None = None, **fields
) -> District:
    if municipality is None:
        municipality = Municipality.objects.filter(code="1480").first() or make_municipality()
    return District.objects.create(
        name=name or f"Stadsdel {next(_seq)}", municipality=municipality, **fields
    )


CORE_TYPES = [
    ("mvc", "Mödrahälsovård", "MVC", Principal.REGION, False),
    ("bvc", "Barnhälsovård", "BVC", Principal.REGION, True),
    ("oppen-forskola", "Öppen förskola", "ÖF", Principal.MUNICIPALITY, False),
    (
        "socialtjanst",
        "Socialtjänst med förebyggande inriktning",
        "SOC",
        Principal.MUNICIPALITY,
        False,
    ),
]


def make_core_service_types() -> dict[str, ServiceType]:
    """The four basverksamheter, keyed by code."""
    return {
        code: ServiceType.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "short_name": short,
                "principal": principal,
                "is_core": True,
                "is_child_health": child_health,
            },
        )[0]
        for code, name, short, principal, child_health in CORE_TYPES
    }


def make_service_type(name: str | None = None, **fields) -> ServiceType:
    n = next(_seq)
    return ServiceType.objects.create(
        code=fields.pop("code", f"typ-{n}"), name=name or f"Verksamhet {n}", **fields
    )


def make_centre(
    name: str | None = None,
    district: District | None = None,
    services: list[str] | None = None,
    **fields,
) -> FamilyCentre:
    """A centre; `services` names core service codes to add co-located (default: all four)."""
    centre = FamilyCentre.objects.create(
        name=name or f"Familjecentral {next(_seq)}", district=district or make_district(), **fields
    )
    types = make_core_service_types()
    for code in types if services is None else services:
        CentreService.objects.create(centre=centre, service_type=types[code], co_located=True)
    return centre


def make_staffing(service: CentreService, profession: str, fte: str) -> Staffing:
    prof = Profession.objects.get_or_create(name=profession)[0]
    return Staffing.objects.create(centre_service=service, profession=prof, fte=Decimal(fte))


def make_user(username: str, *, superuser: bool = False, **fields):
    User = get_user_model()
    fields.setdefault("first_name", username.capitalize())
    if superuser:
        return User.objects.create_superuser(username, f"{username}@example.org", "pass", **fields)
    return User.objects.create_user(username, f"{username}@example.org", "pass", **fields)


def assign(
    user,
    role: str,
    scope,
    *,
    party: str = Principal.MUNICIPALITY,
    valid_from: datetime.date | None = None,
    valid_to: datetime.date | None = None,
) -> Assignment:
    kind = scope_kind(scope)
    return Assignment.objects.create(
        user=user,
        role=role,
        party=party,
        valid_from=valid_from or datetime.date(2020, 1, 1),
        valid_to=valid_to,
        **{kind: scope},
    )


__all__ = ["Role", "assign", "make_centre", "make_district", "make_municipality", "make_user"]
