"""Governance: everyone logged in reads; processledare (Angered: bob) and koordinator
(Göteborg: charlie; Härryda: grace) change what lies in their scope; the chef (diana),
samordnare (alice, eve), the regional koordinator (heidi, who sets up follow-up, not governance)
and users without assignment (frank) get 403 on write pages. Samordnare may raise dilemmas.

Every write view has a GET and a POST row in scope (Angered, Göteborg) and out of it (Härryda):
a manager's rights stop at the edge of their scope. A create form posted a scope the user may
not use is shown again (200) with the error on the field; an edit of another scope's object
answers 403. See the docstring of coordination/rules.py."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from centres.models import Principal
from coordination.models import Assignment, DocumentKind
from tests.coordination.factories import (
    PDF_BYTES,
    make_agreement,
    make_cost,
    make_decision,
    make_dilemma,
    make_document,
    make_meeting,
    make_participation,
    make_steering_group,
    make_training,
)
from tests.matrix import Row, everyone

MANAGERS = {"bob": 200, "charlie": 200, "admin": 200}
MANAGERS_POST = {"default": 403, "bob": 302, "charlie": 302, "admin": 302}
# Anyone who manages some scope may open a "new …" page.
CREATE_PAGE = everyone(403, bob=200, charlie=200, grace=200, admin=200)
SAMORDNARE_TOO = {**CREATE_PAGE, "alice": 200, "eve": 200}
HARRYDA = {"default": 403, "grace": 200, "admin": 200}
HARRYDA_POST = {"default": 403, "grace": 302, "admin": 302}
KOORDINATOR = {"default": 403, "charlie": 200, "grace": 200, "admin": 200}
NOT_FOUND = everyone(404)


def _cost(amount: str) -> dict[str, str]:
    """A valid cost form: dated this month, inside the factory's agreements."""
    first = timezone.localdate().replace(day=1)
    return {"date": first.isoformat(), "category": "lokal", "amount": amount, "paid_by": "region"}


def _empty(prefix: str) -> dict[str, str]:
    """The management form of an inline formset with no rows."""
    return {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}


def _in(attr: str):
    """The scope select's value for the world's district or municipality `attr`."""

    def value(w) -> str:
        scope = getattr(w, attr)
        kind = "municipality" if attr in ("goteborg", "harryda") else "district"
        return f"{kind}:{scope.pk}"

    return value


def _group(scope: str):
    return lambda w: {"scope": _in(scope)(w), "name": "Styrgrupp", **_empty("members")}


def _meeting(scope: str):
    return lambda w: {
        "scope": _in(scope)(w),
        "kind": "natverk",
        "date": "2026-10-01",
        **_empty("decisions"),
    }


def _centre_meeting(w) -> dict[str, str]:
    """A meeting of Hjällbo's ledningsgrupp."""
    return {
        "scope": f"centre:{w.hjallbo.pk}",
        "kind": "styrgrupp",
        "steering_group": str(w.hjallbo_group.pk),
        "date": "2026-10-01",
        **_empty("decisions"),
    }


def _training(scope: str):
    return lambda w: {
        "scope": _in(scope)(w),
        "title": "Barnkonventionen",
        "date": "2026-09-15",
        "level": "bada",
        **_empty("participation"),
    }


def _agreement(scope: str):
    return lambda w: {
        "scope": _in(scope)(w),
        "title": "Samverkansavtal",
        "party_region": "Hälso- och sjukvårdsnämnden",
        "party_municipality": "Kommunstyrelsen",
        "valid_from": f"{timezone.localdate().year - 2}-01-01",
        "valid_to": f"{timezone.localdate().year + 1}-12-31",
        "share_region_percent": "50",
        "share_municipality_percent": "50",
    }


def _dilemma(district: str):
    return lambda w: {
        "district": getattr(w, district).pk,
        "title": "Lokalfrågan",
        "description": "Samlokaliseringen kräver större lokaler.",
        "raised_on": "2026-10-01",
        "status": "oppen",
    }


