"""Cost sharing and the multi-model writes of the coordination app.

Settlement (rule 4 of DESIGN.md): the joint costs of an agreement in a year are shared by the
agreement's key. Each party's due share is rounded to whole öre (ROUND_HALF_UP) for the region,
and the municipality's share is the rest, so the two shares always add up to the total exactly.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Sum
from django.forms import BaseFormSet, ModelForm
from django.utils import formats
from django.utils.translation import gettext as _

from centres.models import Principal
from coordination.models import Agreement, Assignment, Budget, CostCategory

ORE = Decimal("0.01")


def format_sek(amount: Decimal) -> str:
    """ "12 400 kr", or "12 400,50 kr" when there are öre; Swedish grouping and decimals."""
    decimals = 0 if amount == amount.to_integral_value() else 2
    number = formats.number_format(amount, decimal_pos=decimals, use_l10n=True, force_grouping=True)
    return f"{number} kr"


@dataclass(frozen=True)
class Settlement:
    year: int
    total: Decimal
    paid_region: Decimal
    paid_municipality: Decimal
    due_region: Decimal
    due_municipality: Decimal

    @property
    def balance(self) -> Decimal:
        """What the region owes the municipality (negative: the municipality owes the region)."""
        return self.due_region - self.paid_region

    @property
    def region_owes(self) -> bool:
        return self.balance > 0

    @property
    def municipality_owes(self) -> bool:
        return self.balance < 0

    @property
    def amount_owed(self) -> Decimal:
        return abs(self.balance)

    @property
    def sentence(self) -> str:
        if self.region_owes:
            return _("The region shall pay %(amount)s to the municipality.") % {
                "amount": format_sek(self.amount_owed)
            }
        if self.municipality_owes:
            return _("The municipality shall pay %(amount)s to the region.") % {
                "amount": format_sek(self.amount_owed)
            }
        return _("The parties are even.")


def settle(
    *, year: int, paid_region: Decimal, paid_municipality: Decimal, share_region_percent: Decimal
) -> Settlement:
    """Share the year's total by the key; see the module docstring for the rounding."""
    total = paid_region + paid_municipality
    due_region = (total * share_region_percent / Decimal(100)).quantize(ORE, ROUND_HALF_UP)
    return Settlement(
        year=year,
        total=total,
        paid_region=paid_region,
        paid_municipality=paid_municipality,
        due_region=due_region,
        due_municipality=total - due_region,
    )


def agreement_settlement(*, agreement: Agreement, year: int) -> Settlement:
    """The settlement of `agreement`'s cost entries dated in `year` (one query)."""
    paid = dict(
        agreement.cost_entries.filter(date__year=year)
        .order_by()
        .values_list("paid_by")
        .annotate(total=Sum("amount"))
    )
    return settle(
        year=year,
        paid_region=paid.get(Principal.REGION, Decimal("0")),
        paid_municipality=paid.get(Principal.MUNICIPALITY, Decimal("0")),
        share_region_percent=agreement.share_region_percent,
    )


@dataclass(frozen=True)
class BudgetLine:
    """Budget, spent and remaining of one cost category, or of one party's share."""

    label: str
    budget: Decimal | None  # None: no budget set
    spent: Decimal

    @property
    def remaining(self) -> Decimal | None:
        return None if self.budget is None else self.budget - self.spent


@dataclass(frozen=True)
class BudgetView:
    year: int
    categories: list[BudgetLine]
    total: BudgetLine
    parties: list[BudgetLine]  # the region's and the municipality's share, by the cost key

    @property
    def has_budget(self) -> bool:
        return self.total.budget is not None


def agreement_budget(*, agreement: Agreement, year: int) -> BudgetView:
    """The year's budget per cost category against what was spent (the cost entries), and
    each party's share of both by the agreement's cost key (two queries)."""
    budgets = dict(agreement.budgets.filter(year=year).values_list("category", "amount").order_by())
    spent = dict(
        agreement.cost_entries.filter(date__year=year)
        .order_by()
        .values_list("category")
        .annotate(total=Sum("amount"))
    )
    zero = Decimal("0")
    categories = [
        BudgetLine(str(label), budgets.get(value), spent.get(value, zero))
        for value, label in CostCategory.choices
    ]
    budget_total = sum(budgets.values(), zero) if budgets else None
    total = BudgetLine(str(_("Total")), budget_total, sum(spent.values(), zero))
    share = agreement.share_region_percent / Decimal(100)

    def part(amount: Decimal | None, key: Decimal) -> Decimal | None:
        return None if amount is None else (amount * key).quantize(ORE, ROUND_HALF_UP)

    region = BudgetLine(
        str(_("The region's share")), part(budget_total, share), part(total.spent, share)
    )
    municipality = BudgetLine(
        str(_("The municipality's share")),
        None if budget_total is None else budget_total - region.budget,
        total.spent - region.spent,
    )
    return BudgetView(year, categories, total, [region, municipality])


@transaction.atomic
def budget_save(*, agreement: Agreement, year: int, amounts: dict[str, Decimal | None]) -> None:
    """Set the year's budget per category; an empty amount removes that category's budget."""
    for category, amount in amounts.items():
        if amount is None:
            agreement.budgets.filter(year=year, category=category).delete()
        else:
            Budget.objects.update_or_create(
                agreement=agreement, year=year, category=category, defaults={"amount": amount}
            )


def agreement_years(*, agreement: Agreement, today_year: int) -> list[int]:
    """Years to choose a settlement for: those with costs and the agreement's years so far."""
    years = {d.year for d in agreement.cost_entries.dates("date", "year")}
    if agreement.valid_from:
        last = agreement.valid_to.year if agreement.valid_to else today_year
        years |= set(range(agreement.valid_from.year, min(last, today_year) + 1))
    return sorted(years or {today_year}, reverse=True)


@transaction.atomic
def save_with_formsets(*, form: ModelForm, formsets: list[BaseFormSet]):
    """Save an object and its inline formsets together, or nothing."""
    obj = form.save()
    for formset in formsets:
        formset.instance = obj
        formset.save()
    return obj


@transaction.atomic
def assignment_end(*, assignment: Assignment, on: datetime.date) -> Assignment:
    """End an assignment on `on` (its last day)."""
    assignment.valid_to = on
    assignment.full_clean()
    assignment.save(update_fields=["valid_to"])
    return assignment
