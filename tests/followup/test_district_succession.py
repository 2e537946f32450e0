"""A district is dissolved and its centre moves to the successor: the reports made before stay
under the district they were made in (the report list, its district filter, the completeness
and reach dashboards and the district's årsrapport), and the new ones go under the successor."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from centres.models import DistrictPopulation
from coordination.models import Role
from followup.dashboards.annual import annual_report
from followup.dashboards.completeness import completeness
from followup.dashboards.reach import reach as reach_rows
from followup.models import Report, ReportStatus
from tests.conftest import login
from tests.factories import assign, make_district
from tests.followup.factories import make_goal, make_indicator, make_period, set_value

pytestmark = pytest.mark.django_db


@pytest.fixture
def moved(world):
    """Hjällbo reported for 2020 in Angered; on 2021-01-01 Angered became part of Nordost."""
    w = world
    w.period_2020 = make_period(
        datetime.date(2020, 1, 1), datetime.date(2020, 12, 31), municipality=w.goteborg
    )
    w.old_report = Report.objects.create(
        centre=w.hjallbo, period=w.period_2020, status=ReportStatus.APPROVED
    )
    w.reached = make_indicator(
        "Nya barn", make_goal(municipality=w.goteborg), counts_children_reached=True
    )
    set_value(w.old_report, w.reached, 400)
    DistrictPopulation.objects.create(district=w.angered, year=2020, children=2000)
    w.nordost = make_district("Nordost", w.goteborg, valid_from=datetime.date(2021, 1, 1))
    w.angered.valid_to = datetime.date(2020, 12, 31)
    w.angered.successor = w.nordost
    w.angered.save()
    w.hjallbo.district = w.nordost
    w.hjallbo.save()
    w.period_2026 = make_period(municipality=w.goteborg)
    w.new_report = Report.objects.create(centre=w.hjallbo, period=w.period_2026)
    assign(w.bob, Role.PROCESSLEDARE, w.nordost)
    return w


def test_a_report_keeps_the_district_it_was_made_in(moved):
    assert moved.old_report.district == moved.angered
    assert moved.new_report.district == moved.nordost


def test_the_report_list_shows_and_filters_by_the_district_a_report_was_made_in(client, moved):
    login(client, moved.bob)  # processledare of Nordost now
    url = reverse("followup:report-list")
    response = client.get(url)
    page = response.content.decode()
    assert {r.district for r in response.context["page"]} == {moved.angered, moved.nordost}
    assert "Angered" in page and "Nordost" in page
    # Angered is offered beside Nordost: its reports live on under it.
    assert moved.angered in response.context["form"].fields["district"].queryset
    found = client.get(url, {"district": moved.angered.pk}).context["page"]
    assert [r.pk for r in found] == [moved.old_report.pk]
    page = client.get(moved.old_report.get_absolute_url()).content.decode()
    assert "Angered, Göteborg" in page


def test_the_dashboards_and_the_arsrapport_count_old_reports_under_the_old_district(moved):
    rows = completeness(
        type(moved.hjallbo).objects.filter(pk=moved.hjallbo.pk), [moved.period_2020]
    )
    assert [r.district for r in rows if r.district] == [moved.angered]
    reach = reach_rows(
        type(moved.angered).objects.filter(pk__in=[moved.angered.pk, moved.nordost.pk]), [2020]
    )
    angered = next(r for r in reach if r.district == moved.angered)
    assert (angered.reached, angered.children, angered.percent) == (400, 2000, 20)
    # Nordost did not exist in 2020, and Angered is not listed for 2026.
    assert moved.nordost not in {r.district for r in reach}
    later = reach_rows(
        type(moved.angered).objects.filter(pk__in=[moved.angered.pk, moved.nordost.pk]), [2026]
    )
    assert [r.district for r in later] == [moved.nordost]
    assert annual_report(moved.angered, 2020).report_count == 1
    assert annual_report(moved.nordost, 2020).report_count == 0


def test_the_ended_district_says_who_took_over_and_links_to_its_reports(client, moved):
    login(client, moved.charlie)
    page = client.get(reverse("centres:district-detail", args=[moved.angered.pk])).content.decode()
    assert "Stadsdelen upphörde 31 december 2020; Nordost tog över." in page
    assert f"?scope=alla&amp;district={moved.angered.pk}" in page
    assert "Ej uppfyllt" not in page  # the rule is about today's districts
