"""manage.py seed_scale: a national data set the portal can be measured on. Here small (the
full size runs on PostgreSQL with `make bench`); what it builds must be data the portal itself
could have made."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from centres.models import FamilyCentre, Municipality, Region
from coordination.rules import centres_for_user
from followup.models import Indicator, Report, ReportEvent, ReportStatus, Value
from tests.conftest import freeze_today, shared_by_module


@pytest.fixture(scope="module")
def _scale_once(django_db_setup, django_db_blocker):
    """Seeded once for the module, on the day `frozen_today` gives: one test adds nothing, the
    others only read."""
    with pytest.MonkeyPatch.context() as monkeypatch, shared_by_module(django_db_blocker):
        freeze_today(monkeypatch)
        out = io.StringIO()
        call_command("seed_scale", centres=12, years=1, stdout=out)
        yield out.getvalue()


@pytest.fixture
def scale(_scale_once, db, frozen_today):
    return _scale_once


def test_it_builds_the_country_and_says_how_long_it_took(scale):
    assert Region.objects.count() == 21 and Municipality.objects.count() == 290
    assert FamilyCentre.objects.count() == 12
    assert "Klart på" in scale and "koordinator.0101" in scale
    # 12 centres × (the year's four quarters + the region's year), a few current ones never
    # started.
    assert 46 <= Report.objects.count() <= 60
    statuses = set(Report.objects.values_list("status", flat=True))
    assert {ReportStatus.APPROVED, ReportStatus.DRAFT} <= statuses


def test_each_report_holds_its_own_periods_set_and_its_story(scale):
    # A municipality's quarter holds its 3 × 8 indicators; the region's year its 6 shared ones.
    for report in Report.objects.select_related("period", "centre__district__municipality"):
        owners = Indicator.objects.filter(report.period.indicators_q())
        held = Value.objects.filter(report=report)
        assert held.count() == owners.count() == (6 if report.period.region_id else 24)
        assert not held.exclude(indicator__in=owners).exists()
        actions = list(report.events.order_by("created_at").values_list("to_status", flat=True))
        assert actions[0] == ReportStatus.DRAFT
        if report.status != ReportStatus.DRAFT:
            assert actions[-1] == report.status
    assert ReportEvent.objects.filter(report__status=ReportStatus.APPROVED).exists()


def test_its_people_log_in_and_see_their_own_area(client, scale):
    response = client.post(
        reverse("login"), {"username": "koordinator.0101", "password": "scale"}, follow=True
    )
    assert response.status_code == 200 and response.context["user"].username == "koordinator.0101"
    centres = centres_for_user(response.context["user"])
    assert centres and {c.district.municipality.code for c in centres} == {"0101"}
    own = client.get(reverse("followup:report-list")).content.decode()
    assert centres[0].name in own


def test_it_refuses_a_register_that_is_not_empty(scale):
    with pytest.raises(CommandError, match="Registret är inte tomt"):
        call_command("seed_scale", centres=1, years=1, stdout=io.StringIO())