def _assignment(scope: str):
    return lambda w: {
        "user": w.frank.pk,
        "role": "samordnare",
        "scope": f"centre:{getattr(w, scope).pk}",
        "party": "kommun",
        "valid_from": "2026-01-01",
    }


def build(w) -> None:
    w.angered_group = make_steering_group(w.angered, "Styrgrupp Angered")
    w.harryda_group = make_steering_group(w.harryda, "Styrgrupp Härryda", parties=["kommun"])
    w.meeting = make_meeting(w.angered, group=w.angered_group)
    w.decision = make_decision(w.meeting, responsible=w.alice, due_date=datetime.date(2026, 1, 1))
    w.harryda_meeting = make_meeting(w.harryda, group=w.harryda_group)
    w.hjallbo_group = make_steering_group(w.hjallbo, "Ledningsgrupp Hjällbo")
    w.centre_meeting = make_meeting(w.hjallbo, group=w.hjallbo_group)
    w.centre_decision = make_decision(w.centre_meeting, text="Ny skylt vid entrén.")
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
    w.angered_doc = make_document(w.angered, kind=DocumentKind.MOTESPROTOKOLL)
    w.harryda_doc = make_document(w.harryda)
    w.region_doc = make_document(w.region)


def _pk(attr):
    return lambda w: {"pk": getattr(w, attr).pk}


MISSING = lambda w: {"pk": 999999}  # noqa: E731

# A create form posted in Angered (Göteborg) and in Härryda: the managers of that scope save;
# a manager of the other scope is not offered it and gets the form back.
IN_ANGERED = everyone(403, bob=302, charlie=302, grace=200, admin=302)
IN_GOTEBORG = everyone(403, bob=200, charlie=302, grace=200, admin=302)
IN_HARRYDA = everyone(403, bob=200, charlie=200, grace=302, admin=302)


def _writes(name: str, builder, *, angered: str = "angered") -> list[Row]:
    """GET and POST of a "new …" page, posted in scope and out of it."""
    return [
        Row(f"coordination:{name}-create", expect=CREATE_PAGE),
        Row(
            f"coordination:{name}-create",
            method="post",
            data=builder(angered),
            expect=IN_ANGERED if angered == "angered" else IN_GOTEBORG,
        ),
        Row(
            f"coordination:{name}-create", method="post", data=builder("harryda"), expect=IN_HARRYDA
        ),
    ]


def _edits(name: str, ours: str, theirs: str, builder, *, ours_scope="angered") -> list[Row]:
    """GET and POST of the edit page of an object in Angered and of one in Härryda."""
    return [
        Row(f"coordination:{name}-edit", kwargs=_pk(ours), expect=everyone(403, **MANAGERS)),
        Row(
            f"coordination:{name}-edit",
            kwargs=_pk(ours),
            method="post",
            data=builder(ours_scope),
            expect=MANAGERS_POST,
        ),
        Row(f"coordination:{name}-edit", kwargs=_pk(theirs), expect=HARRYDA),
        Row(
            f"coordination:{name}-edit",
            kwargs=_pk(theirs),
            method="post",
            data=builder("harryda"),
            expect=HARRYDA_POST,
        ),
    ]


def _document(scope: str):
    return lambda w: {
        "scope": scope(w),
        "title": "Riktlinjer",
        "kind": DocumentKind.STYRDOKUMENT,
        "valid_from": "2026-01-01",
        "file": SimpleUploadedFile("riktlinjer.pdf", PDF_BYTES, "application/pdf"),
    }


