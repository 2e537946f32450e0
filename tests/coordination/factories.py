"""`make_*` helpers for the coordination app's governance objects."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from centres.models import Principal
from coordination.models import (
    Agreement,
    CostCategory,
    CostEntry,
    Decision,
    Dilemma,
    Document,
    DocumentKind,
    Meeting,
    MeetingKind,
    SteeringGroup,
    SteeringGroupMember,
    TrainingEvent,
    TrainingLevel,
    TrainingParticipation,
    scope_kind,
)

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def make_steering_group(scope, name: str = "Styrgrupp", parties=("kommun", "region")):
    group = SteeringGroup.objects.create(name=name, **{scope_kind(scope): scope})
    for party in parties:
        SteeringGroupMember.objects.create(
            group=group, name=f"Ledamot {party}", organisation=party.capitalize(), party=party
        )
    return group


def make_meeting(scope, *, group=None, date=datetime.date(2026, 10, 1), **fields) -> Meeting:
    kind = fields.pop("kind", MeetingKind.STEERING_GROUP if group else MeetingKind.NETWORK)
    return Meeting.objects.create(
        kind=kind, steering_group=group, date=date, **{scope_kind(scope): scope}, **fields
    )


def make_decision(meeting, *, responsible=None, due_date=None, **fields) -> Decision:
    return Decision.objects.create(
        meeting=meeting,
        text=fields.pop("text", "Ta fram en gemensam plan för öppna förskolan."),
        responsible=responsible,
        due_date=due_date,
        **fields,
    )


def make_dilemma(district, raised_by, **fields) -> Dilemma:
    fields.setdefault("title", "Lokalfrågan på familjecentralen")
    fields.setdefault("description", "Samlokaliseringen kräver större lokaler.")
    return Dilemma.objects.create(district=district, raised_by=raised_by, **fields)


def make_training(scope, **fields) -> TrainingEvent:
    fields.setdefault("title", "Barnkonventionen i praktiken")
    fields.setdefault("date", datetime.date(2026, 9, 15))
    fields.setdefault("level", TrainingLevel.BOTH)
    return TrainingEvent.objects.create(**{scope_kind(scope): scope}, **fields)


def make_participation(event, district, party, count) -> TrainingParticipation:
    return TrainingParticipation.objects.create(
        event=event, district=district, party=party, count=count
    )


# For tests that assert the term's dates: a fixed term that does not follow today.
TERM_2024_2027 = {"valid_from": datetime.date(2024, 1, 1), "valid_to": datetime.date(2027, 12, 31)}


def make_agreement(scope, *, document: bool = False, **fields) -> Agreement:
    fields.setdefault("title", f"Samverkansavtal {scope}")
    fields.setdefault("party_region", "Göteborgs hälso- och sjukvårdsnämnd")
    fields.setdefault("party_municipality", f"Stadsdelsnämnden {scope}")
    # In force from two years ago to the end of next year, whenever the tests run.
    year = timezone.localdate().year
    fields.setdefault("valid_from", datetime.date(year - 2, 1, 1))
    fields.setdefault("valid_to", datetime.date(year + 1, 12, 31))
    agreement = Agreement(**{scope_kind(scope): scope}, **fields)
    if document:
        agreement.document.save("avtal.pdf", ContentFile(PDF_BYTES), save=False)
    agreement.save()
    return agreement


def make_document(place, *, kind=DocumentKind.STYRDOKUMENT, **fields) -> Document:
    """A document kept for `place`: a region, municipality, district, steering group or
    assignment."""
    key = {SteeringGroup: "steering_group"}.get(type(place)) or (
        "assignment" if type(place).__name__ == "Assignment" else scope_kind(place)
    )
    fields.setdefault("title", f"Dokument {place}")
    fields.setdefault("valid_from", datetime.date(2024, 1, 1))
    document = Document(**{key: place}, kind=kind, **fields)
    document.file.save("dokument.pdf", ContentFile(PDF_BYTES), save=False)
    document.save()
    return document


def make_cost(agreement, amount, paid_by=Principal.MUNICIPALITY, **fields) -> CostEntry:
    fields.setdefault("date", timezone.localdate().replace(day=1))
    fields.setdefault("category", CostCategory.STAFF)
    return CostEntry.objects.create(
        agreement=agreement, amount=Decimal(amount), paid_by=paid_by, **fields
    )
