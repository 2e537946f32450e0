"""`manage.py seed_demo` loads the demo register, and loading it again changes nothing."""

from __future__ import annotations

import datetime
from io import StringIO

from django.apps import apps
from django.core.management import call_command
from django.utils import timezone

from centres.demo import CENTRES
from centres.models import (
    CentreService,
    Classification,
    District,
    FamilyCentre,
    Method,
    MethodLabel,
    Municipality,
    Profession,
    Region,
    ServiceType,
    Staffing,
)

# The ten stadsdelar of 2011–2020 and the geographic area that succeeded each in 2021.
STADSDELAR = {
    "Angered": "Nordost",
    "Östra Göteborg": "Nordost",
    "Örgryte-Härlanda": "Centrum",
    "Centrum (stadsdel)": "Centrum",
    "Majorna-Linné": "Centrum",
    "Askim-Frölunda-Högsbo": "Sydväst",
    "Västra Göteborg": "Sydväst",
    "Västra Hisingen": "Hisingen",
    "Lundby": "Hisingen",
    "Norra Hisingen": "Hisingen",
}
MODELS = [
    Region,
    Municipality,
    District,
    ServiceType,
    Profession,
    MethodLabel,
    Method,
    FamilyCentre,
    CentreService,
    Staffing,
]


def _counts() -> dict[str, int]:
    counts = {m.__name__: m.objects.count() for m in MODELS}
    counts["centre methods"] = FamilyCentre.methods.through.objects.count()
    counts["method labels"] = Method.labels.through.objects.count()
    return counts


def _classes(municipality: str) -> dict[str, str]:
    return dict(
        FamilyCentre.objects.open_on(timezone.localdate())
        .with_classification()
        .filter(district__municipality__name=municipality)
        .values_list("name", "classification")
    )


def test_it_loads_the_demo_register_idempotently(demo, db):
    first = _counts()
    history = _history_counts()
    call_command("seed_demo", stdout=StringIO())

    assert _counts() == first
    assert "18 centres" in demo
    # The first load shows in the edit history; loading again adds nothing to it.
    assert FamilyCentre.history.filter(history_type="+").count() == 18
    assert _history_counts() == history


def _history_counts() -> dict[str, int]:
    return {
        m._meta.label: m.objects.count()
        for m in apps.get_models()
        if m.__name__.startswith("Historical")
    }


def test_goteborgs_ten_stadsdelar_ended_in_2020_with_their_four_successors(demo, db):
    region = Region.objects.get(code="14")
    goteborg = Municipality.objects.get(code="1480", name="Göteborg", region=region)
    ended = {
        d.name: d.successor.name
        for d in goteborg.districts.filter(valid_to=datetime.date(2020, 12, 31))
    }
    assert ended == STADSDELAR
    current = goteborg.districts.active_on(timezone.localdate())
    assert set(current.values_list("name", flat=True)) == {
        "Nordost",
        "Centrum",
        "Sydväst",
        "Hisingen",
    }
    assert all(d.valid_from == datetime.date(2021, 1, 1) for d in current)
    assert Municipality.objects.get(code="1401").name == "Härryda"
    assert all(d.child_population for d in District.objects.all())


def test_the_centres_moved_to_the_successors_but_one_closed_before(demo, db):
    moved = FamilyCentre.objects.filter(district__municipality__code="1480")
    assert {c.district.name for c in moved.open_on(timezone.localdate())} == {
        "Nordost",
        "Centrum",
        "Sydväst",
        "Hisingen",
    }
    # Closed in 2018, so it never moved: it stays in its stadsdel.
    assert moved.get(closed_on__year=2018).district.name == "Angered"
    assert moved.get(name="Hjällbo familjecentral").district.name == "Nordost"


def test_every_district_today_has_a_familjecentral_as_the_stadsdelar_did_not(demo, db):
    today = timezone.localdate()
    unmet = District.objects.active_on(today).with_familjecentral_count()
    assert not unmet.filter(familjecentral_count=0).exists()
    # Until 2020 Örgryte-Härlanda had no centre of its own.
    assert "Örgryte-Härlanda" not in {c.district for c in CENTRES}


def test_it_gives_harryda_two_familjecentraler_and_one_liknande(demo, db):

    classes = sorted(_classes("Härryda").values())

    assert classes == [
        Classification.FAMILJECENTRAL,
        Classification.FAMILJECENTRAL,
        Classification.LIKNANDE,
    ]


def test_it_has_the_named_goteborg_centres_all_marked_as_demo(demo, db):

    classes = _classes("Göteborg")
    for name in [
        "Hjällbo familjecentral",
        "Angered centrum familjecentral",
        "Lövgärdet familjecentral",
        "Bergsjön familjecentral",
        "Sandarna familjecentral",
        "Södra Biskopsgården familjecentral",
        "Sannegården familjecentral",
        "Opaltorget familjecentral",
    ]:
        assert classes[name] == Classification.FAMILJECENTRAL, name
    assert classes["Kungssten familjecentral"] == Classification.LIKNANDE
    assert not FamilyCentre.objects.filter(is_demo=False).exists()


def test_it_has_the_core_service_types_with_the_shared_codes(demo, db):

    core = ServiceType.objects.filter(is_core=True)
    assert set(core.values_list("code", flat=True)) == {
        "mvc",
        "bvc",
        "oppen-forskola",
        "socialtjanst",
    }
    assert core.get(is_child_health=True).code == "bvc"
    assert ServiceType.objects.filter(is_core=False).count() >= 4
    assert Method.objects.get(name="Familjeorienterat arbetssätt").labels.exists()
