"""What a dashboard shows, read once per request from its filter form: the centres, districts,
municipalities and periods chosen among those the user's dashboards may show."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from centres.models import District, FamilyCentre, Municipality
from coordination.rules import User
from familjecentral.permissions import require_perm
from followup.forms import DashboardFilterForm, valid_filters
from followup.models import Period
from followup.rules import dashboard_centres, dashboard_districts, dashboard_municipalities


@dataclass
class DashboardScope:
    """The filter form and what it selects. The districts and municipalities are worked out
    only when a dashboard asks for them (most need the centres and periods alone)."""

    user: User
    form: DashboardFilterForm
    filters: dict[str, Any]
    centres: QuerySet[FamilyCentre]
    periods: QuerySet[Period] = field(default_factory=Period.objects.none)

    @cached_property
    def districts(self) -> QuerySet[District]:
        districts = dashboard_districts(self.user)
        if "municipality" in self.filters:
            districts = districts.filter(municipality=self.filters["municipality"])
        if "district" in self.filters:
            districts = districts.filter(pk=self.filters["district"].pk)
        return districts

    @cached_property
    def municipalities(self) -> QuerySet[Municipality]:
        """The municipalities shown whole: none when one district is chosen."""
        municipalities = dashboard_municipalities(self.user)
        if "municipality" in self.filters:
            municipalities = municipalities.filter(pk=self.filters["municipality"].pk)
        if "district" in self.filters:
            municipalities = municipalities.none()
        return municipalities


def dashboard_scope(
    request: HttpRequest, form_class: type[DashboardFilterForm] = DashboardFilterForm
) -> DashboardScope:
    """The user's dashboards' centres narrowed by the form (by default every centre of their
    area) and the periods it chooses (by default those that started in the last twelve
    months); 403 for a user without dashboards."""
    require_perm(request, "followup.view_dashboards")
    centres = dashboard_centres(request.user)
    form = form_class(request.GET, centres=centres)
    filters = valid_filters(form)
    if "municipality" in filters:
        centres = centres.filter(district__municipality=filters["municipality"])
    if "district" in filters:
        centres = centres.filter(district=filters["district"])
    scope = DashboardScope(request.user, form, filters, centres)
    if "period" not in form.fields:
        return scope
    periods = form.fields["period"].queryset
    if "period" in filters:
        periods = periods.filter(pk=filters["period"].pk)
    else:
        today = timezone.localdate()
        periods = periods.filter(start__lte=today, start__gt=today - datetime.timedelta(days=365))
    if "kind" in filters:
        periods = periods.filter(kind=filters["kind"])
    kind, _sep, pk = filters.get("owner", "").partition(":")
    if kind in ("municipality", "region") and pk.isdigit():
        periods = periods.filter(**{f"{kind}_id": int(pk)})
    scope.periods = periods
    return scope
