"""Economy: agreements by status and each agreement's cost-sharing settlement for a year."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from centres.models import Principal
from coordination.models import Agreement, AgreementStatus, Budget, CostEntry
from coordination.services import Settlement, settle
from followup.exports import Table


@dataclass
class AgreementEconomy:
    agreement: Agreement
    status: str
    settlement: Settlement
    budget: Decimal | None = None  # the year's budget over every category; None: none set

    @property
    def remaining(self) -> Decimal | None:
        return None if self.budget is None else self.budget - self.settlement.total


def economy(
    agreements: QuerySet[Agreement], year: int, on: datetime.date
) -> list[AgreementEconomy]:
    """Every agreement with its status on `on`, its cost-sharing settlement for `year` by the
    same rule as the agreement page (coordination.services.settle), and its budget for the
    year. Three queries."""
    agreements = list(
        agreements.select_related("district__municipality", "municipality").order_by(
            "valid_to", "title", "pk"
        )
    )
    paid: dict[tuple[int, str], Decimal] = {
        (row["agreement_id"], row["paid_by"]): row["total"]
        for row in CostEntry.objects.filter(
            agreement__in=[a.pk for a in agreements], date__year=year
        )
        .order_by()
        .values("agreement_id", "paid_by")
        .annotate(total=Sum("amount"))
    }
    budgets = dict(
        Budget.objects.filter(agreement__in=[a.pk for a in agreements], year=year)
        .order_by()
        .values_list("agreement_id")
        .annotate(total=Sum("amount"))
    )
    zero = Decimal("0")
    return [
        AgreementEconomy(
            agreement=a,
            status=a.status_on(on),
            budget=budgets.get(a.pk),
            settlement=settle(
                year=year,
                paid_region=paid.get((a.pk, Principal.REGION), zero),
                paid_municipality=paid.get((a.pk, Principal.MUNICIPALITY), zero),
                share_region_percent=a.share_region_percent,
            ),
        )
        for a in agreements
    ]


ECONOMY_HEADERS = [
    _("Agreement"),
    _("Scope"),
    _("Status"),
    _("Valid to"),
    _("Region's share (%)"),
    _("Paid by the region"),
    _("Paid by the municipality"),
    _("The region's share"),
    _("The municipality's share"),
    _("The region owes the municipality"),
    _("Budget"),
    _("Remaining"),
    _("Settlement"),
]


def economy_table(rows: list[AgreementEconomy], year: int) -> Table:
    return Table(
        f"ekonomi-{year}",
        str(_("Economy %(year)s") % {"year": year}),
        ECONOMY_HEADERS,
        (
            [
                r.agreement.title,
                r.agreement.scope.name if r.agreement.scope else "",
                str(AgreementStatus(r.status).label),
                r.agreement.valid_to,
                r.agreement.share_region_percent,
                r.settlement.paid_region,
                r.settlement.paid_municipality,
                r.settlement.due_region,
                r.settlement.due_municipality,
                r.settlement.balance,
                r.budget,
                r.remaining,
                r.settlement.sentence,
            ]
            for r in rows
        ),
    )