# The document library: read within the municipalities (and region) of one's area, nothing
# outside it (404); kept by those who manage what a document is kept for.
GOTEBORG_READ = everyone(404, alice=200, bob=200, charlie=200, diana=200, heidi=200, admin=200)
HARRYDA_READ = everyone(404, eve=200, grace=200, heidi=200, admin=200)
DOCUMENT_ROWS = [
    Row("coordination:document-list", expect=everyone(200)),
    Row(
        "coordination:document-list",
        query="?kind=x&valid=evil&sort=-y&page=0",
        expect=everyone(200),
    ),
    Row("coordination:document-detail", kwargs=_pk("angered_doc"), expect=GOTEBORG_READ),
    Row("coordination:document-file", kwargs=_pk("angered_doc"), expect=GOTEBORG_READ),
    Row("coordination:document-detail", kwargs=_pk("harryda_doc"), expect=HARRYDA_READ),
    Row("coordination:document-file", kwargs=_pk("harryda_doc"), expect=HARRYDA_READ),
    Row("coordination:document-file", kwargs=_pk("region_doc"), expect=everyone(200, frank=404)),
    Row("coordination:document-file", kwargs=MISSING, expect=NOT_FOUND),
    Row(
        "coordination:document-create",
        expect=everyone(403, bob=200, charlie=200, grace=200, heidi=200, admin=200),
    ),
    Row(
        "coordination:document-create",
        method="post",
        data=_document(lambda w: f"district:{w.angered.pk}"),
        expect=everyone(403, bob=302, charlie=302, grace=200, heidi=200, admin=302),
    ),
    Row(
        "coordination:document-create",
        method="post",
        data=_document(lambda w: f"region:{w.region.pk}"),
        expect=everyone(403, bob=200, charlie=200, grace=200, heidi=302, admin=302),
    ),
    Row(
        "coordination:document-edit",
        kwargs=_pk("angered_doc"),
        expect={**GOTEBORG_READ, "alice": 403, "diana": 403, "heidi": 403},
    ),
    Row(
        "coordination:document-edit",
        kwargs=_pk("region_doc"),
        expect=everyone(403, heidi=200, admin=200, frank=404),
    ),
    Row(
        "coordination:document-delete",
        kwargs=_pk("harryda_doc"),
        expect={**HARRYDA_READ, "eve": 403, "heidi": 403},
    ),
    Row(
        "coordination:document-delete",
        kwargs=_pk("angered_doc"),
        method="post",
        expect={**GOTEBORG_READ, "alice": 403, "diana": 403, "heidi": 403, "bob": 302}
        | {"charlie": 302, "admin": 302},
    ),
]


