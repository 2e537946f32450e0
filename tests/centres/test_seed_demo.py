"""`manage.py seed_demo` loads the demo register, and loading it again changes nothing."""

from __future__ import annotations

from io import StringIO

from django.apps import apps
from django.core.management import call_command
from django.utils import timezone

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

GOTEBORG_DISTRICTS = {
    "Angered",
    "Östra Göteborg",
    "Örgryte-Härlanda",
    "Centrum",
    "Majorna-Linné",
    "Askim-Frölunda-Högsbo",
    "Västra Göteborg",
    "Västra Hisingen",
    "Lundby",
    "Norra Hisingen",
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


def test_it_has_goteborgs_ten_districts_and_harryda(demo, db):

    region = Region.objects.get(code="14")
    goteborg = Municipality.objects.get(code="1480", name="Göteborg", region=region)
    assert set(goteborg.districts.values_list("name", flat=True)) == GOTEBORG_DISTRICTS
    assert Municipality.objects.get(code="1401").name == "Härryda"
    assert all(d.child_population for d in District.objects.all())


def test_it_leaves_at_least_one_district_without_a_familjecentral(demo, db):

    unmet = set(
        District.objects.with_familjecentral_count()
        .filter(familjecentral_count=0)
        .values_list("name", flat=True)
    )

    assert unmet == {"Örgryte-Härlanda", "Norra Hisingen"}


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
