"""Budget: per agreement and year, a budget per cost category; the agreement page and the
economy figures show budget, spent and remaining per category and per party."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.urls import reverse

from centres.models import Principal
from coordination.models import Budget, CostCategory
from coordination.services import agreement_budget
from tests.conftest import login
from tests.coordination.factories import make_agreement, make_cost

YEAR = 2026


def _url(agreement) -> str:
    return reverse("coordination:agreement-budget", args=[agreement.pk]) + f"?year={YEAR}"


def test_a_manager_sets_the_years_budget_and_sees_it_against_the_costs(client, world, frozen_today):
    agreement = make_agreement(
        world.angered, share_region_percent=Decimal("40"), share_municipality_percent=Decimal("60")
    )
    day = datetime.date(YEAR, 3, 1)
    make_cost(agreement, "30000", Principal.REGION, category=CostCategory.PREMISES, date=day)
    make_cost(agreement, "250000", category=CostCategory.STAFF, date=day)
    login(client, world.charlie)
    response = client.post(_url(agreement), {"lokal": "100 000", "personal": "200000"})
    assert response.status_code == 302
    view = agreement_budget(agreement=agreement, year=YEAR)
    lines = {line.label: (line.budget, line.spent, line.remaining) for line in view.categories}
    assert lines["Lokal"] == (Decimal("100000"), Decimal("30000"), Decimal("70000"))
    assert lines["Koordinator/samordnare"] == (
        Decimal("200000"),
        Decimal("250000"),
        Decimal("-50000"),
    )
    assert lines["Material"] == (None, Decimal("0"), None)
    # Each party's share by the key (40/60) of the budget and of what was spent.
    region, municipality = view.parties
    assert (region.budget, region.spent, region.remaining) == (
        Decimal("120000.00"),
        Decimal("112000.00"),
        Decimal("8000.00"),
    )
    assert (municipality.budget, municipality.spent) == (Decimal("180000.00"), Decimal("168000.00"))
    page = client.get(agreement.get_absolute_url() + f"?year={YEAR}").content.decode()
    assert "Budget 2026" in page and "-50\xa0000,00 kr" in page
    assert "Regionens andel" in page and "8\xa0000,00 kr" in page


def test_an_empty_field_removes_a_budget_and_a_negative_one_is_refused(client, world):
    agreement = make_agreement(world.angered)
    Budget.objects.create(agreement=agreement, year=YEAR, category="lokal", amount=5000)
    login(client, world.bob)
    response = client.post(_url(agreement), {"lokal": "-1", "material": "800"})
    assert response.status_code == 200
    assert "Beloppet kan inte vara negativt." in response.content.decode()
    assert 'value="800"' in response.content.decode()
    assert client.post(_url(agreement), {"lokal": "", "material": "800"}).status_code == 302
    assert dict(Budget.objects.values_list("category", "amount")) == {"material": Decimal("800")}


def test_the_economy_dashboard_shows_budget_and_remaining(client, world, frozen_today):
    agreement = make_agreement(world.angered)
    make_cost(agreement, "1500", date=datetime.date(YEAR, 2, 1))
    Budget.objects.create(agreement=agreement, year=YEAR, category="material", amount=4000)
    login(client, world.diana)
    response = client.get(reverse("followup:dashboard-economy") + f"?year={YEAR}")
    row = next(r for r in response.context["rows"] if r.agreement == agreement)
    assert (row.budget, row.remaining) == (Decimal("4000"), Decimal("2500"))
    assert 'data-testid="economy-budget">4\xa0000 kr' in response.content.decode()
