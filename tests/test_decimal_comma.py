"""Every decimal a user types takes the Swedish decimal comma (issue 19, item 8a): "0,5" FTE is
0.5, not 5; "3,8" is 3.8, not 38. The fields are text boxes (type="number" refuses or misreads
the comma in some browsers) with inputmode="decimal", show the saved value with a comma, and
keep what was typed with a Swedish message when it is not a number."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from centres.forms import StaffingForm
from centres.models import Profession, Staffing
from coordination.forms import BudgetForm, CostEntryForm
from tests.conftest import login


def _edit(centre) -> str:
    return reverse("centres:centre-edit", args=[centre.pk])


def _facts(bvc, nurse, fte: str) -> dict:
    return {
        "street_address": "Hjällbo torg 1",
        "postal_code": "424 31",
        "city": "Angered",
        "phone": "",
        "email": "",
        "website": "",
        "opening_hours": "",
        "description": "",
        "staffing-TOTAL_FORMS": "1",
        "staffing-INITIAL_FORMS": "0",
        "staffing-0-centre_service": str(bvc.pk),
        "staffing-0-profession": str(nurse.pk),
        "staffing-0-fte": fte,
    }


@pytest.mark.parametrize(
    ("typed", "saved"),
    [("0,5", "0.5"), ("3,8", "3.8"), ("0.5", "0.5"), ("1", "1"), (" 2,25 ", "2.25")],
)
def test_fte_takes_a_decimal_comma(client, world, typed, saved):
    bvc = world.hjallbo.services.get(service_type__code="bvc")
    nurse = Profession.objects.create(name="Barnsjuksköterska")
    login(client, world.alice)
    response = client.post(_edit(world.hjallbo), _facts(bvc, nurse, typed))
    assert response.status_code == 302
    assert Staffing.objects.get(centre_service=bvc).fte == Decimal(saved)


def test_fte_is_shown_back_with_a_comma_in_a_text_box(client, world):
    bvc = world.hjallbo.services.get(service_type__code="bvc")
    nurse = Profession.objects.create(name="Barnsjuksköterska")
    Staffing.objects.create(centre_service=bvc, profession=nurse, fte=Decimal("0.50"))
    login(client, world.alice)
    page = client.get(_edit(world.hjallbo)).content.decode()
    assert 'type="text" name="staffing-0-fte" value="0,5"' in page
    assert 'inputmode="decimal"' in page
    assert 'type="number" name="staffing-0-fte"' not in page


def test_a_bad_fte_keeps_what_was_typed_with_a_swedish_message(client, world):
    bvc = world.hjallbo.services.get(service_type__code="bvc")
    nurse = Profession.objects.create(name="Barnsjuksköterska")
    login(client, world.alice)
    response = client.post(_edit(world.hjallbo), _facts(bvc, nurse, "en halv"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Ange ett tal, t.ex. 12 eller 12,5." in page
    assert 'value="en halv"' in page
    assert not Staffing.objects.exists()


def test_the_staffing_form_reads_a_comma_and_refuses_a_negative(world):
    bvc = world.hjallbo.services.get(service_type__code="bvc")
    nurse = Profession.objects.create(name="Barnsjuksköterska")
    data = {"centre_service": bvc.pk, "profession": nurse.pk}
    form = StaffingForm({**data, "fte": "0,75"}, centre=world.hjallbo)
    assert form.is_valid() and form.cleaned_data["fte"] == Decimal("0.75")
    form = StaffingForm({**data, "fte": "-0,5"}, centre=world.hjallbo)
    assert not form.is_valid() and "fte" in form.errors


def test_amounts_take_a_decimal_comma_and_spaces(world):
    form = CostEntryForm(
        {"date": "2026-03-01", "category": "lokal", "amount": "1 250,50", "paid_by": "region"}
    )
    form.is_valid()
    assert form.cleaned_data.get("amount") == Decimal("1250.50")
    assert 'inputmode="decimal"' in str(form["amount"])
    budget = BudgetForm({"lokal": "12 000,5"}, initial_amounts={"lokal": Decimal("100.00")})
    assert budget.is_valid(), budget.errors
    assert budget.cleaned_data["lokal"] == Decimal("12000.5")
    shown = str(BudgetForm(initial_amounts={"lokal": Decimal("1234.50")})["lokal"])
    assert 'value="1\xa0234,5"' in shown and 'type="text"' in shown
