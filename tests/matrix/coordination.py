"""Governance: everyone logged in reads; processledare (Angered: bob) and koordinator
(Göteborg: charlie) change what lies in their scope; the chef (diana), samordnare (alice, eve)
and users without assignment (frank) get 403 on write pages. Samordnare may raise dilemmas.
Objects in another scope (Härryda's agreement, cost and training; Centrum's and Mölnlycke's
dilemmas) show that a manager's rights stop at the edge of their scope: nobody manages Härryda
in the cast, so only the admin changes its governance, and eve (samordnare in Mölnlycke) may
change only the dilemma she raised there. See the docstring of coordination/rules.py."""

import datetime

from django.utils import timezone

from centres.models import Principal
from coordination.models import Assignment
from tests.coordination.factories import (
    make_agreement,
    make_cost,
    make_decision,
    make_dilemma,
    make_meeting,
    make_participation,
    make_steering_group,
    make_training,
)
from tests.matrix import Row, everyone

MANAGERS = {"bob": 200, "charlie": 200, "admin": 200}
MANAGERS_POST = {"default": 403, "bob": 302, "charlie": 302, "admin": 302}
KOORDINATOR = {"default": 403, "charlie": 200, "admin": 200}
ONLY_ADMIN = {"default": 403, "admin": 200}
NOT_FOUND = everyone(404)


def _cost(amount: str) -> dict[str, str]:
    """A valid cost form: dated this month, inside the factory's agreements."""
    first = timezone.localdate().replace(day=1)
    return {"date": first.isoformat(), "category": "lokal", "amount": amount, "paid_by": "region"}


def build(w) -> None:
    w.angered_group = make_steering_group(w.angered, "Styrgrupp Angered")
    w.harryda_group = make_steering_group(w.harryda, "Styrgrupp Härryda", parties=["kommun"])
    w.meeting = make_meeting(w.angered, group=w.angered_group)
    w.decision = make_decision(w.meeting, responsible=w.alice, due_date=datetime.date(2026, 1, 1))
    w.harryda_meeting = make_meeting(w.harryda, group=w.harryda_group)
    w.dilemma = make_dilemma(w.angered, w.alice)
    w.training = make_training(w.angered)
    make_participation(w.training, w.angered, Principal.REGION, 12)
    w.agreement = make_agreement(w.angered, document=True)
    w.cost = make_cost(w.agreement, "12000")
    w.harryda_agreement = make_agreement(w.harryda, title="Samverkansavtal Härryda")
    w.harryda_cost = make_cost(w.harryda_agreement, "8000")
    w.harryda_training = make_training(w.molnlycke, title="Föräldraskapsstöd Härryda")
    w.centrum_dilemma = make_dilemma(w.centrum, w.alice, title="Öppettider i Centrum")
    w.molnlycke_dilemma = make_dilemma(w.molnlycke, w.eve, title="Lokaler i Mölnlycke")
    w.bob_assignment = Assignment.objects.get(user=w.bob)
    w.eve_assignment = Assignment.objects.get(user=w.eve)


def _pk(attr):
    return lambda w: {"pk": getattr(w, attr).pk}


MISSING = lambda w: {"pk": 999999}  # noqa: E731

