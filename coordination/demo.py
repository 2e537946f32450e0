"""Demo people and governance: users for every role (password "demo"), their assignments,
steering groups (one not partsammansatt), meetings with decisions (one overdue), dilemmas,
training, and agreements for every Göteborg district with a year of joint costs.

Reads the districts and centres the centres demo created, by name; what is missing is skipped
with a message. Idempotent: everything is keyed on natural keys and updated in place.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import TextIO

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db.models import Q
from django.utils import timezone

from centres.models import District, FamilyCentre, Municipality, Principal, Profession, Region
from coordination.models import (
    ASSIGNMENT_SCOPES,
    Agreement,
    Assignment,
    Budget,
    CostCategory,
    CostEntry,
    Decision,
    DecisionStatus,
    Dilemma,
    DilemmaStatus,
    Document,
    DocumentKind,
    Meeting,
    MeetingKind,
    Role,
    SteeringGroup,
    SteeringGroupMember,
    TrainingEvent,
    TrainingLevel,
    TrainingParticipation,
    scope_kind,
)
from familjecentral.spans import is_in_force

PASSWORD = "demo"
DAY = datetime.timedelta(days=1)
K, R = Principal.MUNICIPALITY, Principal.REGION

# username, first name, last name, role, scope kind, municipality, scope name, party
PEOPLE = [
    ("samordnare.hjallbo", "Sara", "Lindqvist", Role.SAMORDNARE, "centre", "Göteborg",
     "Hjällbo familjecentral", K),
    ("samordnare.molnlycke", "Maria", "Ek", Role.SAMORDNARE, "centre", "Härryda",
     "Mölnlycke familjecentral", K),
    ("processledare.nordost", "Peter", "Holm", Role.PROCESSLEDARE, "district", "Göteborg",
     "Nordost", K),
    ("processledare.hisingen", "Amira", "Haddad", Role.PROCESSLEDARE, "district", "Göteborg",
     "Hisingen", K),
    ("koordinator.goteborg", "Karin", "Nilsson", Role.KOORDINATOR, "municipality", "Göteborg",
     "Göteborg", K),
    ("koordinator.harryda", "Johan", "Berg", Role.KOORDINATOR, "municipality", "Härryda",
     "Härryda", K),
    ("chef.nordost", "Lena", "Svensson", Role.CHEF, "district", "Göteborg", "Nordost", K),
    ("chef.goteborg", "Erik", "Johansson", Role.CHEF, "municipality", "Göteborg", "Göteborg", R),
    ("koordinator.vgr", "Ingrid", "Larsson", Role.REGIONAL_KOORDINATOR, "region", "",
     "Västra Götalandsregionen", R),
]  # fmt: skip

HSNG = "Göteborgs hälso- och sjukvårdsnämnd (HSNG), Västra Götalandsregionen"

# A minimal one-page PDF, so the demo agreement has a document to open.
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R"
    b"/Resources<</Font<</F1 5 0 R>>>>>>endobj\n"
    b"4 0 obj<</Length 58>>stream\nBT /F1 18 Tf 72 760 Td (Samverkansavtal - demodokument) Tj ET\n"
    b"endstream endobj\n5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _scope(kind: str, municipality: str, name: str):
    if kind == "region":
        return Region.objects.filter(name=name).first()
    if kind == "municipality":
        return Municipality.objects.filter(name=name).first()
    if kind == "district":
        return District.objects.filter(municipality__name=municipality, name=name).first()
    return FamilyCentre.objects.filter(district__municipality__name=municipality, name=name).first()


def _scope_fields(scope, kinds=("centre", "district", "municipality")) -> dict:
    kind = scope_kind(scope)
    return {k: (scope if k == kind else None) for k in kinds}


def _kr(value: Decimal | int | float) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("1"), ROUND_HALF_UP)


def seed_people(stdout: TextIO) -> dict:
    User = get_user_model()
    admin, _ = User.objects.update_or_create(
        username="admin",
        defaults={
            "first_name": "Anna",
            "last_name": "Administratör",
            "email": "admin@example.org",
            "is_staff": True,
            "is_superuser": True,
        },
    )
    admin.set_password(PASSWORD)
    admin.save(update_fields=["password"])
    users = {"admin": admin}
    table = [("admin", admin.get_full_name(), "Django-administratör", "Hela portalen")]
    since = datetime.date(2024, 1, 1)
    for username, first, last, role, kind, municipality, name, party in PEOPLE:
        user, _ = User.objects.update_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "email": f"{username}@example.org"},
        )
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
        users[username] = user
        scope = _scope(kind, municipality, name)
        if scope is None:
            stdout.write(
                f"  coordination: {name} is missing (run the centres demo): {username} "
                "gets no assignment"
            )
            continue
        Assignment.objects.update_or_create(
            user=user,
            role=role,
            **_scope_fields(scope, ASSIGNMENT_SCOPES),
            defaults={"party": party, "valid_from": since, "valid_to": None},
        )
        table.append((username, user.get_full_name(), str(Role(role).label), str(scope)))
    # An ended assignment, so "Mina uppdrag" shows the history too.
    hjallbo = _scope("centre", "Göteborg", "Hjällbo familjecentral")
    if hjallbo is not None:
        Assignment.objects.update_or_create(
            user=users["processledare.nordost"],
            role=Role.SAMORDNARE,
            **_scope_fields(hjallbo, ASSIGNMENT_SCOPES),
            defaults={
                "party": K,
                "valid_from": datetime.date(2019, 8, 1),
                "valid_to": datetime.date(2023, 12, 31),
            },
        )
    width = [max(len(row[i]) for row in table) for i in range(4)]
    header = ("Användarnamn", "Namn", "Roll", "Ansvarsområde")
    width = [max(w, len(h)) for w, h in zip(width, header, strict=True)]
    stdout.write(f'  Demo users (password "{PASSWORD}"):')
    for row in [header, *table]:
        line = "  ".join(v.ljust(w) for v, w in zip(row, width, strict=True))
        stdout.write(f"    {line.rstrip()}")
    return users


def _member(group: SteeringGroup, party: str, *, user=None, name="", title="", org="") -> None:
    key = {"user": user} if user is not None else {"name": name, "user": None}
    SteeringGroupMember.objects.update_or_create(
        group=group, **key, defaults={"title": title, "organisation": org, "party": party}
    )


def seed_steering_groups(users: dict) -> dict:
    groups = {}
    specs = [
        ("goteborg", "Styrgrupp familjecentrerat arbete Göteborg", ("municipality", "Göteborg",
         "Göteborg"), "Stadsövergripande styrgrupp enligt avsiktsförklaringen 2016."),
        ("angered", "Styrgrupp familjecentraler Nordost", ("district", "Göteborg", "Nordost"),
         "Lokal styrgrupp för familjecentralerna i Nordost (Angered och Östra Göteborg)."),
        ("hjallbo", "Ledningsgrupp Hjällbo familjecentral", ("centre", "Göteborg",
         "Hjällbo familjecentral"), "Enhetschefernas ledningsgrupp på familjecentralen."),
        ("harryda", "Styrgrupp familjecentraler Härryda", ("municipality", "Härryda", "Härryda"),
         "Styrgrupp för Härrydas familjecentraler."),
    ]  # fmt: skip
    for key, name, (kind, municipality, scope_name), description in specs:
        scope = _scope(kind, municipality, scope_name)
        if scope is None:
            continue
        groups[key], _ = SteeringGroup.objects.update_or_create(
            name=name, defaults={**_scope_fields(scope), "description": description}
        )
    if "goteborg" in groups:
        g = groups["goteborg"]
        _member(g, R, user=users["chef.goteborg"], title="Avdelningschef", org=HSNG)
        _member(g, K, user=users["koordinator.goteborg"], title="Övergripande koordinator",
                org="Göteborgs Stad, stadsledningskontoret")  # fmt: skip
        _member(g, K, name="Sektorchef individ och familj", title="Sektorchef",
                org="Göteborgs Stad")  # fmt: skip
        _member(g, R, name="Verksamhetschef barnhälsovård", title="Verksamhetschef",
                org="Västra Götalandsregionen, Närhälsan")  # fmt: skip
    if "angered" in groups:
        g = groups["angered"]
        _member(g, K, user=users["chef.nordost"], title="Sektorchef",
                org="Socialförvaltningen Nordost")  # fmt: skip
        _member(g, K, user=users["processledare.nordost"], title="Processledare",
                org="Socialförvaltningen Nordost")  # fmt: skip
        _member(g, R, name="Vårdcentralschef Hjällbo", title="Vårdcentralschef",
                org="Närhälsan Hjällbo vårdcentral")  # fmt: skip
        _member(g, R, name="Barnmorskemottagningens chef", title="Enhetschef",
                org="Närhälsan Angered barnmorskemottagning")  # fmt: skip
    if "hjallbo" in groups:  # only the municipality's managers: not partsammansatt
        g = groups["hjallbo"]
        _member(g, K, name="Enhetschef öppen förskola", title="Enhetschef",
                org="Socialförvaltningen Nordost")  # fmt: skip
        _member(g, K, name="Enhetschef förebyggande socialtjänst", title="Enhetschef",
                org="Socialförvaltningen Nordost")  # fmt: skip
        _member(g, K, user=users["samordnare.hjallbo"], title="Samordnare",
                org="Socialförvaltningen Nordost")  # fmt: skip
    if "harryda" in groups:
        g = groups["harryda"]
        _member(g, K, user=users["koordinator.harryda"], title="Övergripande koordinator",
                org="Härryda kommun")  # fmt: skip
        _member(g, K, name="Sektorchef socialtjänst", title="Sektorchef", org="Härryda kommun")
        _member(g, R, name="Verksamhetschef Närhälsan Mölnlycke", title="Verksamhetschef",
                org="Västra Götalandsregionen, Närhälsan")  # fmt: skip
    return groups


def _meeting(kind, scope, date, *, title="", group=None, **fields) -> Meeting:
    meeting, _ = Meeting.objects.update_or_create(
        kind=kind,
        title=title,
        steering_group=group,
        defaults={**_scope_fields(scope), "date": date, **fields},
    )
    return meeting


def _decision(meeting: Meeting, text: str, responsible, due: datetime.date, status) -> None:
    Decision.objects.update_or_create(
        meeting=meeting,
        text=text,
        defaults={"responsible": responsible, "due_date": due, "status": status},
    )


def seed_meetings(users: dict, groups: dict, today: datetime.date) -> None:
    goteborg = _scope("municipality", "Göteborg", "Göteborg")
    angered = _scope("district", "Göteborg", "Nordost")
    if "angered" in groups:
        m = _meeting(
            MeetingKind.STEERING_GROUP,
            angered,
            today - 60 * DAY,
            group=groups["angered"],
            participants="Sektorchef, processledare, vårdcentralschef och chefen för "
            "barnmorskemottagningen",
            participants_municipality=3,
            participants_region=2,
            agenda="1. Lokalfrågan i Hjällbo\n2. Uppföljning tertial 2\n3. Kompetensutveckling",
            minutes="Styrgruppen konstaterade att väntrummet är för litet för gemensamma "
            "öppettider. Processledaren får i uppdrag att ta fram en lokalplan.",
        )
        _decision(
            m,
            "Ta fram en gemensam lokalplan för Hjällbo familjecentral.",
            users["processledare.nordost"],
            today - 14 * DAY,
            DecisionStatus.OPEN,
        )
        _decision(
            m,
            "Redovisa besöksstatistiken för tertial 2 till styrgruppen.",
            users["samordnare.hjallbo"],
            today - 30 * DAY,
            DecisionStatus.DONE,
        )
        _decision(
            m,
            "Planera en gemensam utbildningsdag om Barnkonventionen.",
            users["processledare.nordost"],
            today + 45 * DAY,
            DecisionStatus.OPEN,
        )
    if "goteborg" in groups:
        m = _meeting(
            MeetingKind.STEERING_GROUP,
            goteborg,
            today - 30 * DAY,
            group=groups["goteborg"],
            participants="Representanter för HSNG och stadsledningskontoret",
            participants_municipality=2,
            participants_region=2,
            agenda="1. Avtal som löper ut\n2. Fördelning av gemensamma kostnader 50/50",
        )
        _decision(
            m,
            "Förbered förlängning av samverkansavtalet för Hisingen.",
            users["koordinator.goteborg"],
            today + 30 * DAY,
            DecisionStatus.OPEN,
        )
        _decision(
            m,
            "Stäm av kostnadsfördelningen för första halvåret.",
            users["koordinator.goteborg"],
            today - 90 * DAY,
            DecisionStatus.DONE,
        )
    if goteborg is not None:
        _meeting(
            MeetingKind.NETWORK,
            goteborg,
            today - 10 * DAY,
            title="Nätverksträff för processledare och samordnare",
            participants_municipality=14,
            participants_region=3,
            agenda="Erfarenhetsutbyte om föräldragrupper och språkstimulerande aktiviteter.",
        )
        _meeting(
            MeetingKind.DIALOGUE,
            goteborg,
            today - 120 * DAY,
            title="Årlig dialog mellan HSNG och stadsdelsnämnderna",
            participants_municipality=10,
            participants_region=6,
            agenda="Måluppfyllelse, likvärdighet mellan stadsdelarna och avtalens fortsättning.",
        )
    if angered is not None:
        _meeting(
            MeetingKind.WORKING_GROUP,
            angered,
            today - 20 * DAY,
            title="Arbetsgruppen i Angered",
            participants_municipality=4,
            participants_region=3,
            agenda="Genomgång av dilemmaloggen.",
        )
    if "harryda" in groups:
        m = _meeting(
            MeetingKind.STEERING_GROUP,
            _scope("municipality", "Härryda", "Härryda"),
            today - 45 * DAY,
            group=groups["harryda"],
            participants_municipality=2,
            participants_region=1,
            agenda="1. Ny samordnare i Mölnlycke\n2. Uppföljningsrapporter",
        )
        _decision(
            m,
            "Utse en kontaktperson för familjecentralen i Landvetter.",
            users["koordinator.harryda"],
            today + 20 * DAY,
            DecisionStatus.OPEN,
        )


def seed_dilemmas(users: dict, today: datetime.date) -> None:
    specs = [
        ("Göteborg", "Nordost", "Delat väntrum för BVC och öppen förskola", "samordnare.hjallbo",
         today - 75 * DAY, DilemmaStatus.PROPOSAL,
         "När BVC har drop-in samtidigt som öppna förskolan har sångstund blir väntrummet "
         "överfullt.",
         "Förskjuta sångstunden en halvtimme och skylta om väntrummet.", "", None),
        ("Göteborg", "Nordost", "Olika dokumentationssystem försvårar samordnade besök",
         "processledare.nordost", today - 40 * DAY, DilemmaStatus.OPEN,
         "Region och kommun bokar i olika system och ser inte varandras lediga tider.",
         "", "", None),
        ("Göteborg", "Centrum", "Vem betalar lokalen när MVC flyttar ut?", "koordinator.goteborg",
         today - 200 * DAY, DilemmaStatus.SOLVED,
         "Hyresavtalet löper vidare trots att mödrahälsovården flyttar.",
         "Dela hyran 50/50 enligt avtalet tills lokalen är omförhandlad.",
         "Styrgruppen beslutade att hyran delas 50/50 till årsskiftet.", today - 150 * DAY),
        ("Härryda", "Mölnlycke", "Tolk vid gemensamma föräldragrupper", "samordnare.molnlycke",
         today - 90 * DAY, DilemmaStatus.DECIDED,
         "Oklart vilken part som bokar och bekostar tolk när grupperna leds gemensamt.",
         "Den part som leder gruppen bokar tolk; kostnaden delas.",
         "Beslut i styrgruppen: kostnaden delas lika och bokas av kommunen.", today - 45 * DAY),
    ]  # fmt: skip
    for (municipality, district_name, title, username, raised, status, description, proposal,
         decision, decided) in specs:  # fmt: skip
        district = _scope("district", municipality, district_name)
        if district is None:
            continue
        Dilemma.objects.update_or_create(
            district=district,
            title=title,
            defaults={
                "raised_by": users[username],
                "raised_on": raised,
                "status": status,
                "description": description,
                "proposed_solution": proposal,
                "decision": decision,
                "decided_on": decided,
            },
        )


def seed_training(today: datetime.date) -> None:
    professions = {p.name: p for p in Profession.objects.all()}
    specs = [
        ("Barnkonventionen i praktiken", ("municipality", "Göteborg", "Göteborg"),
         today - 70 * DAY, TrainingLevel.BOTH, "Göteborgs Stad och Västra Götalandsregionen",
         ["BVC-sjuksköterska", "Barnmorska", "Förskollärare", "Socionom"],
         [("Göteborg", "Nordost", 16, 10), ("Göteborg", "Centrum", 5, 3),
          ("Göteborg", "Hisingen", 4, 4)]),
        ("Ledarskap i samverkan – chefsdag", ("municipality", "Göteborg", "Göteborg"),
         today - 150 * DAY, TrainingLevel.MANAGERS, "HSNG och stadsledningskontoret", [],
         [("Göteborg", "Nordost", 2, 2), ("Göteborg", "Hisingen", 1, 2),
          ("Göteborg", "Centrum", 2, 1)]),
        ("Vägledande samspel (ICDP), grundutbildning", ("municipality", "Härryda", "Härryda"),
         today - 40 * DAY, TrainingLevel.STAFF, "Härryda kommun",
         ["Förskollärare", "Barnskötare", "BVC-sjuksköterska"],
         [("Härryda", "Mölnlycke", 7, 3), ("Härryda", "Landvetter", 4, 2)]),
    ]  # fmt: skip
    for title, (kind, municipality, name), date, level, organiser, profs, counts in specs:
        scope = _scope(kind, municipality, name)
        if scope is None:
            continue
        event, _ = TrainingEvent.objects.update_or_create(
            title=title,
            defaults={
                **_scope_fields(scope, ("district", "municipality")),
                "date": date,
                "level": level,
                "organiser": organiser,
            },
        )
        event.professions.set([professions[p] for p in profs if p in professions])
        for m, district_name, kommun, region in counts:
            district = _scope("district", m, district_name)
            if district is None:
                continue
            for party, count in ((K, kommun), (R, region)):
                TrainingParticipation.objects.update_or_create(
                    event=event, district=district, party=party, defaults={"count": count}
                )


def seed_agreements(today: datetime.date, stdout: TextIO) -> None:
    districts = list(
        District.objects.active_on(today).filter(municipality__name="Göteborg").order_by("name")
    )
    if not districts:
        stdout.write("  coordination: no Göteborg districts (run the centres demo): no agreements")
    # Dates follow today, so the demo looks the same whenever it is loaded.
    for index, district in enumerate(districts):
        # Hisingen's agreement runs out in five weeks: "löper ut" on the start page.
        valid_to = today + 38 * DAY if district.name == "Hisingen" else None
        agreement, _ = Agreement.objects.update_or_create(
            district=district,
            title=f"Samverkansavtal familjecentral {district.name}",
            defaults={
                "municipality": None,
                "party_region": HSNG,
                "party_municipality": f"Stadsdelsnämnden {district.name}",
                "valid_from": datetime.date(today.year - 2, 1, 1),
                "valid_to": valid_to or datetime.date(today.year + 1, 12, 31),
                "share_region_percent": Decimal("50"),
                "share_municipality_percent": Decimal("50"),
                "note": "Finansieringsprincipen för gemensamma resurser är 50/50 mellan parterna.",
            },
        )
        if district.name == "Nordost" and not agreement.document:
            agreement.document.save("samverkansavtal-nordost.pdf", ContentFile(DEMO_PDF))
        _seed_costs(agreement, Decimal(1) + Decimal(index) * Decimal("0.07"), today)
    harryda = _scope("municipality", "Härryda", "Härryda")
    if harryda is not None:
        agreement, _ = Agreement.objects.update_or_create(
            municipality=harryda,
            title="Samverkansavtal familjecentraler Härryda",
            defaults={
                "district": None,
                "party_region": "Västra Götalandsregionen, Närhälsan",
                "party_municipality": "Härryda kommun, sektor för socialtjänst",
                "valid_from": datetime.date(today.year - 1, 1, 1),
                "valid_to": datetime.date(today.year + 2, 12, 31),
                "share_region_percent": Decimal("40"),
                "share_municipality_percent": Decimal("60"),
            },
        )
        _seed_costs(agreement, Decimal("0.8"), today)


def _last_twelve_months(today: datetime.date) -> list[tuple[int, int]]:
    """(year, month) of the 12 months up to and including today's, oldest first."""
    index = today.year * 12 + today.month - 1
    return [(i // 12, i % 12 + 1) for i in range(index - 11, index + 1)]


def _seed_costs(agreement: Agreement, factor: Decimal, today: datetime.date) -> None:
    """The 12 months up to today (a full year whatever the month it is seeded in): the
    processledare's salary each month (the municipality pays), quarterly rent (the region pays),
    material in March, a training day and printed matter in September. Only dates inside the
    agreement's validity, as the cost form requires."""
    rows = []
    for year, month in _last_twelve_months(today):
        rows.append((datetime.date(year, month, 1), CostCategory.STAFF, 31_500, K,
                     "Processledare, halvtid"))  # fmt: skip
        if month in (1, 4, 7, 10):
            rows.append((datetime.date(year, month, 1), CostCategory.PREMISES, 42_600, R,
                         "Hyra gemensamma lokaler, kvartal"))  # fmt: skip
        if month == 3:
            rows.append((datetime.date(year, 3, 12), CostCategory.MATERIAL, 4_275, K,
                         "Lekmaterial öppna förskolan"))  # fmt: skip
        if month == 9:
            rows.append((datetime.date(year, 9, 18), CostCategory.TRAINING, 18_900, R,
                         "Utbildningsdag Barnkonventionen"))  # fmt: skip
            rows.append((datetime.date(year, 9, 30), CostCategory.OTHER, 2_340, K,
                         "Trycksaker på flera språk"))  # fmt: skip
    start, end = agreement.valid_from, agreement.valid_to
    for date, category, amount, paid_by, note in rows:
        if date > today or not is_in_force(start, end, date):
            continue
        CostEntry.objects.update_or_create(
            agreement=agreement,
            date=date,
            category=category,
            paid_by=paid_by,
            defaults={"amount": _kr(amount * factor), "note": note},
        )
    # This year's budget: staff a little under what the year costs (the demo's overspend),
    # premises and training with room to spare; no budget for "other".
    budget = {
        CostCategory.STAFF: 360_000,
        CostCategory.PREMISES: 180_000,
        CostCategory.TRAINING: 25_000,
        CostCategory.MATERIAL: 5_000,
    }
    if is_in_force(start, end, datetime.date(today.year, 1, 1), datetime.date(today.year, 12, 31)):
        for category, amount in budget.items():
            Budget.objects.update_or_create(
                agreement=agreement,
                year=today.year,
                category=category,
                defaults={"amount": _kr(amount * factor)},
            )


def seed(stdout: TextIO) -> None:
    today = timezone.localdate()
    users = seed_people(stdout)
    groups = seed_steering_groups(users)
    seed_meetings(users, groups, today)
    seed_dilemmas(users, today)
    seed_training(today)
    seed_agreements(today, stdout)
    seed_documents(users, groups)
    stdout.write(
        f"  coordination: {Assignment.objects.count()} assignments, "
        f"{SteeringGroup.objects.count()} steering groups, {Meeting.objects.count()} meetings, "
        f"{Decision.objects.count()} decisions, {Dilemma.objects.count()} dilemmas, "
        f"{TrainingEvent.objects.count()} training events, {Agreement.objects.count()} "
        f"agreements, {CostEntry.objects.count()} cost entries, "
        f"{Document.objects.count()} documents"
    )


# The document library: (title, kind, version, valid from, what it is kept for, its file name).
# A place is ("region" | "municipality" | "district", municipality, name), ("steering_group",
# key of `seed_steering_groups`) or ("assignment", username).
DOCUMENTS = [
    ("Definition av familjecentrerat arbetssätt", DocumentKind.STYRDOKUMENT, "1.0",
     datetime.date(2013, 5, 30), ("region", "", "Västra Götalandsregionen"),
     "definition-familjecentrerat-arbetssatt.pdf"),
    ("Avsiktsförklaring familjecentrerat arbetssätt och familjecentraler",
     DocumentKind.AVSIKTSFORKLARING, "2016", datetime.date(2016, 1, 1),
     ("municipality", "Göteborg", "Göteborg"), "avsiktsforklaring-goteborg-2016.pdf"),
    ("Initiativärende om familjecentraler", DocumentKind.STYRDOKUMENT, "2022",
     datetime.date(2022, 3, 1), ("municipality", "Härryda", "Härryda"),
     "initiativarende-harryda-2022.pdf"),
    ("Uppdrag för styrgruppen för familjecentraler i Nordost", DocumentKind.UPPDRAGSBESKRIVNING,
     "2.1", datetime.date(2024, 1, 1), ("steering_group", "angered"),
     "uppdrag-styrgrupp-angered.pdf"),
    ("Uppdragsbeskrivning processledare familjecentrerat arbete",
     DocumentKind.UPPDRAGSBESKRIVNING, "2024", datetime.date(2024, 1, 1),
     ("assignment", "processledare.nordost"), "uppdragsbeskrivning-processledare.pdf"),
    ("Protokoll från styrgruppsmöte i Nordost", DocumentKind.MOTESPROTOKOLL, "",
     datetime.date(2026, 2, 12), ("district", "Göteborg", "Nordost"),
     "protokoll-styrgrupp-nordost.pdf"),
]  # fmt: skip


def seed_documents(users: dict, groups: dict) -> None:
    """The library's documents, each with a small PDF; Göteborg's agreements rest on its
    avsiktsförklaring."""
    for title, kind, version, valid_from, place, filename in DOCUMENTS:
        if place[0] == "steering_group":
            where = {"steering_group": groups.get(place[1])}
        elif place[0] == "assignment":
            where = {
                "assignment": Assignment.objects.filter(
                    user=users.get(place[1]), role=Role.PROCESSLEDARE
                ).first()
            }
        else:
            where = {place[0]: _scope(*place)}
        if None in where.values():
            continue
        document, _created = Document.objects.update_or_create(
            title=title,
            kind=kind,
            defaults={
                **dict.fromkeys(
                    ("region", "municipality", "district", "steering_group", "assignment")
                ),
                **where,
                "version": version,
                "valid_from": valid_from,
                "uploaded_by": users.get("admin"),
            },
        )
        if not document.file:
            document.file.save(filename, ContentFile(DEMO_PDF))
        if kind == DocumentKind.AVSIKTSFORKLARING:
            Agreement.objects.filter(
                Q(municipality=document.municipality)
                | Q(district__municipality=document.municipality)
            ).update(intent_document=document)
