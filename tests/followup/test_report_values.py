"""What a report's figures read as: fixed once submitted, compared like with like in a conflict,
ja/nej indicators as Ja / Nej, and the history's labels."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from followup import services
from followup.models import IndicatorKind, Report, ReportStatus, Unit, Value
from tests.conftest import login
from tests.followup.factories import (
    complete_data,
    make_indicator,
    make_indicator_set,
    make_period,
    make_report,
    report_form_data,
)


@pytest.fixture
def s(world):
    s = make_indicator_set()
    s.period = make_period(datetime.date(2026, 7, 1))
    s.report = make_report(world.hjallbo, s.period)
    return s


def edit_url(report) -> str:
    return reverse("followup:report-edit", args=[report.pk])


def form_data(s, **overrides) -> dict:
    """The filled-in form, saved on top of the report's current version."""
    return report_form_data(s, Report.objects.get(pk=s.report.pk), **overrides)


def _approve(world, s) -> Report:
    services.report_save_draft(
        report=s.report, user=world.alice, data=complete_data(s), version=s.report.version
    )
    services.report_submit(report=s.report, user=world.alice)
    services.report_approve(report=s.report, user=world.bob)
    return Report.objects.get(pk=s.report.pk)


def _page(client, report) -> str:
    return client.get(report.get_absolute_url()).content.decode()


@pytest.mark.parametrize("locked", [False, True])
def test_it_leaves_indicators_added_after_approval_off_the_approved_report(
    client, world, s, locked
):
    report = _approve(world, s)
    s.period.locked = locked
    s.period.save()
    make_indicator("Språkcaféer", s.goal, code="SPRAK-CAFE")
    make_indicator(
        "Besök per erbjudet hembesök",
        s.goal,
        code="BESOK-PER-HB",
        kind=IndicatorKind.CALCULATED,
        numerator=s.visits,
        denominator=s.offered,
    )
    login(client, world.diana)
    page = _page(client, report)
    assert 'data-testid="value-HB-ANDEL">80 %<' in page
    assert 'data-testid="value-OF-BARN">120<' in page
    assert "Språkcaféer" not in page
    assert "Besök per erbjudet hembesök" not in page
    # A draft of the next period does ask for them.
    draft = make_report(world.hjallbo, make_period(datetime.date(2026, 10, 1)))
    page = _page(client, draft)
    assert "Språkcaféer" in page and "Besök per erbjudet hembesök" in page


def test_it_keeps_the_approved_figure_when_a_calculated_indicators_factor_changes(client, world, s):
    report = _approve(world, s)
    s.rate.factor = Decimal("1000")
    s.rate.save()
    login(client, world.diana)
    assert 'data-testid="value-HB-ANDEL">80 %<' in _page(client, report)
    # A draft is worked out with today's factor.
    draft = make_report(world.hjallbo, make_period(datetime.date(2026, 10, 1)))
    services.report_save_draft(
        report=draft, user=world.alice, data=complete_data(s), version=draft.version
    )
    login(client, world.alice)
    assert 'data-testid="value-HB-ANDEL">800 %<' in _page(client, draft)


def test_it_stores_the_calculated_value_the_user_saw_when_submitting(client, world, s):
    login(client, world.alice)
    client.post(edit_url(s.report), form_data(s))
    # The factor changes after the draft was saved: the form shows the new result…
    s.rate.factor = Decimal("50")
    s.rate.save()
    assert ">40 %</output>" in client.get(edit_url(s.report)).content.decode()
    # …and that is what is submitted and stays on the report.
    data = form_data(s, submit="")
    del data["save"]
    client.post(edit_url(s.report), data)
    report = Report.objects.get(pk=s.report.pk)
    assert report.status == ReportStatus.SUBMITTED
    assert Value.objects.get(report=report, indicator=s.rate).number == Decimal("40")
    s.rate.factor = Decimal("100")
    s.rate.save()
    assert 'data-testid="value-HB-ANDEL">40 %<' in _page(client, report)


