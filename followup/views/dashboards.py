"""The managers' dashboards, the values export and the region's comparison. Each dashboard's
figures and export table are in its module of followup.dashboards; what it shows is read
from its filter form once (dashboard_scope)."""

from __future__ import annotations

import datetime
from itertools import groupby
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from centres.models import Municipality
from coordination.models import Agreement, AgreementStatus
from familjecentral.permissions import require_perm
from familjecentral.spans import overlapping
from followup import arbetssatt, comparison, exports, selectors
from followup.dashboards.charts import trend_chart
from followup.dashboards.completeness import completeness, completeness_table
from followup.dashboards.coverage import coverage, coverage_table
from followup.dashboards.economy import economy, economy_table
from followup.dashboards.goals import GOAL_LIGHTS, goals, goals_table
from followup.dashboards.indicators import indicator_table, indicator_view, small_multiples
from followup.dashboards.reach import reach, reach_table
from followup.dashboards.scope import dashboard_scope
from followup.dashboards.values import values_table
from followup.forms import (
    CoverageFilterForm,
    EconomyFilterForm,
    IndicatorDashboardForm,
    SelfAssessmentFilterForm,
)
from followup.models import GoalStatus
from followup.rules import comparison_municipalities, comparison_regions, reports_for_user


# /uppfoljning/oversikt/
@login_required
def dashboard_index(request: HttpRequest) -> HttpResponse:
    require_perm(request, "followup.view_dashboards")
    return render(request, "followup/dashboard_index.html")


# /uppfoljning/oversikt/fullstandighet/
@login_required
def completeness_dashboard(request: HttpRequest) -> HttpResponse:
    """Expected, submitted, on time, approved and returned reports per period and district;
    with a period and a district chosen, the centres behind the figures."""
    scope = dashboard_scope(request)
    filters = scope.filters
    rows = completeness(scope.centres, scope.periods)
    drill = None
    if "period" in filters and "district" in filters:
        drill = next((r.centres for r in rows if r.district is not None), [])
    if exports.asked(request):
        return exports.respond(request, completeness_table(rows, drill))
    groups = [(period, list(rs)) for period, rs in groupby(rows, key=lambda r: r.period)]
    return render(
        request,
        "followup/dashboard_completeness.html",
        {
            "form": scope.form,
            "rows": rows,
            "groups": groups,
            "drill": drill,
            "filters": filters,
            # The drill-down links only the reports the user may open (a regional koordinator
            # reads no centre's draft).
            "readable": set(
                reports_for_user(request.user)
                .filter(pk__in=[e.report_id for e in drill or () if e.report_id])
                .values_list("pk", flat=True)
            ),
        },
    )


# /uppfoljning/oversikt/tackning/
@login_required
def coverage_dashboard(request: HttpRequest) -> HttpResponse:
    """Each centre's classification and missing basverksamheter, districts without a
    familjecentral or a processledare, centres without a samordnare, and steering groups that
    are not partsammansatta."""
    scope = dashboard_scope(request, CoverageFilterForm)
    on = timezone.localdate()
    if "period" in scope.filters:
        on = min(on, scope.filters["period"].end)
    centre_rows, district_rows, groups = coverage(
        scope.centres, scope.districts, scope.municipalities, on
    )
    if exports.asked(request):
        table = request.GET.get("table", "centres")
        return exports.respond(request, coverage_table(table, centre_rows, district_rows))
    return render(
        request,
        "followup/dashboard_coverage.html",
        {
            "form": scope.form,
            "on": on,
            "centres": centre_rows,
            "districts": district_rows,
            "groups": groups,
        },
    )


# /uppfoljning/oversikt/ekonomi/
@login_required
def economy_dashboard(request: HttpRequest) -> HttpResponse:
    """Agreements by status (in force, expiring within 90 days, expired, upcoming) and every
    agreement's cost-sharing settlement for a year, in one table."""
    scope = dashboard_scope(request, EconomyFilterForm)
    today = timezone.localdate()
    year = scope.filters.get("year", today.year)  # the chosen period's year when one is chosen
    scope.form.fields["year"].widget.attrs["placeholder"] = str(year)
    districts = scope.districts
    agreements = Agreement.objects.filter(
        Q(district__in=districts.values("pk"))
        | Q(municipality__in=districts.values("municipality"))
    )
    rows = economy(agreements, year, today)
    if exports.asked(request):
        return exports.respond(request, economy_table(rows, year))
    by_status = {status: sum(r.status == status for r in rows) for status in AgreementStatus}
    return render(
        request,
        "followup/dashboard_economy.html",
        {
            "form": scope.form,
            "year": year,
            "rows": rows,
            "by_status": [(AgreementStatus(s), n) for s, n in by_status.items()],
        },
    )


# /uppfoljning/oversikt/mal/
@login_required
def goals_dashboard(request: HttpRequest) -> HttpResponse:
    """Centres × goals with the traffic lights of one period, each cell leading to the
    analysis; and how many centres were red, yellow or green per goal over the periods."""
    scope = dashboard_scope(request)
    result = goals(scope.centres, scope.periods, scope.filters.get("period"))
    if exports.asked(request):
        return exports.respond(request, goals_table(request.GET.get("table", ""), result))
    year = result.period.start.year if result.period else arbetssatt.latest_year(scope.centres)
    return render(
        request,
        "followup/dashboard_goals.html",
        {
            "form": scope.form,
            "result": result,
            "arbetssatt_year": year,
            "arbetssatt": arbetssatt.averages(scope.centres, year) if year else arbetssatt.Means(),
            "key": [
                (GoalStatus(status).label, colour, icon)
                for status, (colour, icon) in GOAL_LIGHTS.items()
            ],
        },
    )


