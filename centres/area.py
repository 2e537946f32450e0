"""The user's own area, as the register's pages see it.

Pages show the user's own area by default, with "Visa alla" beside it. The register knows
nothing of assignments (apps depend one way: followup → coordination → centres), so the app
that does, coordination, provides the area when it is loaded (`CoordinationConfig.ready`).
Without a provider, or for a user whose area is everything (superusers, users without
assignments), `own_area` gives None.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from centres.models import District, FamilyCentre, Municipality

ALL = "alla"


@dataclass(frozen=True)
class Area:
    """What the user's assignments cover: centres, the districts of those centres (and
    districts covered whole, also without any centre) and the municipalities of those."""

    centres: QuerySet[FamilyCentre]
    districts: QuerySet[District]
    municipalities: QuerySet[Municipality]


_provider: Callable[[object], Area | None] | None = None


def provide(provider: Callable[[object], Area | None]) -> None:
    global _provider
    _provider = provider


def own_area(user) -> Area | None:
    return _provider(user) if _provider is not None else None


class AreaField(forms.ChoiceField):
    """ "Mitt område" (the default, an empty value) or "Visa alla"."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault(
            "help_text",
            _("My area: what your assignments cover. All: everything you may read."),
        )
        super().__init__(
            label=_("Show"),
            choices=[("", _("My area")), (ALL, _("Show all"))],
            required=False,
            **kwargs,
        )


def within(queryset: QuerySet, area: Area | None, field: str) -> QuerySet:
    """`queryset` limited to `area` (None: everything); `field` names which of the area's
    querysets (centres, districts, municipalities) its rows must be in."""
    if area is None:
        return queryset
    return queryset.filter(pk__in=getattr(area, field).values("pk"))


def in_area(queryset: QuerySet, user, scope: str | None, field: str) -> QuerySet:
    """`queryset` limited to the user's area unless `scope` is "alla"."""
    return within(queryset, None if scope == ALL else own_area(user), field)


def limit_choices(form: forms.Form, area: Area | None) -> None:
    """In "Mitt område" (`area`), a filter form offers the area's municipalities, districts
    and centres, not the whole country's; with "Visa alla" (None) everything stays."""
    if area is None:
        return
    for name, part in (
        ("municipality", "municipalities"),
        ("district", "districts"),
        ("centre", "centres"),
    ):
        if name in form.fields:
            form.fields[name].queryset = within(form.fields[name].queryset, area, part)
