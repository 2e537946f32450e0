"""The årsrapport of a centre, district or municipality: its page, PDF and table, and the
index of those the user may open."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from centres.models import District, FamilyCentre, Municipality
from familjecentral.permissions import require_perm
from followup import exports
from followup.dashboards.annual import AnnualReport, annual_table, scope_exists_in
from followup.dashboards.annual import annual_report as annual_report_of
from followup.rules import dashboard_centres, dashboard_districts, dashboard_municipalities

ANNUAL_SCOPES = {"central": FamilyCentre, "stadsdel": District, "kommun": Municipality}


def _annual_scope(request: HttpRequest, kind: str, pk: int):
    """The centre, district or municipality whose årsrapport the user may read, else 404."""
    require_perm(request, "followup.view_dashboards")
    user = request.user
    readable = {
        "central": dashboard_centres(user),
        "stadsdel": dashboard_districts(user),
        "kommun": dashboard_municipalities(user),
    }
    if kind not in ANNUAL_SCOPES:
        raise Http404
    queryset = readable[kind]
    if kind == "central":
        queryset = queryset.select_related("district__municipality")
    return get_object_or_404(queryset, pk=pk)


# /uppfoljning/arsrapport/<kind>/<pk>/<year>/
@login_required
def annual_report(request: HttpRequest, kind: str, pk: int, year: int) -> HttpResponse:
    """The årsrapport of a centre, district or municipality for a year: as a web page that
    prints, or (?format=pdf) as a PDF with page numbers and a table of contents."""
    scope = _annual_scope(request, kind, pk)
    if not 2000 <= year <= 2100 or not scope_exists_in(scope, year):
        raise Http404  # a centre closed, or a district ended, before the year
    report = annual_report_of(scope, year)
    if exports.asked(request):
        return exports.respond(request, annual_table(report))
    context = {
        "report": report,
        "bars": {g.goal.pk: g.trend.bars() for g in report.goals},
        "threshold": settings.PORTAL_PUBLICATION_THRESHOLD,
        "kind": kind,
    }
    if request.GET.get("format") == "pdf":
        return annual_pdf(request, report, context)
    return render(request, "followup/annual_report.html", context)


def annual_pdf(request: HttpRequest, report: AnnualReport, context: dict) -> HttpResponse:
    from weasyprint import CSS, HTML  # loads Pango: only when a PDF is asked for

    html = render_to_string("followup/annual_report_pdf.html", context, request=request)
    stylesheet = CSS(filename=finders.find("css/annual-report-pdf.css"))
    pdf = HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(stylesheets=[stylesheet])
    response = HttpResponse(pdf, content_type="application/pdf")
    name = slugify(f"arsrapport {report.scope} {report.year}")
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response


# /uppfoljning/arsrapport/
@login_required
def annual_report_index(request: HttpRequest) -> HttpResponse:
    """The årsrapporter the user may open: their municipalities, districts and centres, for
    this year and the ones before."""
    require_perm(request, "followup.view_dashboards")
    user = request.user
    this_year = timezone.localdate().year
    years = [this_year, this_year - 1, this_year - 2]

    def rows(scopes) -> list[tuple[Any, list[int | None]]]:
        """Each scope with the years it has a report of (None: closed, ended or not yet
        begun that year); scopes with none left out."""
        out = []
        for scope in scopes:
            open_years = [y if scope_exists_in(scope, y) else None for y in years]
            if any(open_years):
                out.append((scope, open_years))
        return out

    return render(
        request,
        "followup/annual_report_index.html",
        {
            "years": years,
            "scopes": [
                (
                    "kommun",
                    _("Municipalities"),
                    rows(dashboard_municipalities(user).order_by("name")),
                ),
                (
                    "stadsdel",
                    _("Districts"),
                    rows(dashboard_districts(user).select_related("municipality").order_by("name")),
                ),
                ("central", _("Family centres"), rows(dashboard_centres(user).order_by("name"))),
            ],
        },
    )