def test_it_lists_only_the_entered_value_that_differs_in_a_conflict(world, s):
    alice, bob = login(Client(), world.alice), login(Client(), world.bob)
    version = s.report.version
    alice.post(edit_url(s.report), form_data(s, version=version))
    response = bob.post(
        edit_url(s.report), form_data(s, version=version, **{f"number_{s.visits.pk}": "95"})
    )
    assert response.status_code == 409
    assert [(c["field"], c["new"], c["old"]) for c in response.context["conflict"]] == [
        ("Besök barn", "95", "120")
    ]
    assert "Andel accepterade hembesök</th>" not in response.content.decode()


@pytest.fixture
def open_saturdays(s):
    return make_indicator("Öppet på lördagar", s.goal, code="OPPET-LOR", unit=Unit.YES_NO)


def _answer(indicator, choice: str) -> dict:
    return {f"number_{indicator.pk}": choice, f"status_{indicator.pk}": "rapporterad"}


def test_it_offers_ja_and_nej_for_a_yes_no_indicator(client, world, s, open_saturdays):
    login(client, world.alice)
    page = client.get(edit_url(s.report)).content.decode()
    field = page.split(f'name="number_{open_saturdays.pk}"')[1].split("</select>")[0]
    assert '<option value="1">Ja</option>' in field
    assert '<option value="0">Nej</option>' in field
    client.post(edit_url(s.report), form_data(s, **_answer(open_saturdays, "1")))
    assert Value.objects.get(indicator=open_saturdays).number == 1
    page = client.get(edit_url(s.report)).content.decode()
    assert '<option value="1" selected>Ja</option>' in page


def test_it_shows_ja_and_nej_on_the_report_and_in_its_history(client, world, s, open_saturdays):
    login(client, world.alice)
    client.post(edit_url(s.report), form_data(s, **_answer(open_saturdays, "1")))
    page = _page(client, s.report)
    assert 'data-testid="value-OPPET-LOR">Ja<' in page
    assert "Öppet på lördagar: – → Ja" in page
    client.post(edit_url(s.report), form_data(s, **_answer(open_saturdays, "0")))
    page = _page(client, s.report)
    assert 'data-testid="value-OPPET-LOR">Nej<' in page
    assert "Öppet på lördagar: Ja → Nej" in page


def test_it_shows_ja_and_nej_in_the_conflict_table(world, s, open_saturdays):
    alice, bob = login(Client(), world.alice), login(Client(), world.bob)
    alice.post(edit_url(s.report), form_data(s, version=1, **_answer(open_saturdays, "1")))
    response = bob.post(edit_url(s.report), form_data(s, version=1, **_answer(open_saturdays, "0")))
    assert [(c["field"], c["new"], c["old"]) for c in response.context["conflict"]] == [
        ("Öppet på lördagar", "Nej", "Ja")
    ]
    assert "<td>Nej</td><td>Ja</td>" in response.content.decode()


def test_it_refuses_to_submit_a_yes_no_value_other_than_ja_or_nej(world, s, open_saturdays):
    data = complete_data(s)
    data["values"][open_saturdays.pk] = {"number": Decimal("5"), "status": "rapporterad"}
    services.report_save_draft(report=s.report, user=world.alice, data=data, version=1)
    with pytest.raises(Exception) as info:
        services.report_submit(report=s.report, user=world.alice)
    assert info.value.message_dict[f"number_{open_saturdays.pk}"] == ["Välj ja eller nej."]


def test_it_names_the_development_areas_with_a_capital_letter_in_the_history(client, world, s):
    login(client, world.alice)
    client.post(edit_url(s.report), form_data(s, development_areas="Fler pappor i grupperna."))
    page = _page(client, s.report)
    assert "Utvecklingsområden: – → Fler pappor i grupperna." in page
    assert "Artiklar i barnkonventionen som arbetet stödde: – → 12" in page
