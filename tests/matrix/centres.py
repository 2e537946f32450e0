"""The register: everyone logged in reads every page; anonymous visitors go to the login page."""

from tests.matrix import Row, everyone

ROWS = [
    Row("centres:centre-list", expect=everyone(200)),
    Row("centres:centre-list", query="?district=xyz&page=abc&sort=evil", expect=everyone(200)),
    Row("centres:centre-detail", kwargs=lambda w: {"pk": w.hjallbo.pk}, expect=everyone(200)),
    Row("centres:centre-detail", kwargs=lambda w: {"pk": w.molnlycke_fc.pk}, expect=everyone(200)),
    Row("centres:district-list", expect=everyone(200)),
    Row("centres:district-detail", kwargs=lambda w: {"pk": w.angered.pk}, expect=everyone(200)),
    Row("centres:municipality-list", expect=everyone(200)),
    Row(
        "centres:municipality-detail", kwargs=lambda w: {"pk": w.goteborg.pk}, expect=everyone(200)
    ),
    Row("centres:method-list", expect=everyone(200)),
]


def _facts(w) -> dict:
    return {
        "opening_hours": "Mån–tors 9–12",
        "staffing-TOTAL_FORMS": "0",
        "staffing-INITIAL_FORMS": "0",
    }


def _services(w) -> dict:
    return {"services-TOTAL_FORMS": "0", "services-INITIAL_FORMS": "0"}


def _centre(name):
    return lambda w: {"pk": getattr(w, name).pk}


# A centre's facts: its samordnare and the processledare and koordinator over it (in scope);
# its services: the processledare and koordinator. Everyone else gets 403 (the register is
# public within the portal, so a write page out of scope is 403, not 404).
HJALLBO_EDITORS = {"default": 403, "alice": 200, "bob": 200, "charlie": 200, "admin": 200}
MOLNLYCKE_EDITORS = {"default": 403, "eve": 200, "grace": 200, "admin": 200}
HJALLBO_MANAGERS = {"default": 403, "bob": 200, "charlie": 200, "admin": 200}
MOLNLYCKE_MANAGERS = {"default": 403, "grace": 200, "admin": 200}


def _posted(expect: dict) -> dict:
    return {role: 302 if status == 200 else status for role, status in expect.items()}


for _name, _editors, _managers in (
    ("hjallbo", HJALLBO_EDITORS, HJALLBO_MANAGERS),
    ("molnlycke_fc", MOLNLYCKE_EDITORS, MOLNLYCKE_MANAGERS),
):
    ROWS += [
        Row("centres:centre-edit", kwargs=_centre(_name), expect=_editors),
        Row(
            "centres:centre-edit",
            kwargs=_centre(_name),
            method="post",
            data=_facts,
            expect=_posted(_editors),
        ),
        Row("centres:centre-services", kwargs=_centre(_name), expect=_managers),
        Row(
            "centres:centre-services",
            kwargs=_centre(_name),
            method="post",
            data=_services,
            expect=_posted(_managers),
        ),
        Row("centres:centre-confirm", kwargs=_centre(_name), expect=everyone(405)),
        Row(
            "centres:centre-confirm",
            kwargs=_centre(_name),
            method="post",
            expect=_posted(_editors),
        ),
    ]


def _place(district: str):
    return lambda w: {
        "name": "Öppna förskolan i kyrkan",
        "kind": "oppen-forskola",
        "district": str(getattr(w, district).pk),
        "provider": "Svenska kyrkan",
    }


def build(w) -> None:
    from centres.models import MeetingPlace

    w.angered_place = MeetingPlace.objects.create(
        district=w.angered, name="Öppen förskola Lärjeåns gård", kind="oppen-forskola"
    )
    w.molnlycke_place = MeetingPlace.objects.create(
        district=w.molnlycke, name="Mötesplats Mölnlycke", kind="motesplats"
    )


# Öppna mötesplatser: everyone reads; the processledare and koordinator over the district add
# and change them; a district they do not manage is refused on the field (the form comes back).
PLACE_CREATE = everyone(403, bob=200, charlie=200, grace=200, admin=200)
ROWS += [
    Row("centres:meeting-place-list", expect=everyone(200)),
    Row("centres:meeting-place-list", query="?district=x&kind=y&sort=evil", expect=everyone(200)),
    Row("centres:meeting-place-detail", kwargs=_centre("angered_place"), expect=everyone(200)),
    Row("centres:meeting-place-create", expect=PLACE_CREATE),
    Row(
        "centres:meeting-place-create",
        method="post",
        data=_place("angered"),
        expect=everyone(403, bob=302, charlie=302, grace=200, admin=302),
    ),
    Row(
        "centres:meeting-place-create",
        method="post",
        data=_place("molnlycke"),
        expect=everyone(403, bob=200, charlie=200, grace=302, admin=302),
    ),
    Row("centres:meeting-place-edit", kwargs=_centre("angered_place"), expect=HJALLBO_MANAGERS),
    Row(
        "centres:meeting-place-edit",
        kwargs=_centre("angered_place"),
        method="post",
        data=_place("angered"),
        expect=_posted(HJALLBO_MANAGERS),
    ),
    Row("centres:meeting-place-edit", kwargs=_centre("molnlycke_place"), expect=MOLNLYCKE_MANAGERS),
    Row(
        "centres:meeting-place-edit",
        kwargs=_centre("molnlycke_place"),
        method="post",
        data=_place("molnlycke"),
        expect=_posted(MOLNLYCKE_MANAGERS),
    ),
]