ROWS = [
    # Assignments
    Row("coordination:my-assignments", expect=everyone(200)),
    Row("coordination:assignment-list", expect=KOORDINATOR),
    Row("coordination:assignment-list", query="?sort=evil&page=x", expect=KOORDINATOR),
    Row("coordination:assignment-create", expect=KOORDINATOR),
    Row("coordination:assignment-end", kwargs=_pk("bob_assignment"), expect=KOORDINATOR),
    Row("coordination:assignment-end", kwargs=_pk("eve_assignment"), expect=ONLY_ADMIN),
    Row("coordination:assignment-end", kwargs=MISSING, expect=NOT_FOUND),
    Row(
        "coordination:assignment-end",
        kwargs=_pk("bob_assignment"),
        method="post",
        data=lambda w: {"valid_to": "2026-12-31"},
        expect={"default": 403, "charlie": 302, "admin": 302},
    ),
    # Steering groups
    Row("coordination:steering-group-list", expect=everyone(200)),
    Row(
        "coordination:steering-group-list",
        query="?partsammansatt=nej&municipality=abc&sort=-meetings&page=9",
        expect=everyone(200),
    ),
    Row("coordination:steering-group-create", expect=everyone(403, **MANAGERS)),
    Row("coordination:steering-group-detail", kwargs=_pk("angered_group"), expect=everyone(200)),
    Row("coordination:steering-group-detail", kwargs=_pk("harryda_group"), expect=everyone(200)),
    Row("coordination:steering-group-detail", kwargs=MISSING, expect=NOT_FOUND),
    Row(
        "coordination:steering-group-edit",
        kwargs=_pk("angered_group"),
        expect=everyone(403, **MANAGERS),
    ),
    Row("coordination:steering-group-edit", kwargs=_pk("harryda_group"), expect=ONLY_ADMIN),
    # Meetings and decisions
    Row("coordination:meeting-list", expect=everyone(200)),
    Row("coordination:meeting-list", query="?year=abc&kind=x&sort=kind", expect=everyone(200)),
    Row("coordination:meeting-create", expect=everyone(403, **MANAGERS)),
    Row("coordination:meeting-detail", kwargs=_pk("meeting"), expect=everyone(200)),
    Row("coordination:meeting-detail", kwargs=MISSING, expect=NOT_FOUND),
    Row("coordination:meeting-edit", kwargs=_pk("meeting"), expect=everyone(403, **MANAGERS)),
    Row("coordination:meeting-edit", kwargs=_pk("harryda_meeting"), expect=ONLY_ADMIN),
    Row(
        "coordination:decision-status",
        kwargs=_pk("decision"),
        method="post",
        data=lambda w: {"status": "klar"},
        expect={**MANAGERS_POST, "alice": 302},
    ),
    # Dilemmas
    Row("coordination:dilemma-list", expect=everyone(200)),
    Row(
        "coordination:dilemma-list", query="?status=x&district=y&sort=status", expect=everyone(200)
    ),
    Row(
        "coordination:dilemma-create",
        expect=everyone(200, diana=403, frank=403),
    ),
    Row("coordination:dilemma-detail", kwargs=_pk("dilemma"), expect=everyone(200)),
    Row("coordination:dilemma-detail", kwargs=MISSING, expect=NOT_FOUND),
    Row(
        "coordination:dilemma-edit",
        kwargs=_pk("dilemma"),
        expect=everyone(403, alice=200, **MANAGERS),
    ),
    # Raised by alice, who does not work in Centrum: only Göteborg's koordinator changes it.
    Row(
        "coordination:dilemma-edit",
        kwargs=_pk("centrum_dilemma"),
        expect={"default": 403, "charlie": 200, "admin": 200},
    ),
    # Raised by eve in her own district: she may change it; Göteborg's managers may not.
    Row(
        "coordination:dilemma-edit",
        kwargs=_pk("molnlycke_dilemma"),
        expect={"default": 403, "eve": 200, "admin": 200},
    ),
    # Training
    Row("coordination:training-list", expect=everyone(200)),
    Row(
        "coordination:training-list",
        query="?year=19x&level=x&sort=-participants",
        expect=everyone(200),
    ),
    Row("coordination:training-create", expect=everyone(403, **MANAGERS)),
    Row("coordination:training-detail", kwargs=_pk("training"), expect=everyone(200)),
    Row("coordination:training-detail", kwargs=MISSING, expect=NOT_FOUND),
    Row("coordination:training-edit", kwargs=_pk("training"), expect=everyone(403, **MANAGERS)),
    Row("coordination:training-detail", kwargs=_pk("harryda_training"), expect=everyone(200)),
    Row("coordination:training-edit", kwargs=_pk("harryda_training"), expect=ONLY_ADMIN),
    # Agreements and costs
    Row("coordination:agreement-list", expect=everyone(200)),
    Row("coordination:agreement-list", query="?status=x&sort=-status", expect=everyone(200)),
    Row("coordination:agreement-create", expect=everyone(403, **MANAGERS)),
    Row("coordination:agreement-detail", kwargs=_pk("agreement"), expect=everyone(200)),
    Row(
        "coordination:agreement-detail",
        kwargs=_pk("agreement"),
        query="?year=abc",
        expect=everyone(200),
    ),
    Row(
        "coordination:agreement-detail",
        kwargs=_pk("agreement"),
        query="?year=99999999999999999999",
        expect=everyone(200),
    ),
    Row("coordination:agreement-detail", kwargs=MISSING, expect=NOT_FOUND),
    Row("coordination:agreement-edit", kwargs=_pk("agreement"), expect=everyone(403, **MANAGERS)),
    Row("coordination:agreement-document", kwargs=_pk("agreement"), expect=everyone(200)),
    Row("coordination:agreement-document", kwargs=MISSING, expect=NOT_FOUND),
    Row("coordination:cost-create", kwargs=_pk("agreement"), expect=everyone(403, **MANAGERS)),
    Row(
        "coordination:cost-create",
        kwargs=_pk("agreement"),
        method="post",
        data=lambda w: _cost("1500"),
        expect=MANAGERS_POST,
    ),
    Row("coordination:cost-create", kwargs=MISSING, expect=NOT_FOUND),
    Row("coordination:cost-edit", kwargs=_pk("cost"), expect=everyone(403, **MANAGERS)),
    Row("coordination:cost-delete", kwargs=_pk("cost"), expect=everyone(403, **MANAGERS)),
    Row("coordination:cost-delete", kwargs=_pk("cost"), method="post", expect=MANAGERS_POST),
    Row("coordination:cost-delete", kwargs=MISSING, expect=NOT_FOUND),
    # Härryda's agreement and cost: no manager of Göteborg changes them
    Row("coordination:agreement-detail", kwargs=_pk("harryda_agreement"), expect=everyone(200)),
    Row("coordination:agreement-edit", kwargs=_pk("harryda_agreement"), expect=ONLY_ADMIN),
    Row("coordination:cost-create", kwargs=_pk("harryda_agreement"), expect=ONLY_ADMIN),
    Row(
        "coordination:cost-create",
        kwargs=_pk("harryda_agreement"),
        method="post",
        data=lambda w: _cost("1500"),
        expect={"default": 403, "admin": 302},
    ),
    Row("coordination:cost-edit", kwargs=_pk("harryda_cost"), expect=ONLY_ADMIN),
    Row(
        "coordination:cost-edit",
        kwargs=_pk("harryda_cost"),
        method="post",
        data=lambda w: _cost("1"),
        expect={"default": 403, "admin": 302},
    ),
    Row("coordination:cost-delete", kwargs=_pk("harryda_cost"), expect=ONLY_ADMIN),
    Row(
        "coordination:cost-delete",
        kwargs=_pk("harryda_cost"),
        method="post",
        expect={"default": 403, "admin": 302},
    ),
]
