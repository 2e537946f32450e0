"""Reports in Django admin follow the workflow: the status is read-only, a submitted, approved or
locked report cannot be changed, and a change to a draft is kept in the report's history."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.forms import CheckboxInput, NullBooleanSelect
from django.urls import reverse

from followup import services
from followup.models import IndicatorTarget, Report, ReportAction, ReportStatus, Value
from tests.conftest import login
from tests.followup.factories import (
    complete_data,
    make_indicator,
    make_indicator_set,
    make_period,
    make_report,
)


@pytest.fixture
def s(world):
    s = make_indicator_set()
    s.period = make_period(datetime.date(2026, 7, 1))
    s.report = make_report(world.hjallbo, s.period)
    services.report_save_draft(report=s.report, user=world.alice, data=complete_data(s), version=1)
    return s


def change_url(report) -> str:
    return reverse("admin:followup_report_change", args=[report.pk])


def _approve(world, report) -> Report:
    services.report_submit(report=report, user=world.alice)
    services.report_approve(report=report, user=world.bob)
    return Report.objects.get(pk=report.pk)


def _post_data(response) -> dict:
    """What the admin change form posts when saved unchanged: every field with its value."""
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    data: dict = {}
    for form in forms:
        for name, field in form.fields.items():
            value = form[name].value()
            key = form.add_prefix(name)
            if isinstance(field.widget, NullBooleanSelect):
                data[key] = {True: "true", False: "false"}.get(value, "unknown")
            elif isinstance(field.widget, CheckboxInput):
                if value:
                    data[key] = "on"
            elif isinstance(value, list | tuple):
                data[key] = [str(getattr(v, "pk", v)) for v in value]
            elif value is not None:
                data[key] = str(getattr(value, "pk", value))
    return data


def _values_prefix(data: dict, report: Report, indicator) -> str:
    for key, value in data.items():
        if key.startswith("values-") and key.endswith("-indicator") and value == str(indicator.pk):
            return key.removesuffix("-indicator")
    raise AssertionError(f"{indicator} is not in the form")


def test_it_loads_the_report_changelist_and_change_pages(client, world, s):
    approved = make_report(world.hjallbo, make_period(datetime.date(2026, 4, 1)), "godkand")
    login(client, world.admin)
    page = client.get(reverse("admin:followup_report_changelist")).content.decode()
    assert "Hjällbo familjecentral" in page
    assert client.get(change_url(s.report)).status_code == 200
    assert client.get(change_url(approved)).status_code == 200


def test_it_does_not_offer_the_status_as_a_field(client, world, s):
    login(client, world.admin)
    response = client.get(change_url(s.report))
    assert "status" not in response.context["adminform"].form.fields
    assert 'name="status"' not in response.content.decode()
    data = _post_data(response)
    data["status"] = ReportStatus.APPROVED
    client.post(change_url(s.report), data)
    assert Report.objects.get(pk=s.report.pk).status == ReportStatus.DRAFT


@pytest.mark.parametrize("locked", [False, True])
def test_it_does_not_let_an_admin_change_an_approved_reports_values(client, world, s, locked):
    login(client, world.admin)
    data = _post_data(client.get(change_url(s.report)))  # the form as it was while a draft
    report = _approve(world, s.report)
    s.period.locked = locked
    s.period.save()
    response = client.get(change_url(report))
    page = response.content.decode()
    assert 'name="_save"' not in page
    assert f'name="{_values_prefix(data, report, s.visits)}-number"' not in page
    data[f"{_values_prefix(data, report, s.visits)}-number"] = "999"
    data["development_areas"] = "Ändrat i efterhand."
    assert client.post(change_url(report), data).status_code == 403
    assert Value.objects.get(report=report, indicator=s.visits).number == Decimal("120")
    assert Report.objects.get(pk=report.pk).development_areas == ""
    assert client.post(reverse("admin:followup_report_delete", args=[report.pk])).status_code == 403
    value = Value.objects.get(report=report, indicator=s.visits)
    url = reverse("admin:followup_value_change", args=[value.pk])
    assert client.post(url, {"number": "999", "status": "rapporterad"}).status_code == 403
    assert Value.objects.get(pk=value.pk).number == Decimal("120")


def test_it_does_not_let_an_admin_change_a_draft_in_a_locked_period(client, world, s):
    s.period.locked = True
    s.period.save()
    login(client, world.admin)
    assert 'name="_save"' not in client.get(change_url(s.report)).content.decode()


def test_it_records_an_admins_change_to_a_draft_in_the_reports_history(client, world, s):
    login(client, world.admin)
    data = _post_data(client.get(change_url(s.report)))
    data[f"{_values_prefix(data, s.report, s.visits)}-number"] = "130"
    data[f"{_values_prefix(data, s.report, s.accepted)}-number"] = "5"
    data["development_areas"] = "Fler pappor."
    response = client.post(change_url(s.report), data)
    assert response.status_code == 302, response.context["errors"]
    report = Report.objects.get(pk=s.report.pk)
    assert report.version == 3  # open edit forms notice the change
    event = report.events.first()
    assert (event.action, event.user) == (ReportAction.SAVED, world.admin)
    assert {"field": "Besök barn", "old": "120", "new": "130"} in event.changes
    # The calculated value follows the entered ones.
    assert Value.objects.get(report=report, indicator=s.rate).number == Decimal("50")
    login(client, world.diana)
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Ada Admin" in page
    assert "Besök barn: 120 → 130" in page
    assert "Utvecklingsområden: – → Fler pappor." in page


def test_it_refuses_to_revert_a_report_from_its_admin_history(client, world, s):
    report = _approve(world, s.report)
    old = report.history.order_by("history_date").first()
    login(client, world.admin)
    url = reverse("admin:followup_report_simple_history", args=[report.pk, old.history_id])
    assert client.get(url).status_code == 200
    assert client.post(url, {}).status_code == 403
    assert Report.objects.get(pk=report.pk).status == ReportStatus.APPROVED


def test_it_names_the_year_when_two_targets_share_it_in_admin(client, world):
    indicator = make_indicator("Besök barn")
    IndicatorTarget.objects.create(indicator=indicator, year=2026, target=100)
    login(client, world.admin)
    url = reverse("admin:followup_indicator_change", args=[indicator.pk])
    data = _post_data(client.get(url))
    # The inline's empty extra row gets the same year as the saved one.
    data.update({"targets-1-year": "2026", "targets-1-target": "120"})

    page = client.post(url, data).content.decode()

    assert "Det finns redan ett målvärde för år 2026 per kvartal." in page
    assert [t.target for t in indicator.targets.all()] == [Decimal("100")]