# /uppfoljning/oversikt/arbetssatt/
@login_required
def self_assessment_dashboard(request: HttpRequest) -> HttpResponse:
    """Centres × the six characteristics of the arbetssätt for a year (by default the latest
    year of a self-assessment in the area), with the change since the year before."""
    scope = dashboard_scope(request, SelfAssessmentFilterForm)
    centres, form = scope.centres, scope.form
    year = scope.filters.get("year") or arbetssatt.latest_year(centres) or timezone.localdate().year
    result = arbetssatt.table(centres, year)
    # Offered: the districts that existed in the year with a centre open in it.
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    form.fields["district"].queryset = form.fields["district"].queryset.filter(
        overlapping(start, end, "valid_from", "valid_to"),
        pk__in=centres.open_between(start, end).values("district"),
    )
    if exports.asked(request):
        return exports.respond(request, arbetssatt.self_assessment_table(result))
    return render(
        request,
        "followup/dashboard_self_assessment.html",
        {"form": form, "result": result},
    )


# /uppfoljning/oversikt/indikatorer/
@login_required
def indicators_dashboard(request: HttpRequest) -> HttpResponse:
    """One indicator over time with its target and last year, and across the centres for one
    period: which stand out, the spread, and the totals of each district, the area, the
    municipality and the region, each by the indicator's own rule."""
    scope = dashboard_scope(request, IndicatorDashboardForm)
    form, filters = scope.form, scope.filters
    indicator = form.chosen_indicator
    if indicator is None:
        return render(request, "followup/dashboard_indicators.html", {"form": form})
    period = filters.get("period")
    view = indicator_view(indicator, scope.centres, scope.periods, period)
    cards = []
    if filters.get("indicators"):
        # Each compared indicator in its own series' periods of the same twelve months.
        last = period.end if period else timezone.localdate()
        window = form.offered_periods.filter(
            start__lte=last, start__gt=last - datetime.timedelta(days=365)
        )
        cards = small_multiples(filters["indicators"], scope.centres, window, period)
    if exports.asked(request):
        table = request.GET.get("table", "centres")
        return exports.respond(request, indicator_table(table, view, cards))
    return render(
        request,
        "followup/dashboard_indicators.html",
        {
            "form": form,
            "view": view,
            "chart": trend_chart(view.trend, indicator),
            "cards": cards,
        },
    )


# /uppfoljning/oversikt/varden/
@login_required
def values_export(request: HttpRequest) -> HttpResponse:
    """Every value of the submitted and approved reports of the area and periods chosen, one
    row per centre, period and indicator with its status, as CSV (streamed) or Excel (written
    row by row): constant memory however many rows."""
    scope = dashboard_scope(request)
    values = selectors.published_values(scope.centres, scope.periods)
    return exports.respond(request, values_table(values))


# /uppfoljning/oversikt/rackvidd/
@login_required
def reach_dashboard(request: HttpRequest) -> HttpResponse:
    """Children reached against the children 0–5 of each district, per year."""
    scope = dashboard_scope(request, EconomyFilterForm)
    this_year = timezone.localdate().year
    years = [scope.filters["year"]] if "year" in scope.filters else [this_year - 1, this_year]
    scope.form.fields["year"].widget.attrs["placeholder"] = str(years[-1])
    rows = reach(scope.districts, years)
    if exports.asked(request):
        return exports.respond(request, reach_table(rows))
    return render(request, "followup/dashboard_reach.html", {"form": scope.form, "rows": rows})


# --- The region's comparison (issue 19, item 9) ---------------------------------------------


def _chosen(request: HttpRequest, name: str, offered: list) -> Any:
    """The object named by ?`name`=<pk> among those `offered`; None when not asked for; 404
    for anything else (a hand-made value is refused, never widened)."""
    value = request.GET.get(name, "")
    if not value:
        return None
    chosen = next((o for o in offered if str(o.pk) == value), None)
    if chosen is None:
        raise Http404
    return chosen


# /uppfoljning/oversikt/regionjamforelse/
@login_required
def regional_comparison_dashboard(request: HttpRequest) -> HttpResponse:
    """The region's shared indicators per year, its municipalities side by side with the
    region's total and per child 0–5; a municipal user sees their own municipality."""
    require_perm(request, "followup.view_dashboards")
    regions = list(comparison_regions(request.user).order_by("name"))
    region = _chosen(request, "region", regions) or (regions[0] if regions else None)
    if region is None:
        return render(request, "followup/dashboard_regional.html", {"regions": regions})
    allowed = comparison_municipalities(request.user, region)
    offered = list(
        (Municipality.objects.filter(region=region) if allowed is None else allowed).order_by(
            "name"
        )
    )
    municipality = _chosen(request, "municipality", offered)
    shown = allowed if municipality is None else Municipality.objects.filter(pk=municipality.pk)
    result = comparison.regional_comparison(region, shown)
    if exports.asked(request):
        return exports.respond(request, comparison.regional_table(result))
    return render(
        request,
        "followup/dashboard_regional.html",
        {
            "regions": regions,
            "region": region,
            "offered": offered,
            "municipality": municipality,
            "whole_region": allowed is None,
            "result": result,
        },
    )
