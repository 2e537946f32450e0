import datetime
import io

from django.contrib.auth import get_user_model
from django.urls import reverse

from centres import demo as centres_demo
from coordination import demo
from coordination.models import (
    Agreement,
    AgreementStatus,
    Assignment,
    CostEntry,
    Decision,
    Dilemma,
    Document,
    Meeting,
    Role,
    SteeringGroup,
    SteeringGroupMember,
    TrainingEvent,
    TrainingParticipation,
)
from coordination.services import agreement_settlement

MODELS = [
    get_user_model(),
    Assignment,
    SteeringGroup,
    SteeringGroupMember,
    Meeting,
    Decision,
    Dilemma,
    TrainingEvent,
    TrainingParticipation,
    Agreement,
    CostEntry,
]


def _counts() -> dict:
    return {m.__name__: m.objects.count() for m in MODELS}


def test_it_seeds_governance_idempotently(db, client):
    centres_demo.seed(io.StringIO())
    out = io.StringIO()
    demo.seed(out)
    first = _counts()
    demo.seed(io.StringIO())
    assert _counts() == first

    assert "processledare.nordost" in out.getvalue() and 'password "demo"' in out.getvalue()
    roles = set(Assignment.objects.active().values_list("role", flat=True))
    assert roles == set(Role.values)
    assert [g.name for g in SteeringGroup.objects.all() if not g.is_partsammansatt] == [
        "Ledningsgrupp Hjällbo familjecentral"
    ]
    assert Decision.objects.overdue().count() == 1
    # An agreement for each of today's four geographic areas, none for the ended stadsdelar.
    goteborg = Agreement.objects.filter(district__municipality__name="Göteborg")
    assert {a.district.name for a in goteborg} == {"Nordost", "Centrum", "Sydväst", "Hisingen"}
    assert [a.district.name for a in goteborg if a.status == AgreementStatus.EXPIRING] == [
        "Hisingen"
    ]
    for agreement in goteborg:
        months = {(d.year, d.month) for d in agreement.cost_entries.values_list("date", flat=True)}
        assert len(months) == 12, agreement
    angered = goteborg.get(district__name="Nordost")
    settlement = agreement_settlement(
        agreement=angered, year=angered.cost_entries.first().date.year
    )
    assert settlement.balance != 0 and settlement.paid_region and settlement.paid_municipality

    assert client.login(username="processledare.nordost", password="demo")
    home = client.get(reverse("home"))
    assert "Ta fram en gemensam lokalplan" in home.text
    assert "Samverkansavtal familjecentral Hisingen" not in home.text  # not his district
    assert client.login(username="koordinator.goteborg", password="demo")
    assert "Samverkansavtal familjecentral Hisingen" in client.get(reverse("home")).text
    # The library: every agreement in Göteborg rests on its avsiktsförklaring, and the
    # steering group in Nordost and Peter Holm's assignment have their remit.
    assert {a.intent_document.title for a in goteborg} == {
        "Avsiktsförklaring familjecentrerat arbetssätt och familjecentraler"
    }
    assert SteeringGroup.objects.get(district__name="Nordost").documents.exists()
    assert Document.objects.filter(assignment__user__username="processledare.nordost").exists()


def test_it_seeds_a_full_year_of_costs_when_seeded_in_january(db):
    centres_demo.seed(io.StringIO())
    january = datetime.date(2027, 1, 10)

    demo.seed_agreements(january, io.StringIO())
    first = CostEntry.objects.count()
    demo.seed_agreements(january, io.StringIO())

    assert CostEntry.objects.count() == first
    angered = Agreement.objects.get(district__name="Nordost")
    dates = sorted(angered.cost_entries.values_list("date", flat=True))
    assert (dates[0], dates[-1]) == (datetime.date(2026, 2, 1), datetime.date(2027, 1, 1))
    assert len({(d.year, d.month) for d in dates}) == 12
    settlement = agreement_settlement(agreement=angered, year=2026)
    assert settlement.paid_region and settlement.paid_municipality
