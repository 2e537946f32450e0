"""Demo register: Västra Götalandsregionen, Göteborg's ten stadsdelar of 2011–2020 with the four
geographic areas that succeeded them in 2021 (the centres moved to them), and Härryda.

Idempotent: every object is looked up by its natural key (update_or_create), so running the
seed again updates, never doubles. Names, addresses and figures are realistic examples, not
the real register. Until 2020 two Göteborg stadsdelar lacked a familjecentral on purpose
(Örgryte-Härlanda had no centre, Norra Hisingen only a familjecentralsliknande verksamhet), so
the rule "at least one familjecentral in every district" was not met then.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TextIO

from django.utils import timezone

from centres.models import (
    CentreService,
    District,
    DistrictPopulation,
    EvidenceLevel,
    FamilyCentre,
    MeetingPlace,
    MeetingPlaceKind,
    Method,
    MethodLabel,
    Municipality,
    Principal,
    Profession,
    Region,
    ServiceType,
    Staffing,
)

D = datetime.date

REGION = ("14", "Västra Götalandsregionen")

# (code, name, short name, principal, is_core, is_child_health, description)
SERVICE_TYPES = [
    (
        "mvc",
        "Mödrahälsovård",
        "MVC",
        Principal.REGION,
        True,
        False,
        "Barnmorskemottagning: hälsovård för blivande föräldrar under graviditeten.",
    ),
    (
        "bvc",
        "Barnhälsovård",
        "BVC",
        Principal.REGION,
        True,
        True,
        "Hälsobesök, vaccinationer och föräldrastöd för barn 0–5 år.",
    ),
    (
        "oppen-forskola",
        "Öppen förskola",
        "ÖF",
        Principal.MUNICIPALITY,
        True,
        False,
        "Pedagogisk mötesplats för barn och föräldrar, utan inskrivning.",
    ),
    (
        "socialtjanst",
        "Socialtjänst med förebyggande inriktning",
        "SOC",
        Principal.MUNICIPALITY,
        True,
        False,
        "Rådgivning och stöd i föräldraskapet utan biståndsbeslut.",
    ),
    (
        "familjeradgivning",
        "Familjerådgivning",
        "",
        Principal.MUNICIPALITY,
        False,
        False,
        "Samtal för par och familjer om relationen.",
    ),
    (
        "tandvard",
        "Tandvård",
        "",
        Principal.REGION,
        False,
        False,
        "Folktandvårdens förebyggande information till små barn och deras föräldrar.",
    ),
    (
        "bibliotek",
        "Bibliotek",
        "",
        Principal.MUNICIPALITY,
        False,
        False,
        "Språkfrämjande arbete, sagostunder och Bokstart.",
    ),
    (
        "psykolog",
        "Psykolog / BUP-närverksamhet",
        "",
        Principal.REGION,
        False,
        False,
        "Tidiga samtal om barns psykiska hälsa, i samverkan med BUP.",
    ),
    (
        "foraldrastod",
        "Föräldraskapsstöd",
        "",
        Principal.MUNICIPALITY,
        False,
        False,
        "Föräldragrupper och program för stöd i föräldraskapet.",
    ),
]

PROFESSIONS = [
    "Barnmorska",
    "BVC-sjuksköterska",
    "Barnläkare",
    "Förskollärare",
    "Barnskötare",
    "Socionom",
    "Familjebehandlare",
    "Psykolog",
    "Familjerådgivare",
    "Tandhygienist",
    "Bibliotekarie",
]

# Staffing per service type (profession, FTE) unless a centre says otherwise.
STAFFING = {
    "mvc": [("Barnmorska", "1.5")],
    "bvc": [("BVC-sjuksköterska", "2.5"), ("Barnläkare", "0.2")],
    "oppen-forskola": [("Förskollärare", "2.0"), ("Barnskötare", "1.0")],
    "socialtjanst": [("Socionom", "1.0"), ("Familjebehandlare", "0.5")],
    "familjeradgivning": [("Familjerådgivare", "0.2")],
    "tandvard": [("Tandhygienist", "0.1")],
    "bibliotek": [("Bibliotekarie", "0.2")],
    "psykolog": [("Psykolog", "0.5")],
    "foraldrastod": [("Familjebehandlare", "0.5")],
}

LABELS = [
    "Arbetssätt",
    "Barnhälsovård",
    "Familj- och närståendestöd",
    "Familjecentral",
    "Föräldraskapsstöd",
    "Gruppverksamhet",
    "Hembesök",
    "Hälsofrämjande insatser",
    "Missbruk och beroende",
    "Samspel och anknytning",
    "Socialtjänst",
    "Språkutveckling",
]

# (name, target group, evidence level, labels, summary)
METHODS = [
    (
        "Familjeorienterat arbetssätt",
        "Samtliga individer i familjer där minst en individ har missbruk eller beroende.",
        EvidenceLevel.DEVELOPING,
        [
            "Arbetssätt",
            "Familjecentral",
            "Familj- och närståendestöd",
            "Missbruk och beroende",
            "Socialtjänst",
        ],
        "Arbetssätt som bygger på intern samordning mellan verksamhetens enheter och fokus på "
        "barn- och föräldraperspektivet under utredningar och insatser. Insatser utreds, bedöms "
        "och beviljas samordnat mellan olika verksamheter i socialtjänsten; grundtanken är att "
        "minska riskfaktorer och stärka skyddsfaktorer i familjen. Kunskapsläge: området är "
        "under utveckling och därför saknas det i dag evidens. Metoder har utvecklats på flera "
        "håll i landet.",
    ),
    (
        "Familjecentrerat arbetssätt",
        "Barn och unga och deras vårdnadshavare.",
        EvidenceLevel.UNKNOWN,
        ["Arbetssätt", "Familjecentral", "Hälsofrämjande insatser"],
        "Insatser för barn och unga tar sin utgångspunkt i hela familjen och deras "
        "levnadsvillkor. Målet är att förbättra uppväxtvillkoren för barn och unga genom att "
        "stärka familjen. Familjen ska alltid uppleva att de kommit rätt med sina frågor "
        "(definition av Temagrupp Barn och unga, Göteborg 2013).",
    ),
    (
        "ABC – Alla Barn i Centrum",
        "Föräldrar till barn 3–12 år.",
        EvidenceLevel.PROMISING,
        ["Föräldraskapsstöd", "Gruppverksamhet", "Hälsofrämjande insatser"],
        "Föräldraskapsstödsprogram i grupp med fyra träffar om att stärka relationen mellan "
        "förälder och barn.",
    ),
    (
        "Vägledande samspel (ICDP)",
        "Föräldrar och andra viktiga vuxna kring barn 0–18 år.",
        EvidenceLevel.PROMISING,
        ["Föräldraskapsstöd", "Samspel och anknytning", "Gruppverksamhet"],
        "Program som stärker samspelet mellan vuxna och barn genom åtta teman om känslomässig "
        "kommunikation, meningsskapande och vägledning.",
    ),
    (
        "Föräldrastöd i grupp",
        "Blivande och nyblivna föräldrar.",
        EvidenceLevel.UNKNOWN,
        ["Föräldraskapsstöd", "Gruppverksamhet", "Barnhälsovård"],
        "Föräldragrupper som mödra- och barnhälsovården leder tillsammans med öppen förskola "
        "och socialtjänst.",
    ),
    (
        "Hembesök i samverkan BVC–socialtjänst",
        "Förstagångsföräldrar med barn 0–15 månader.",
        EvidenceLevel.PROMISING,
        ["Hembesök", "Barnhälsovård", "Socialtjänst"],
        "Utökat hembesöksprogram där BVC-sjuksköterska och föräldrarådgivare från socialtjänsten "
        "gör sex hembesök under barnets första femton månader.",
    ),
    (
        "Bokstart",
        "Familjer med barn 0–3 år.",
        EvidenceLevel.PROMISING,
        ["Språkutveckling"],
        "Biblioteket och barnhälsovården främjar barns språkutveckling med böcker, läsråd och "
        "hembesök.",
    ),
]

# Göteborg's stadsdelar 2011–2020 with children aged 0–5 (rounded, demo figures) and the
# geographic area that took over each on 2021-01-01. The stadsdel Centrum is named apart from
# the area Centrum: a municipality's districts have names of their own.
GOTEBORG_DISTRICTS = [
    ("Angered", 5180, "Nordost"),
    ("Östra Göteborg", 4620, "Nordost"),
    ("Örgryte-Härlanda", 3960, "Centrum"),
    ("Centrum (stadsdel)", 3150, "Centrum"),
    ("Majorna-Linné", 4310, "Centrum"),
    ("Askim-Frölunda-Högsbo", 4480, "Sydväst"),
    ("Västra Göteborg", 3790, "Sydväst"),
    ("Västra Hisingen", 4720, "Hisingen"),
    ("Lundby", 3560, "Hisingen"),
    ("Norra Hisingen", 3280, "Hisingen"),
]
STADSDELAR_FROM, STADSDELAR_TO, AREAS_FROM = D(2011, 1, 1), D(2020, 12, 31), D(2021, 1, 1)
HARRYDA_DISTRICTS = [("Mölnlycke", 1890, None), ("Landvetter", 1040, None)]

FULL = ["mvc", "bvc", "oppen-forskola", "socialtjanst"]

# Larger centres have more staff: staffing FTE is multiplied by this (default 1).
SIZE = {
    "Hjällbo familjecentral": Decimal("1.4"),
    "Bergsjön familjecentral": Decimal("1.3"),
    "Södra Biskopsgården familjecentral": Decimal("1.3"),
    "Angered centrum familjecentral": Decimal("1.2"),
    "Kortedala familjecentral": Decimal("0.8"),
    "Guldhedens familjeträff": Decimal("0.6"),
    "Råda familjeträff": Decimal("0.6"),
}


@dataclass
class Service:
    code: str
    provider: str
    co_located: bool = True
    started_on: datetime.date | None = None
    ended_on: datetime.date | None = None
    staffing: list[tuple[str, str]] | None = None


@dataclass
class Centre:
    municipality: str
    district: str
    name: str
    street: str
    postal_code: str
    city: str
    phone: str
    opened_on: datetime.date
    services: list[Service]
    methods: list[str] = field(default_factory=list)
    closed_on: datetime.date | None = None
    description: str = ""


def _gbg(area: str, codes: list[str], opened: datetime.date, extra: dict | None = None) -> list:
    """The usual providers in Göteborg for a centre in `area` (stadsdel and Närhälsan unit)."""
    district = extra.pop("district") if extra and "district" in extra else area
    providers = {
        "mvc": f"Västra Götalandsregionen, Närhälsan {area} barnmorskemottagning",
        "bvc": f"Västra Götalandsregionen, Närhälsan {area} BVC",
        "oppen-forskola": f"Göteborgs Stad, stadsdelsförvaltningen {district}",
        "socialtjanst": f"Göteborgs Stad, stadsdelsförvaltningen {district}, "
        "individ- och familjeomsorg",
        "familjeradgivning": "Göteborgs Stad, Familjerådgivningen",
        "tandvard": f"Folktandvården {area}",
        "bibliotek": f"Göteborgs Stad, {area} bibliotek",
        "psykolog": "Västra Götalandsregionen, BUP Göteborg",
        "foraldrastod": f"Göteborgs Stad, stadsdelsförvaltningen {district}",
    }
    return [Service(code, providers[code], started_on=opened) for code in codes]


def _harryda(area: str, codes: list[str], opened: datetime.date) -> list:
    providers = {
        "mvc": f"Västra Götalandsregionen, Närhälsan {area} barnmorskemottagning",
        "bvc": f"Västra Götalandsregionen, Närhälsan {area} BVC",
        "oppen-forskola": "Härryda kommun, förskoleverksamheten",
        "socialtjanst": "Härryda kommun, individ- och familjeomsorgen",
        "bibliotek": f"Härryda kommun, {area} bibliotek",
        "familjeradgivning": "Härryda kommun, familjerådgivningen",
    }
    return [Service(code, providers[code], started_on=opened) for code in codes]


CENTRES = [
    Centre(
        "1480",
        "Angered",
        "Hjällbo familjecentral",
        "Hjällbotorget 2",
        "424 38",
        "Angered",
        "031-365 10 00",
        D(2012, 9, 1),
        _gbg(
            "Hjällbo",
            [*FULL, "tandvard", "bibliotek", "psykolog"],
            D(2012, 9, 1),
            {"district": "Angered"},
        ),
        [
            "Familjecentrerat arbetssätt",
            "Hembesök i samverkan BVC–socialtjänst",
            "Bokstart",
            "Vägledande samspel (ICDP)",
        ],
        description="Familjecentral vid Hjällbo torg med mödra- och barnhälsovård, öppen "
        "förskola och socialtjänst. Språkfrämjande arbete tillsammans med biblioteket.",
    ),
    Centre(
        "1480",
        "Angered",
        "Angered centrum familjecentral",
        "Angereds Torg 13",
        "424 65",
        "Angered",
        "031-365 10 50",
        D(2014, 3, 1),
        _gbg("Angered", [*FULL, "familjeradgivning", "foraldrastod"], D(2014, 3, 1)),
        ["Familjecentrerat arbetssätt", "ABC – Alla Barn i Centrum", "Föräldrastöd i grupp"],
    ),
    Centre(
        "1480",
        "Angered",
        "Lövgärdet familjecentral",
        "Lövgärdets centrum 6",
        "424 47",
        "Angered",
        "031-365 11 20",
        D(2016, 1, 11),
        _gbg("Lövgärdet", FULL, D(2016, 1, 11), {"district": "Angered"}),
        ["Familjecentrerat arbetssätt", "Föräldrastöd i grupp"],
    ),
    Centre(
        "1480",
        "Angered",
        "Hammarkullen familjecentral",
        "Hammarkulletorget 62",
        "424 37",
        "Angered",
        "",
        D(2009, 8, 17),
        _gbg("Hammarkullen", FULL, D(2009, 8, 17), {"district": "Angered"}),
        ["Familjecentrerat arbetssätt"],
        closed_on=D(2018, 6, 30),
        description="Verksamheten flyttade till Lövgärdet och Hjällbo 2018.",
    ),
    Centre(
        "1480",
        "Östra Göteborg",
        "Bergsjön familjecentral",
        "Rymdtorget 6",
        "415 13",
        "Göteborg",
        "031-365 60 00",
        D(2013, 2, 4),
        [
            *_gbg(
                "Bergsjön",
                [*FULL, "tandvard", "psykolog"],
                D(2013, 2, 4),
                {"district": "Östra Göteborg"},
            ),
            Service(
                "familjeradgivning",
                "Göteborgs Stad, Familjerådgivningen",
                started_on=D(2013, 2, 4),
                ended_on=D(2019, 12, 31),
            ),
        ],
        [
            "Familjecentrerat arbetssätt",
            "Hembesök i samverkan BVC–socialtjänst",
            "ABC – Alla Barn i Centrum",
            "Familjeorienterat arbetssätt",
        ],
    ),
    Centre(
        "1480",
        "Östra Göteborg",
        "Kortedala familjecentral",
        "Kortedala torg 4",
        "415 14",
        "Göteborg",
        "031-365 60 40",
        D(2015, 8, 24),
        [
            *_gbg(
                "Kortedala",
                ["bvc", "oppen-forskola"],
                D(2015, 8, 24),
                {"district": "Östra Göteborg"},
            ),
            Service(
                "mvc",
                "Västra Götalandsregionen, Närhälsan Gamlestaden barnmorskemottagning",
                co_located=False,
                started_on=D(2015, 8, 24),
            ),
            Service(
                "socialtjanst",
                "Göteborgs Stad, stadsdelsförvaltningen Östra Göteborg, individ- och familjeomsorg",
                started_on=D(2015, 8, 24),
                ended_on=D(2020, 6, 30),
            ),
        ],
        ["Föräldrastöd i grupp"],
        description="Socialtjänstens förebyggande verksamhet flyttade till Bergsjön 2020.",
    ),
    Centre(
        "1480",
        "Centrum (stadsdel)",
        "Familjecentralen Centrum",
        "Stampgatan 20",
        "411 01",
        "Göteborg",
        "031-365 00 00",
        D(2017, 10, 2),
        _gbg("Centrum", [*FULL, "familjeradgivning"], D(2017, 10, 2)),
        ["Familjecentrerat arbetssätt", "Vägledande samspel (ICDP)"],
    ),
    Centre(
        "1480",
        "Centrum (stadsdel)",
        "Guldhedens familjeträff",
        "Doktor Allards gata 8",
        "413 24",
        "Göteborg",
        "",
        D(2016, 9, 5),
        _gbg(
            "Guldheden", ["oppen-forskola", "socialtjanst"], D(2016, 9, 5), {"district": "Centrum"}
        ),
        ["Föräldrastöd i grupp"],
        description="Öppen förskola med socialtjänstens föräldrarådgivning, utan BVC.",
    ),
    Centre(
        "1480",
        "Majorna-Linné",
        "Kungssten familjecentral",
        "Kungsstens torg 3",
        "414 79",
        "Göteborg",
        "031-365 80 10",
        D(2014, 4, 7),
        [
            *_gbg(
                "Kungssten", ["bvc", "oppen-forskola"], D(2014, 4, 7), {"district": "Majorna-Linné"}
            ),
            Service(
                "mvc",
                "Västra Götalandsregionen, Närhälsan Majorna barnmorskemottagning",
                co_located=False,
                started_on=D(2014, 4, 7),
            ),
        ],
        ["Bokstart"],
    ),
    Centre(
        "1480",
        "Majorna-Linné",
        "Sandarna familjecentral",
        "Sandarnas torg 4",
        "414 76",
        "Göteborg",
        "031-365 80 00",
        D(2012, 1, 16),
        _gbg("Sandarna", [*FULL, "bibliotek"], D(2012, 1, 16), {"district": "Majorna-Linné"}),
        ["Familjecentrerat arbetssätt", "Bokstart", "ABC – Alla Barn i Centrum"],
    ),
    Centre(
        "1480",
        "Askim-Frölunda-Högsbo",
        "Frölunda familjecentral",
        "Valthornsgatan 2",
        "421 42",
        "Västra Frölunda",
        "031-366 40 00",
        D(2015, 1, 12),
        _gbg(
            "Frölunda", [*FULL, "tandvard"], D(2015, 1, 12), {"district": "Askim-Frölunda-Högsbo"}
        ),
        ["Familjecentrerat arbetssätt", "Föräldrastöd i grupp"],
    ),
    Centre(
        "1480",
        "Västra Göteborg",
        "Opaltorget familjecentral",
        "Opaltorget 2",
        "421 68",
        "Västra Frölunda",
        "031-366 90 00",
        D(2018, 9, 3),
        _gbg("Opaltorget", [*FULL, "foraldrastod"], D(2018, 9, 3), {"district": "Västra Göteborg"}),
        ["Familjecentrerat arbetssätt", "Vägledande samspel (ICDP)", "Föräldrastöd i grupp"],
        description="Mödra- och barnhälsovård, socialtjänst och öppen förskola på en och "
        "samma plats vid Opaltorget i Tynnered.",
    ),
    Centre(
        "1480",
        "Västra Hisingen",
        "Södra Biskopsgården familjecentral",
        "Vårväderstorget 2",
        "418 32",
        "Göteborg",
        "031-365 40 00",
        D(2013, 9, 2),
        _gbg(
            "Biskopsgården",
            [*FULL, "psykolog", "bibliotek"],
            D(2013, 9, 2),
            {"district": "Västra Hisingen"},
        ),
        ["Familjecentrerat arbetssätt", "Hembesök i samverkan BVC–socialtjänst", "Bokstart"],
    ),
    Centre(
        "1480",
        "Lundby",
        "Sannegården familjecentral",
        "Sannegårdsgatan 19",
        "417 60",
        "Göteborg",
        "031-365 50 00",
        D(2016, 3, 14),
        _gbg("Eriksberg", FULL, D(2016, 3, 14), {"district": "Lundby"}),
        ["Familjecentrerat arbetssätt", "ABC – Alla Barn i Centrum"],
    ),
    Centre(
        "1480",
        "Norra Hisingen",
        "Backa familjecentral",
        "Selma Lagerlöfs torg 6",
        "422 47",
        "Hisings Backa",
        "031-365 70 00",
        D(2017, 2, 6),
        [
            *_gbg(
                "Selma Lagerlöfs torg",
                ["bvc", "oppen-forskola"],
                D(2017, 2, 6),
                {"district": "Norra Hisingen"},
            ),
            Service(
                "mvc",
                "Västra Götalandsregionen, Närhälsan Backa barnmorskemottagning",
                co_located=False,
                started_on=D(2017, 2, 6),
            ),
        ],
        ["Föräldrastöd i grupp"],
        description="Barnhälsovård och öppen förskola under samma tak. Mödrahälsovård och "
        "socialtjänst finns på andra adresser i stadsdelen.",
    ),
    Centre(
        "1401",
        "Mölnlycke",
        "Mölnlycke familjecentral",
        "Biblioteksgången 4",
        "435 30",
        "Mölnlycke",
        "031-724 61 00",
        D(2011, 5, 2),
        _harryda("Mölnlycke", [*FULL, "bibliotek"], D(2011, 5, 2)),
        ["Familjecentrerat arbetssätt", "Vägledande samspel (ICDP)", "Bokstart"],
    ),
    Centre(
        "1401",
        "Landvetter",
        "Landvetter familjecentral",
        "Mejerigatan 2",
        "438 31",
        "Landvetter",
        "031-724 62 00",
        D(2015, 10, 5),
        _harryda("Landvetter", [*FULL, "familjeradgivning"], D(2015, 10, 5)),
        ["Familjecentrerat arbetssätt", "ABC – Alla Barn i Centrum"],
    ),
    Centre(
        "1401",
        "Mölnlycke",
        "Råda familjeträff",
        "Rådavägen 10",
        "435 41",
        "Mölnlycke",
        "031-724 63 00",
        D(2019, 1, 14),
        _harryda("Råda", ["bvc", "oppen-forskola"], D(2019, 1, 14)),
        ["Föräldrastöd i grupp"],
        description="Familjecentralsliknande verksamhet: BVC och öppen förskola samlokaliserade.",
    ),
]


def _slug_email(name: str) -> str:
    table = str.maketrans("åäöéü", "aaoeu", " –")
    return name.lower().replace(" ", ".").translate(table)


def _scaled(fte: Decimal, factor: Decimal) -> Decimal:
    """FTE times `factor`, to the nearest 0.05."""
    return (fte * factor * 20).quantize(Decimal(1)) / 20


def service_types() -> dict[str, ServiceType]:
    """The kinds of service (the four core ones and the others), by code; also for
    `familjecentral.scale`."""
    types = {}
    for code, name, short, principal, core, child_health, description in SERVICE_TYPES:
        types[code] = ServiceType.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "short_name": short,
                "principal": principal,
                "is_core": core,
                "is_child_health": child_health,
                "description": description,
            },
        )[0]
    return types


# Öppna förskolor outside a familjecentral and other öppna mötesplatser (never reporting).
MEETING_PLACES = [
    (
        "1480",
        "Angered",
        "Öppna förskolan Lärjeåns gård",
        MeetingPlaceKind.OPEN_PRESCHOOL,
        "Svenska kyrkan, Angereds församling",
        "Tis och tors 9.00–12.00",
    ),
    (
        "1480",
        "Angered",
        "Mötesplats Gårdsten",
        MeetingPlaceKind.OTHER,
        "Föreningen Gårdstensbostäder",
        "Ons 13.00–16.00 (språkcafé för föräldrar)",
    ),
    (
        "1401",
        "Mölnlycke",
        "Öppna förskolan Råda",
        MeetingPlaceKind.OPEN_PRESCHOOL,
        "Härryda kommun",
        "Mån och fre 9.00–11.30",
    ),
]

OPENING_HOURS = [
    "Mån–tors 9.00–12.00\nTis och tors även 13.00–15.30\nFre stängt",
    "Mån, ons, fre 9.00–12.00\nTis 13.00–16.00 (babycafé)",
    "Mån–fre 9.00–12.00",
]


def current(district: District, closed_on: datetime.date | None = None) -> District:
    """Where a centre (or meeting place) of the stadsdel is today: the successor, unless it
    closed before the stadsdel ended."""
    if district.successor_id and not (closed_on and closed_on <= district.valid_to):
        return district.successor
    return district


def seed(stdout: TextIO) -> None:
    region, _ = Region.objects.update_or_create(code=REGION[0], defaults={"name": REGION[1]})
    municipalities = {
        code: Municipality.objects.update_or_create(
            code=code, defaults={"name": name, "region": region}
        )[0]
        for code, name in [("1480", "Göteborg"), ("1401", "Härryda")]
    }
    districts: dict[tuple[str, str], District] = {}
    this_year = timezone.localdate().year
    gbg = municipalities["1480"]
    areas = {}
    for _name, _children, area in GOTEBORG_DISTRICTS:
        children = sum(c for _n, c, a in GOTEBORG_DISTRICTS if a == area)
        areas[area] = districts["1480", area] = District.objects.update_or_create(
            municipality=gbg,
            name=area,
            defaults={
                "valid_from": AREAS_FROM,
                "valid_to": None,
                "successor": None,
                "child_population": children,
            },
        )[0]
    for code, rows in [("1480", GOTEBORG_DISTRICTS), ("1401", HARRYDA_DISTRICTS)]:
        for name, children, area in rows:
            districts[code, name] = District.objects.update_or_create(
                municipality=municipalities[code],
                name=name,
                defaults={
                    "valid_from": STADSDELAR_FROM,
                    "valid_to": STADSDELAR_TO if area else None,
                    "successor": areas.get(area),
                    "child_population": children,
                },
            )[0]
    # Children 0–5 (about 2 % fewer a year earlier): of each stadsdel in its last year, of the
    # areas and Härryda's districts last year and this year, for reach.
    for district in districts.values():
        if district.valid_to:
            counts = [(district.valid_to.year, district.child_population)]
        else:
            children = district.child_population
            counts = [(this_year - 1, round(children * 0.98)), (this_year, children)]
        for year, count in counts:
            DistrictPopulation.objects.update_or_create(
                district=district, year=year, defaults={"children": count, "source": "Demodata"}
            )

    types = service_types()
    professions = {name: Profession.objects.get_or_create(name=name)[0] for name in PROFESSIONS}
    labels = {name: MethodLabel.objects.get_or_create(name=name)[0] for name in LABELS}
    methods = {}
    for name, target, level, method_labels, summary in METHODS:
        method = Method.objects.update_or_create(
            name=name,
            defaults={"target_group": target, "evidence_level": level, "summary": summary},
        )[0]
        method.labels.set([labels[n] for n in method_labels])
        methods[name] = method

    today = timezone.localdate()
    for i, c in enumerate(CENTRES):
        district = current(districts[c.municipality, c.district], c.closed_on)
        domain = "goteborg.se" if c.municipality == "1480" else "harryda.se"
        centre = FamilyCentre.objects.update_or_create(
            district__municipality__code=c.municipality,
            name=c.name,
            defaults={
                "district": district,
                "street_address": c.street,
                "postal_code": c.postal_code,
                "city": c.city,
                "phone": c.phone,
                "email": f"{_slug_email(c.name)}@{domain}" if c.phone else "",
                "website": f"https://{domain}/familjecentraler",
                "description": c.description,
                "opened_on": c.opened_on,
                "closed_on": c.closed_on,
                "opening_hours": "" if c.closed_on else OPENING_HOURS[i % len(OPENING_HOURS)],
                # Some confirmed lately, some more than twelve months ago, some never.
                "facts_confirmed_on": (
                    today - datetime.timedelta(days=40),
                    None,
                    today - datetime.timedelta(days=420),
                )[i % 3],
                "is_demo": True,
            },
        )[0]
        for s in c.services:
            service = CentreService.objects.update_or_create(
                centre=centre,
                service_type=types[s.code],
                started_on=s.started_on,
                defaults={
                    "provider": s.provider,
                    "co_located": s.co_located,
                    "ended_on": s.ended_on or c.closed_on,
                },
            )[0]
            for profession, fte in s.staffing or STAFFING[s.code]:
                Staffing.objects.update_or_create(
                    centre_service=service,
                    profession=professions[profession],
                    defaults={"fte": _scaled(Decimal(fte), SIZE.get(c.name, Decimal(1)))},
                )
        centre.methods.set([methods[name] for name in c.methods])

    for code, district, name, kind, provider, hours in MEETING_PLACES:
        MeetingPlace.objects.update_or_create(
            district=current(districts[code, district]),
            name=name,
            defaults={"kind": kind, "provider": provider, "opening_hours": hours},
        )

    stdout.write(
        f"Register: {Region.objects.count()} region, {Municipality.objects.count()} "
        f"municipalities, {District.objects.count()} districts, "
        f"{FamilyCentre.objects.count()} centres, {CentreService.objects.count()} services, "
        f"{Staffing.objects.count()} staffing rows, {ServiceType.objects.count()} service types, "
        f"{Profession.objects.count()} professions, {Method.objects.count()} methods, "
        f"{MeetingPlace.objects.count()} open meeting places."
    )
