"""The same figure is the same on every page (issue 19): on the demo data, the report pages,
the indicator dashboard, the årsrapport, the regional comparison and the start page print
the same numbers for the same period, area and indicator."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from centres.models import Municipality
from followup.models import Indicator, Period, PeriodKind, Report, format_number

pytestmark = pytest.mark.django_db


def _login(client, username: str) -> None:
    assert client.login(username=username, password="demo")


def _ended_quarter(municipality: Municipality) -> Period:
    """The municipality's latest quarter that has ended: the one managers read now."""
    return (
        Period.objects.filter(
            municipality=municipality, kind=PeriodKind.QUARTER, end__lt=timezone.localdate()
        )
        .order_by("-start")
        .first()
    )


def _printed(page: str, testid: str) -> str:
    match = re.search(rf'data-testid="{re.escape(testid)}">([^<]*)<', page)
    assert match, testid
    return match.group(1).strip()


@pytest.fixture
def goteborg(demo):
    return Municipality.objects.get(code="1480")


def test_a_quarters_figure_is_the_same_on_the_report_pages_and_the_dashboard(client, goteborg):
    period = _ended_quarter(goteborg)
    forsta = Indicator.objects.get(code="OF-FORSTA", goal__municipality=goteborg)
    _login(client, "koordinator.goteborg")
    # Each published report of the quarter, read on its own page …
    by_report = {}
    for report in Report.objects.published().filter(period=period):
        page = client.get(report.get_absolute_url()).content.decode()
        by_report[report.centre_id] = _printed(page, "value-OF-FORSTA")
    assert len(by_report) >= 5
    # … is the centre's figure on the dashboard, and the total their sum.
    response = client.get(
        reverse("followup:dashboard-indicators"),
        {"indicator": forsta.pk, "period": period.pk},
    )
    view = response.context["view"]
    dashboard = {c.centre.pk: format_number(c.number) for c in view.centres}
    assert dashboard == by_report
    total = sum(Decimal(v.replace("\u00a0", "").replace(" ", "")) for v in by_report.values())
    assert view.area.number == total
    assert format_number(total) in response.content.decode()


def test_the_arsrapport_year_is_the_sum_of_the_dashboards_quarters(client, goteborg):
    period = _ended_quarter(goteborg)
    year = period.start.year
    forsta = Indicator.objects.get(code="OF-FORSTA", goal__municipality=goteborg)
    _login(client, "koordinator.goteborg")
    # The dashboard, quarter by quarter through the year.
    quarters = []
    for quarter in Period.objects.filter(municipality=goteborg, kind=period.kind, start__year=year):
        view = client.get(
            reverse("followup:dashboard-indicators"),
            {"indicator": forsta.pk, "period": quarter.pk},
        ).context["view"]
        if view.point and view.point.total.number:
            quarters.append(view.point)
    assert period in [p.period for p in quarters]
    response = client.get(reverse("followup:annual-report", args=["kommun", goteborg.pk, year]))
    [line] = [i for i in response.context["report"].indicators if i.indicator == forsta]
    assert line.total.number == sum(p.total.number for p in quarters)
    # The same span last year, quarter by quarter from the dashboard's "förra året".
    assert line.last_year.number == sum(p.last_year.number for p in quarters)
    page = response.content.decode()
    assert format_number(line.total.number) in page
    # A year still running names its span; the yearly target is not set beside it as if whole.
    if year == timezone.localdate().year:
        assert "hittills i år" in page
        assert line.target is None


def test_the_regions_shared_figure_is_the_same_in_the_arsrapport_and_the_comparison(client, demo):
    goteborg = Municipality.objects.get(code="1480")
    harryda = Municipality.objects.get(code="1401")
    last_year = timezone.localdate().year - 1
    visits = Indicator.objects.get(code="R-OF-BESOK")
    assert visits.period_kind == PeriodKind.YEAR
    _login(client, "koordinator.vgr")
    yearly = {}
    for municipality in (goteborg, harryda):
        report = client.get(
            reverse("followup:annual-report", args=["kommun", municipality.pk, last_year])
        ).context["report"]
        [line] = [i for i in report.indicators if i.indicator == visits]
        yearly[municipality.pk] = line.total.number
    assert all(yearly.values())
    result = client.get(reverse("followup:dashboard-regional")).context["result"]
    [table] = [t for t in result.tables if t.indicator == visits]
    [row] = [r for r in table.years if r.span.year == last_year]
    cells = dict(zip(result.municipalities, row.cells, strict=True))
    assert cells[goteborg].total.number == yearly[goteborg.pk]
    assert cells[harryda].total.number == yearly[harryda.pk]
    assert row.total.total.number == yearly[goteborg.pk] + yearly[harryda.pk]
    # Never again in a municipal quarter: no Göteborg or Härryda report holds it.
    assert not visits.values.filter(report__period__municipality__isnull=False).exists()


def test_the_chefs_start_page_prints_the_arsrapports_figures(client, goteborg):
    year = timezone.localdate().year
    _login(client, "chef.goteborg")
    manager = client.get(reverse("home")).context["manager"]
    shown = {p.indicator.pk: p for p in manager.indicators}
    report = client.get(
        reverse("followup:annual-report", args=["kommun", goteborg.pk, year])
    ).context["report"]
    compared = 0
    for line in report.indicators:
        progress = shown.get(line.indicator.pk)
        if progress is None or not line.indicator.is_additive:
            continue
        # The same total over the same span, against the same span last year.
        assert progress.total.number == line.total.number, line.indicator
        assert progress.span.label == line.span.label
        assert (progress.last_year.number if progress.last_year else None) == (
            line.last_year.number if line.last_year else None
        )
        compared += 1
    assert compared >= 5
    # The latest quarter's figure against its target is the indicator dashboard's.
    forsta = shown[Indicator.objects.get(code="OF-FORSTA", goal__municipality=goteborg).pk]
    view = client.get(
        reverse("followup:dashboard-indicators"),
        {"indicator": forsta.indicator.pk, "period": forsta.period.pk},
    ).context["view"]
    assert forsta.period_total.number == view.area.number
    assert forsta.period_target.value == view.point.comparison.value


def test_submitted_and_on_time_are_the_same_on_the_dashboard_and_the_period_list(client, goteborg):
    period = _ended_quarter(goteborg)
    _login(client, "koordinator.goteborg")
    rows = client.get(reverse("followup:dashboard-completeness"), {"period": period.pk}).context[
        "rows"
    ]
    [total] = [r for r in rows if r.district is None]
    expected = period.expected_centres()
    firsts = [r.first_submission for r in Report.objects.filter(period=period, centre__in=expected)]
    assert (total.submitted, total.on_time) == period.submission_counts(firsts)
    assert total.submitted >= total.on_time > 0
    page = client.get(reverse("followup:period-list"), {"year": period.start.year})
    [listed] = [p for p in page.context["page"].object_list if p.pk == period.pk]
    assert (listed.submitted_count, listed.on_time_count) == (total.submitted, total.on_time)