ROWS = [
    *DOCUMENT_ROWS,
    # Assignments
    Row("coordination:my-assignments", expect=everyone(200)),
    Row("coordination:assignment-list", expect=KOORDINATOR),
    Row("coordination:assignment-list", query="?sort=evil&page=x", expect=KOORDINATOR),
    Row("coordination:assignment-create", expect=KOORDINATOR),
    Row(
        "coordination:assignment-create",
        method="post",
        data=_assignment("hjallbo"),
        expect={"default": 403, "charlie": 302, "grace": 200, "admin": 302},
    ),
    Row(
        "coordination:assignment-create",
        method="post",
        data=_assignment("molnlycke_fc"),
        expect={"default": 403, "charlie": 200, "grace": 302, "admin": 302},
    ),
    Row(
        "coordination:assignment-end",
        kwargs=_pk("bob_assignment"),
        expect={"default": 403, "charlie": 200, "admin": 200},
    ),
    Row("coordination:assignment-end", kwargs=_pk("eve_assignment"), expect=HARRYDA),
    Row("coordination:assignment-end", kwargs=MISSING, expect=NOT_FOUND),
    Row(
        "coordination:assignment-end",
        kwargs=_pk("bob_assignment"),
        method="post",
        data=lambda w: {"valid_to": "2026-12-31"},
        expect={"default": 403, "charlie": 302, "admin": 302},
    ),
    Row(
        "coordination:assignment-end",
        kwargs=_pk("eve_assignment"),
        method="post",
        data=lambda w: {"valid_to": "2026-12-31"},
        expect=HARRYDA_POST,
    ),
    # Steering groups
    Row("coordination:steering-group-list", expect=everyone(200)),
    Row(
        "coordination:steering-group-list",
        query="?partsammansatt=nej&municipality=abc&sort=-meetings&page=9",
        expect=everyone(200),
    ),
    *_writes("steering-group", _group),
    Row("coordination:steering-group-detail", kwargs=_pk("angered_group"), expect=everyone(200)),
    Row("coordination:steering-group-detail", kwargs=_pk("harryda_group"), expect=everyone(200)),
    Row("coordination:steering-group-detail", kwargs=MISSING, expect=NOT_FOUND),
    *_edits("steering-group", "angered_group", "harryda_group", _group),
    # Meetings and decisions
    Row("coordination:meeting-list", expect=everyone(200)),
    Row("coordination:meeting-list", query="?year=abc&kind=x&sort=kind", expect=everyone(200)),
    # A samordnare also records meetings, of their own centre only (alice: Hjällbo, eve:
    # Mölnlycke); a meeting elsewhere gets the form back with the scope refused.
    Row("coordination:meeting-create", expect=SAMORDNARE_TOO),
    Row(
        "coordination:meeting-create",
        method="post",
        data=_meeting("angered"),
        expect={**IN_ANGERED, "alice": 200, "eve": 200},
    ),
    Row(
        "coordination:meeting-create",
        method="post",
        data=_meeting("harryda"),
        expect={**IN_HARRYDA, "alice": 200, "eve": 200},
    ),
    Row(
        "coordination:meeting-create",
        method="post",
        data=_centre_meeting,
        expect=everyone(403, alice=302, bob=302, charlie=302, eve=200, grace=200, admin=302),
    ),
    Row("coordination:meeting-create", query="?styrgrupp=abc", expect=SAMORDNARE_TOO),
    Row(
        "coordination:meeting-edit",
        kwargs=_pk("centre_meeting"),
        expect=everyone(403, alice=200, bob=200, charlie=200, admin=200),
    ),
    Row(
        "coordination:meeting-edit",
        kwargs=_pk("centre_meeting"),
        method="post",
        data=_centre_meeting,
        expect=everyone(403, alice=302, bob=302, charlie=302, admin=302),
    ),
    Row(
        "coordination:decision-status",
        kwargs=_pk("centre_decision"),
        method="post",
        data=lambda w: {"status": "klar"},
        expect=everyone(403, alice=302, bob=302, charlie=302, admin=302),
    ),
    Row("coordination:meeting-detail", kwargs=_pk("meeting"), expect=everyone(200)),
    Row("coordination:meeting-detail", kwargs=MISSING, expect=NOT_FOUND),
    *_edits("meeting", "meeting", "harryda_meeting", _meeting),
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
        expect=everyone(200, diana=403, frank=403, heidi=403),
    ),
    # Raised in Angered: those who work there save; Härryda's people are not offered it.
    Row(
        "coordination:dilemma-create",
        method="post",
        data=_dilemma("angered"),
        expect=everyone(302, eve=200, grace=200, diana=403, frank=403, heidi=403),
    ),
    Row(
        "coordination:dilemma-create",
        method="post",
        data=_dilemma("molnlycke"),
        expect=everyone(200, eve=302, grace=302, admin=302, diana=403, frank=403, heidi=403),
    ),
    Row("coordination:dilemma-detail", kwargs=_pk("dilemma"), expect=everyone(200)),
    Row("coordination:dilemma-detail", kwargs=MISSING, expect=NOT_FOUND),
    Row(
        "coordination:dilemma-edit",
        kwargs=_pk("dilemma"),
        expect=everyone(403, alice=200, **MANAGERS),
    ),
    Row(
        "coordination:dilemma-edit",
        kwargs=_pk("dilemma"),
        method="post",
        data=_dilemma("angered"),
        expect={**MANAGERS_POST, "alice": 302},
    ),
    # Raised by alice, who does not work in Centrum: only Göteborg's koordinator changes it.
    Row(
        "coordination:dilemma-edit",
        kwargs=_pk("centrum_dilemma"),
        expect={"default": 403, "charlie": 200, "admin": 200},
    ),
    Row(
        "coordination:dilemma-edit",
        kwargs=_pk("centrum_dilemma"),
        method="post",
        data=_dilemma("centrum"),
        expect={"default": 403, "charlie": 302, "admin": 302},
    ),
    # Raised by eve in her own district: she and Härryda's koordinator may change it.
    Row(
        "coordination:dilemma-edit",
        kwargs=_pk("molnlycke_dilemma"),
        expect={"default": 403, "eve": 200, "grace": 200, "admin": 200},
    ),
    Row(
        "coordination:dilemma-edit",
        kwargs=_pk("molnlycke_dilemma"),
        method="post",
        data=_dilemma("molnlycke"),
        expect={"default": 403, "eve": 302, "grace": 302, "admin": 302},
    ),
    # Training
    Row("coordination:training-list", expect=everyone(200)),
    Row(
        "coordination:training-list",
        query="?year=19x&level=x&sort=-participants",
        expect=everyone(200),
    ),
    *_writes("training", _training),
    Row("coordination:training-detail", kwargs=_pk("training"), expect=everyone(200)),
    Row("coordination:training-detail", kwargs=MISSING, expect=NOT_FOUND),
    Row("coordination:training-detail", kwargs=_pk("harryda_training"), expect=everyone(200)),
    *_edits("training", "training", "harryda_training", _training),
    # Agreements and costs
    Row("coordination:agreement-list", expect=everyone(200)),
    Row("coordination:agreement-list", query="?status=x&sort=-status", expect=everyone(200)),
    *_writes("agreement", _agreement),
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
    *_edits("agreement", "agreement", "harryda_agreement", _agreement),
    Row("coordination:agreement-document", kwargs=_pk("agreement"), expect=everyone(200)),
    Row("coordination:agreement-document", kwargs=MISSING, expect=NOT_FOUND),
    # The year's budget: kept by those who manage the agreement (a negative amount, or a year
    # that is no number, gets the form back or the current year).
    Row("coordination:agreement-budget", kwargs=_pk("agreement"), expect=everyone(403, **MANAGERS)),
    Row(
        "coordination:agreement-budget",
        kwargs=_pk("agreement"),
        query="?year=abc",
        method="post",
        data=lambda w: {"lokal": "120000", "personal": ""},
        expect=MANAGERS_POST,
    ),
    Row(
        "coordination:agreement-budget",
        kwargs=_pk("agreement"),
        method="post",
        data=lambda w: {"lokal": "-5"},
        expect=everyone(403, **MANAGERS),
    ),
    Row("coordination:agreement-budget", kwargs=_pk("harryda_agreement"), expect=HARRYDA),
    Row(
        "coordination:agreement-budget",
        kwargs=_pk("harryda_agreement"),
        method="post",
        data=lambda w: {"lokal": "80000"},
        expect=HARRYDA_POST,
    ),
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
    Row(
        "coordination:cost-edit",
        kwargs=_pk("cost"),
        method="post",
        data=lambda w: _cost("1"),
        expect=MANAGERS_POST,
    ),
    Row("coordination:cost-delete", kwargs=_pk("cost"), expect=everyone(403, **MANAGERS)),
    Row("coordination:cost-delete", kwargs=_pk("cost"), method="post", expect=MANAGERS_POST),
    Row("coordination:cost-delete", kwargs=MISSING, expect=NOT_FOUND),
    # Härryda's agreement and cost: Härryda's koordinator, never Göteborg's managers
    Row("coordination:agreement-detail", kwargs=_pk("harryda_agreement"), expect=everyone(200)),
    Row("coordination:cost-create", kwargs=_pk("harryda_agreement"), expect=HARRYDA),
    Row(
        "coordination:cost-create",
        kwargs=_pk("harryda_agreement"),
        method="post",
        data=lambda w: _cost("1500"),
        expect=HARRYDA_POST,
    ),
    Row("coordination:cost-edit", kwargs=_pk("harryda_cost"), expect=HARRYDA),
    Row(
        "coordination:cost-edit",
        kwargs=_pk("harryda_cost"),
        method="post",
        data=lambda w: _cost("1"),
        expect=HARRYDA_POST,
    ),
    Row("coordination:cost-delete", kwargs=_pk("harryda_cost"), expect=HARRYDA),
    Row(
        "coordination:cost-delete",
        kwargs=_pk("harryda_cost"),
        method="post",
        expect=HARRYDA_POST,
    ),
]
