"""Demo follow-up: each organisation's own. Göteborg's goals (M, from the avsiktsförklaring) and
Härryda's (H, from its initiativärende), each with its own indicators and eight quarters ending
with the current one; Västra Götalandsregionen's small shared set that every familjecentral in
the region reports (R), with a yearly period of its own; Barnkonventionen articles; and reports
in every state for the demo centres, each holding only what applies to its centre.

Centres and users come from the centres and coordination demos and are looked up, never
created here: without them the reports are skipped (or seeded without who submitted and
approved). The demo övergripande koordinatorer become staff in a Django admin group that may
set up goals, indicators and periods. Idempotent: everything is keyed on natural keys (codes,
period start, centre × period, report × indicator), and the demo reports' events are rewritten
on every run, none of them later than now. Bulk writes keep the whole seed to a second or two.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal
from typing import TextIO
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db.models import F, Q
from django.utils import timezone

from centres.demo import CENTRES
from centres.models import (
    CentreService,
    District,
    FamilyCentre,
    Municipality,
    Region,
    ServiceType,
)
from coordination.demo import PEOPLE
from coordination.models import Assignment, Role
from followup.arbetssatt import ensure_characteristics
from followup.models import (
    Characteristic,
    ChildRightsArticle,
    Goal,
    GoalAssessment,
    GoalStatus,
    Indicator,
    IndicatorKind,
    IndicatorTarget,
    Period,
    PeriodKind,
    Rating,
    Report,
    ReportAction,
    ReportEvent,
    ReportStatus,
    TargetLevel,
    Unit,
    Value,
    ValueStatus,
)

ARTICLES = [
    (2, "Icke-diskriminering"),
    (3, "Barnets bästa ska komma i främsta rummet"),
    (6, "Rätt till liv, överlevnad och utveckling"),
    (12, "Rätt att uttrycka sin mening och bli hörd"),
    (17, "Tillgång till information"),
    (18, "Föräldrarnas gemensamma ansvar och stöd till föräldrar"),
    (19, "Skydd mot våld, övergrepp och vanvård"),
    (24, "Rätt till hälsa och hälso- och sjukvård"),
    (29, "Utbildningens syfte"),
    (30, "Barn som tillhör minoriteter"),
    (31, "Rätt till lek, vila och fritid"),
]

# The owners of the demo's follow-up: Göteborg and Härryda by municipality code, the region's
# shared set by region code. A goal's code prefix names its owner.
OWNERS = {"M": ("municipality", "1480"), "H": ("municipality", "1401"), "R": ("region", "14")}

# (code, name, description, articles). M: Göteborg's avsiktsförklaring; H: Härryda's initiativ;
# R: the region's shared set.
GOALS = [
    ("M01", "Erbjuda lättillgängligt stöd", "Avsiktsförklaringen, Göteborg 2016.", [3, 24]),
    (
        "M02",
        "Stärka det sociala nätverket runt barn och vårdnadshavare",
        "Avsiktsförklaringen, Göteborg 2016.",
        [18],
    ),
    (
        "M03",
        "Stärka anknytningen mellan vårdnadshavare och barn",
        "Avsiktsförklaringen, Göteborg 2016.",
        [6, 18],
    ),
    ("M04", "Främja barnets språkutveckling", "Avsiktsförklaringen, Göteborg 2016.", [29, 31]),
    (
        "M05",
        "Vara ett kunskaps- och informationscentrum",
        "Avsiktsförklaringen, Göteborg 2016.",
        [17, 24],
    ),
    (
        "M06",
        "Skapa arbetsformer där barn och vårdnadshavare är delaktiga",
        "Avsiktsförklaringen, Göteborg 2016.",
        [12],
    ),
    (
        "M07",
        "Tidigt uppmärksamma barn och familjer i behov av utökat stöd",
        "Avsiktsförklaringen, Göteborg 2016: familjecentralen kan genom sin samlade kompetens "
        "tidigt uppmärksamma behov och erbjuda stöd.",
        [3, 19],
    ),
    (
        "M08",
        "Partsammansatt samverkan och styrning",
        "Gemensamma åtaganden: partsammansatt ledning och styrning, samverkan mellan "
        "basverksamheterna.",
        [3],
    ),
    (
        "M09",
        "Barns delaktighet i familjecentralens verksamhet",
        "Beslutat för nästa år: barns röster ska tas till vara när verksamheten planeras. "
        "Målet gäller från den 1 januari och syns inte i årets rapporter.",
        [12],
    ),
    (
        "H01",
        "Stärka arbetet med barnkonventionen",
        "Initiativärende om familjecentraler, Härryda 2022.",
        [2, 3, 6, 12],
    ),
    (
        "H02",
        "Främja barns fysiska, psykiska och sociala utveckling",
        "Initiativärende om familjecentraler, Härryda 2022.",
        [6, 24, 31],
    ),
    (
        "H03",
        "Stärka ett jämställt föräldraskap",
        "Initiativärende om familjecentraler, Härryda 2022.",
        [18],
    ),
    ("H04", "Stärka integrationen", "Initiativärende om familjecentraler, Härryda 2022.", [2, 30]),
    (
        "H05",
        "Erbjuda tidiga insatser till blivande föräldrar och familjer med barn",
        "Initiativärende om familjecentraler, Härryda 2022.",
        [3, 24],
    ),
    (
        "R01",
        "Nå alla familjer med barn 0–5 år i regionen",
        "Regiongemensamma nyckeltal som alla familjecentraler i Västra Götaland rapporterar, så "
        "att centralerna kan jämföras över kommungränserna.",
        [3, 18, 24],
    ),
]

# Goals in force from next year's first day.
VALID_FROM_NEXT_YEAR = {"M09"}

# (code, name, goal, service type code or None, unit, required, minimum, maximum,
#  calculated as (numerator, denominator, factor) or None, targets {year: value}).
# Each indicator belongs to its goal's owner: Göteborg and Härryda use some of the same codes
# for their own indicators (codes are unique per owner). Each belongs to one period series: a
# municipality's to its quarters, the region's to its years. The region's shared set (visits to
# the öppen förskola, home visits, parent groups) is reported once, in the region's year: the
# municipalities reuse it instead of keeping near-duplicates of their own. A target {year: value}
# is per centre and per period of the indicator's own series; {(year, period kind, level): value}
# sets another (Göteborg's yearly target for first visits, for the whole municipality).
INDICATORS = [
    # Göteborg
    ("OF-VUXNA", "Besök av vuxna i öppna förskolan", "M01", "oppen-forskola", Unit.COUNT, True,
     0, 20000, None, {}),
    ("OF-FORSTA", "Förstagångsbesök i öppna förskolan", "M01", "oppen-forskola", Unit.COUNT,
     False, 0, 5000, None, {2025: 100, 2026: 110, (2026, PeriodKind.YEAR, TargetLevel.MUNICIPALITY):
     4400}),
    ("OF-SPRAK", "Språkfrämjande aktiviteter (sagostund, Bokstart, sångsamling)", "M04",
     "oppen-forskola", Unit.COUNT, False, 0, 500, None, {2025: 20, 2026: 24}),
    ("FG-DELT", "Deltagare i föräldragrupper", "M02", None, Unit.COUNT, True, 0, 2000, None, {}),
    ("HB-ERB", "Hembesök erbjudna", "M07", "bvc", Unit.COUNT, True, 0, 1000, None, {}),
    ("HB-ACC", "Hembesök accepterade", "M07", "bvc", Unit.COUNT, True, 0, 1000, None, {}),
    ("HB-GENOMF", "Hembesök genomförda", "M07", "bvc", Unit.COUNT, False, 0, 1000, None, {}),
    ("HB-ANDEL", "Andel accepterade hembesök", "M07", "bvc", Unit.PERCENT, True, 0, 100,
     ("HB-ACC", "HB-ERB", 100), {2025: 80, 2026: 85}),
    ("SV-MOTEN", "Samverkansmöten mellan basverksamheterna", "M08", None, Unit.COUNT, True, 0,
     200, None, {2025: 6, 2026: 6}),
    ("SV-HANV", "Hänvisningar mellan verksamheterna på familjecentralen", "M07", None,
     Unit.COUNT, False, 0, 1000, None, {}),
    ("SG-MOTEN", "Styrgruppsmöten som hållits", "M08", None, Unit.COUNT, False, 0, 20, None,
     {2025: 1, 2026: 1}),
    ("PERS-REG", "Bemanning, regionens verksamheter (årsarbetare)", "M08", None, Unit.FTE,
     False, 0, 100, None, {}),
    ("PERS-KOM", "Bemanning, kommunens verksamheter (årsarbetare)", "M08", None, Unit.FTE,
     False, 0, 100, None, {}),
    ("ENK-NOJD", "Besökare som är nöjda med familjecentralen (enkät)", "M06", None, Unit.PERCENT,
     False, 0, 100, None, {2025: 90, 2026: 90}),
    # Härryda
    ("OF-FLERSPRAK", "Aktiviteter på andra språk än svenska", "H04", "oppen-forskola",
     Unit.COUNT, False, 0, 500, None, {2025: 6, 2026: 8}),
    ("FG-DELT", "Deltagare i föräldragrupper", "H03", None, Unit.COUNT, True, 0, 2000, None, {}),
    ("FG-PAPPOR", "Deltagare som är pappor eller andra vårdnadshavare", "H03", None, Unit.COUNT,
     False, 0, 2000, None, {}),
    ("FG-ANDEL", "Andel pappor och andra vårdnadshavare i föräldragrupper", "H03", None,
     Unit.PERCENT, False, 0, 100, ("FG-PAPPOR", "FG-DELT", 100), {2025: 25, 2026: 30}),
    ("HB-ERB", "Hembesök erbjudna", "H05", "bvc", Unit.COUNT, True, 0, 1000, None, {}),
    ("HB-ACC", "Hembesök accepterade", "H05", "bvc", Unit.COUNT, True, 0, 1000, None, {}),
    ("HB-ANDEL", "Andel accepterade hembesök", "H05", "bvc", Unit.PERCENT, True, 0, 100,
     ("HB-ACC", "HB-ERB", 100), {2025: 80, 2026: 85}),
    ("SV-MOTEN", "Samverkansmöten mellan basverksamheterna", "H02", None, Unit.COUNT, True, 0,
     200, None, {2025: 6, 2026: 6}),
    ("ENK-NOJD", "Besökare som är nöjda med familjecentralen (enkät)", "H02", None, Unit.PERCENT,
     False, 0, 100, None, {2025: 90, 2026: 90}),
    ("BK-UTB", "Personalen har fått utbildning i barnkonventionen under perioden", "H01", None,
     Unit.YES_NO, False, 0, 1, None, {}),
    # Västra Götalandsregionen, shared by every familjecentral in the region
    ("R-OF-BESOK", "Besök av barn i öppen förskola", "R01", "oppen-forskola", Unit.COUNT, True,
     0, 80000, None, {}),
    ("R-HEMBESOK", "Hembesök genomförda av BVC", "R01", "bvc", Unit.COUNT, True, 0, 4000, None,
     {}),
    ("R-FORALDRAGRUPP", "Föräldragrupper som genomförts", "R01", None, Unit.COUNT, True, 0, 400,
     None, {2025: 10, 2026: 12}),
]  # fmt: skip

# The Django admin group of the demo övergripande koordinatorer: the set-up, not the reports.
SETUP_GROUP = "Uppföljning: mål, indikatorer och perioder"
SETUP_PERMISSIONS = [
    f"{action}_{model}"
    for model in ("goal", "indicator", "indicatortarget", "childrightsarticle", "period")
    for action in ("view", "add", "change")
]

PERIOD_COUNT = 8  # two years of quarters, ending with the current one
DEADLINE_DAYS = 30
GRACE_DAYS = 5
STOCKHOLM = ZoneInfo("Europe/Stockholm")

RETURN_REASON = (
    "Antalet genomförda hembesök saknas, och andelen accepterade hembesök är lägre än förra "
    "kvartalet utan kommentar. Komplettera siffran och beskriv vad ni tror att det beror på."
)
# The reports a reviewer returned: (quarters before the current one, centre name prefix) →
# the reason, and the figures (number, status, comment) by code that the reason points at.
RETURNED = {
    (1, "Hjällbo"): (RETURN_REASON, {"HB-GENOMF": (None, ValueStatus.REPORTED, "")}),
    (1, "Mölnlycke"): (
        "Andelen pappor och andra vårdnadshavare i föräldragrupperna är mycket lägre än "
        "tidigare kvartal. Stämmer siffran? Kommentera i så fall vad det beror på och hur ni "
        "planerar att nå fler pappor.",
        {"FG-PAPPOR": (Decimal(1), ValueStatus.REPORTED, "")},
    ),
    (2, "Frölunda"): (
        "Noll samverkansmöten stämmer inte med styrgruppens protokoll, som nämner tre "
        "gemensamma möten under kvartalet. Rätta siffran eller förklara skillnaden i "
        "kommentaren.",
        {"SV-MOTEN": (Decimal(0), ValueStatus.REPORTED, "")},
    ),
}
REOPEN_REASON = "Besöken i öppna förskolan var felräknade för juni. Rätta och lämna in igen."

ANALYSES = {
    GoalStatus.MET: (
        "Målet är uppfyllt. Verksamheterna har samverkat kring gemensamma aktiviteter och "
        "besöken ligger i nivå med eller över målvärdet.",
        "Fortsätta med nuvarande arbetssätt och följa upp nästa kvartal.",
    ),
    GoalStatus.PARTLY: (
        "Målet är delvis uppfyllt. Vi når många familjer men färre än vi hade planerat, bland "
        "annat på grund av vakanser under perioden.",
        "Se över schemat för öppna förskolan och planera gemensamma insatser med BVC.",
    ),
    GoalStatus.NOT_MET: (
        "Målet är inte uppfyllt. Personalbrist i en av basverksamheterna har gjort att "
        "planerade grupper ställts in.",
        "Ta upp bemanningen i styrgruppen och ta fram en plan för att återuppta grupperna.",
    ),
    GoalStatus.NOT_ASSESSED: ("", ""),
}


def _quarter_start(day: datetime.date) -> datetime.date:
    return datetime.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)


def _quarters(today: datetime.date) -> list[tuple[datetime.date, datetime.date]]:
    """The PERIOD_COUNT quarters ending with the one `today` is in, oldest first."""
    current = today.year * 4 + (today.month - 1) // 3
    quarters = []
    for q in range(current - PERIOD_COUNT + 1, current + 1):
        year, number = divmod(q, 4)
        start = datetime.date(year, number * 3 + 1, 1)
        following = datetime.date(year + (number == 3), (number * 3 + 3) % 12 + 1, 1)
        quarters.append((start, following - datetime.timedelta(days=1)))
    return quarters


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=STOCKHOLM)


def _owners(stdout: TextIO) -> dict[str, dict]:
    """The owner keys of each goal code prefix ({"municipality": …} or {"region": …}); a
    prefix whose owner is missing from the register is left out, with a message."""
    owners = {}
    for prefix, (kind, code) in OWNERS.items():
        model = Municipality if kind == "municipality" else Region
        owner = model.objects.filter(code=code).first()
        if owner is None:
            stdout.write(f"  followup: no {kind} with code {code}: its follow-up is skipped")
            continue
        owners[prefix] = {"municipality": None, "region": None, kind: owner}
    return owners


Sets = dict[tuple[str, str], Indicator]  # (goal code prefix, indicator code) → indicator


def _seed_setup(stdout: TextIO, owners: dict[str, dict]) -> tuple[dict[str, Goal], Sets, list]:
    articles = {
        number: ChildRightsArticle.objects.update_or_create(
            number=number, defaults={"title": title}
        )[0]
        for number, title in ARTICLES
    }
    demo_owned = Q(
        municipality__in=[o["municipality"] for o in owners.values() if o["municipality"]]
    ) | Q(region__in=[o["region"] for o in owners.values() if o["region"]])
    goals = {}
    for code, name, description, numbers in GOALS:
        order = int(code[1:])  # M01 → 1: each owner numbers its own goals
        owner = owners.get(code[0])
        if owner is None:
            continue
        # Looked up by code among the demo owners, so a goal that a database made before
        # owners existed gave to the region moves to its own municipality.
        goal = Goal.objects.filter(demo_owned, code=code).first() or Goal(code=code)
        for field, value in {"name": name, "description": description, "order": order}.items():
            setattr(goal, field, value)
        goal.municipality, goal.region = owner["municipality"], owner["region"]
        # A goal decided for next year: set up now, asked for only from next year's reports.
        next_year = datetime.date(timezone.localdate().year + 1, 1, 1)
        goal.valid_from = next_year if code in VALID_FROM_NEXT_YEAR else None
        goal.save()
        goal.articles.set([articles[n] for n in numbers])
        goals[code] = goal
    types = {t.code: t for t in ServiceType.objects.all()}
    indicators: Sets = {}
    for order, row in enumerate(INDICATORS, start=1):
        code, name, goal, service, unit, required, low, high, calc, targets = row
        if goal not in goals:
            continue
        prefix = goal[0]
        if service and service not in types:
            stdout.write(f"  followup: no service type {service!r}, {code} is for every centre")
        defaults = {
            "name": name,
            "goal": goals[goal],
            "service_type": types.get(service) if service else None,
            "unit": unit,
            "required": required,
            "minimum": Decimal(low),
            "maximum": Decimal(high),
            "order": order,
            "kind": IndicatorKind.CALCULATED if calc else IndicatorKind.ENTERED,
            "numerator": indicators[prefix, calc[0]] if calc else None,
            "denominator": indicators[prefix, calc[1]] if calc else None,
            "factor": Decimal(calc[2]) if calc else Decimal(1),
            # First visits count the children the öppen förskola reached: the reach dashboard.
            "counts_children_reached": code == "OF-FORSTA",
            "period_kind": PeriodKind.YEAR if prefix == "R" else PeriodKind.QUARTER,
        }
        same_owner = Indicator.objects.filter(
            goal__in=[g for c, g in goals.items() if c[0] == prefix]
        )
        indicator = Indicator.objects.filter(
            pk__in=same_owner.filter(code=code).values("pk")
        ).first()
        if indicator is None:
            # A database made before owners existed holds one indicator of each code: the first
            # owner to claim it takes it, the others get their own.
            indicator = Indicator.objects.filter(code=code, goal__code=goal).first() or Indicator(
                code=code
            )
        for field, value in defaults.items():
            setattr(indicator, field, value)
        indicator.save()
        kept = []
        for key, target in targets.items():
            year, kind, level = key if isinstance(key, tuple) else (key, None, None)
            kind, level = kind or indicator.period_kind, level or TargetLevel.CENTRE
            kept.append(
                IndicatorTarget.objects.update_or_create(
                    indicator=indicator,
                    year=year,
                    period_kind=kind,
                    defaults={"target": Decimal(target), "level": level},
                )[0].pk
            )
        indicator.targets.exclude(pk__in=kept).delete()
        indicators[prefix, code] = indicator
    # Indicators the demo no longer has (the municipalities' near-duplicates of the region's
    # shared set) go, with the figures demo reports held for them.
    stale = Indicator.objects.filter(goal__in=goals.values()).exclude(
        pk__in=[i.pk for i in indicators.values()]
    )
    Value.objects.filter(indicator__in=stale).delete()
    stale.delete()
    return goals, indicators, list(articles.values())


def _seed_setup_staff(stdout: TextIO) -> None:
    """The demo övergripande and regional koordinatorer set up their own goals, indicators and
    periods in Django admin too: staff, in a group with the model permissions of the set-up
    (never of reports); the admin shows each only their own owner's (followup.admin)."""
    group = Group.objects.get_or_create(name=SETUP_GROUP)[0]
    group.permissions.set(
        Permission.objects.filter(
            content_type__app_label="followup", codename__in=SETUP_PERMISSIONS
        )
    )
    usernames = [p[0] for p in PEOPLE if p[3] in (Role.KOORDINATOR, Role.REGIONAL_KOORDINATOR)]
    users = list(get_user_model().objects.filter(username__in=usernames))
    for user in users:
        if not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
        user.groups.add(group)
    if not users:
        stdout.write("  followup: no demo koordinatorer yet: nobody may set up in Django admin")


def _seed_periods(today: datetime.date, owners: dict[str, dict]) -> dict[str, list[Period]]:
    """Eight quarters for each municipality, and the region's yearly periods (last year and
    this year), by goal code prefix."""
    periods: dict[str, list[Period]] = {}
    for prefix, owner in owners.items():
        if owner["region"] is not None:
            spans = [
                (datetime.date(year, 1, 1), datetime.date(year, 12, 31), PeriodKind.YEAR)
                for year in (today.year - 1, today.year)
            ]
        else:
            spans = [(start, end, PeriodKind.QUARTER) for start, end in _quarters(today)]
        periods[prefix] = []
        for start, end, kind in spans:
            deadline = end + datetime.timedelta(days=DEADLINE_DAYS)
            period = _owned_period(owner, kind, start)
            period.end, period.deadline, period.grace_days = end, deadline, GRACE_DAYS
            # Periods whose reports were all settled over half a year ago are locked.
            period.locked = deadline < today - datetime.timedelta(days=180)
            period.name = ""
            period.municipality, period.region = owner["municipality"], owner["region"]
            period.save()
            periods[prefix].append(period)
    return periods


def _owned_period(owner: dict, kind: str, start: datetime.date) -> Period:
    """The owner's period; in a database made before owners existed, the region was given
    every period: a municipality takes back a quarter the region holds."""
    keys = {k: v for k, v in owner.items() if v is not None}
    found = Period.objects.filter(kind=kind, start=start, **keys).first()
    if found is None and owner["municipality"] is not None:
        found = Period.objects.filter(
            kind=kind, start=start, region=owner["municipality"].region
        ).first()
    return found or Period(kind=kind, start=start)


def _people() -> tuple[dict[int, object], dict[int, object], dict[int, object]]:
    """Active samordnare per centre, processledare per district, koordinator per municipality."""
    samordnare, processledare, koordinator = {}, {}, {}
    for a in Assignment.objects.active().select_related("user").order_by("valid_from", "pk"):
        if a.role == Role.SAMORDNARE and a.centre_id:
            samordnare.setdefault(a.centre_id, a.user)
        elif a.role == Role.PROCESSLEDARE and a.district_id:
            processledare.setdefault(a.district_id, a.user)
        elif a.role == Role.KOORDINATOR and a.municipality_id:
            koordinator.setdefault(a.municipality_id, a.user)
    return samordnare, processledare, koordinator


def _returned(centre: FamilyCentre, index: int | None) -> tuple[str, dict] | None:
    """The reviewer's reason and the figures it points at, when the demo returns this report."""
    for (back, prefix), returned in RETURNED.items():
        if index == PERIOD_COUNT - 1 - back and centre.name.startswith(prefix):
            return returned
    return None


def _plan(centre: FamilyCentre, index: int, rng: random.Random) -> str:
    """The demo status of a report: older periods approved, the last two mixed."""
    name = centre.name
    if _returned(centre, index):
        return ReportStatus.RETURNED
    if index == PERIOD_COUNT - 1:  # the running quarter: a few drafts started, others not
        return ReportStatus.DRAFT if rng.random() < 0.4 or name.startswith("Hjällbo") else ""
    if index == PERIOD_COUNT - 2:  # the quarter just reported on
        if name.startswith(("Lövgärdet", "Råda")):
            return ReportStatus.DRAFT  # overdue
        if name.startswith("Kortedala"):
            return ""  # not even started: overdue in the inbox
        return ReportStatus.SUBMITTED if rng.random() < 0.6 else ReportStatus.APPROVED
    if index == PERIOD_COUNT - 3 and name.startswith(("Bergsjön", "Mölnlycke")):
        return ReportStatus.SUBMITTED  # still waiting for review
    return ReportStatus.APPROVED


def _values(
    centre: FamilyCentre,
    period: Period,
    indicators: dict[str, Indicator],
    service_ids: set[int],
    rng: random.Random,
    draft: bool,
    overrides: dict[str, tuple[Decimal | None, str, str]] | None = None,
) -> dict[str, tuple[Decimal | None, str, str]]:
    """Realistic head counts for one centre and quarter (number, status, comment) by code."""
    size = Decimal(60 + sum(map(ord, centre.name)) % 80) / 100  # 0.6–1.4, stable per centre
    season = {1: 1.0, 2: 1.05, 3: 0.7, 4: 1.1}[(period.start.month - 1) // 3 + 1]
    n = lambda base, spread=0.15: Decimal(  # noqa: E731
        max(0, round(float(base) * float(size) * season * rng.uniform(1 - spread, 1 + spread)))
    )
    out: dict[str, tuple[Decimal | None, str, str]] = {}
    children = n(1400)
    out["OF-VUXNA"] = (Decimal(round(children * Decimal("0.92"))), ValueStatus.REPORTED, "")
    out["OF-FORSTA"] = (n(110, 0.3), ValueStatus.REPORTED, "")
    out["OF-SPRAK"] = (n(22, 0.3), ValueStatus.REPORTED, "")
    groups = Decimal(rng.choice([2, 3, 3, 4]))
    participants = n(32, 0.25)
    out["FG-DELT"] = (participants, ValueStatus.REPORTED, "")
    out["FG-PAPPOR"] = (
        Decimal(round(participants * Decimal(rng.uniform(0.12, 0.38)))),
        ValueStatus.REPORTED,
        "",
    )
    offered = n(26, 0.2) or Decimal(5)
    accepted = min(offered, Decimal(round(offered * Decimal(rng.uniform(0.7, 0.97)))))
    out["HB-ERB"] = (offered, ValueStatus.REPORTED, "")
    out["HB-ACC"] = (accepted, ValueStatus.REPORTED, "")
    out["HB-GENOMF"] = (
        max(Decimal(0), accepted - rng.choice([0, 1, 1, 2])),
        ValueStatus.REPORTED,
        "",
    )
    out["SV-MOTEN"] = (Decimal(rng.randint(4, 9)), ValueStatus.REPORTED, "")
    if rng.random() < 0.15:
        out["SV-HANV"] = (
            None,
            ValueStatus.NOT_AVAILABLE,
            "Hänvisningarna räknades inte under perioden på grund av byte av journalsystem.",
        )
    else:
        out["SV-HANV"] = (n(16, 0.35), ValueStatus.REPORTED, "")
    out["SG-MOTEN"] = (Decimal(rng.choice([0, 1, 1, 1, 2])), ValueStatus.REPORTED, "")
    out["PERS-REG"] = (
        (Decimal("3.5") * size).quantize(Decimal("0.1")),
        ValueStatus.REPORTED,
        "",
    )
    out["PERS-KOM"] = (
        (Decimal("4.2") * size).quantize(Decimal("0.1")),
        ValueStatus.REPORTED,
        "",
    )
    if period.start.month in (4, 10):  # the visitor survey runs in spring and autumn
        out["ENK-NOJD"] = (Decimal(rng.randint(84, 98)), ValueStatus.REPORTED, "")
    else:
        out["ENK-NOJD"] = (None, ValueStatus.NOT_APPLICABLE, "Ingen enkät detta kvartal.")
    out["BK-UTB"] = (Decimal(1 if rng.random() < 0.3 else 0), ValueStatus.REPORTED, "")
    out["OF-FLERSPRAK"] = (n(7, 0.4), ValueStatus.REPORTED, "")
    # The region's shared set, reported for the region's year.
    quarters = Decimal(round(((period.end - period.start).days + 1) / 91.3))
    out["R-OF-BESOK"] = (children * quarters, ValueStatus.REPORTED, "")
    out["R-HEMBESOK"] = (out["HB-GENOMF"][0] * quarters, ValueStatus.REPORTED, "")
    out["R-FORALDRAGRUPP"] = (groups * quarters, ValueStatus.REPORTED, "")
    if period.start.month == 7:
        out["OF-VUXNA"] = (*out["OF-VUXNA"][:2], "Sommarstängt fyra veckor i juli.")
    if draft:  # a draft is only partly filled in
        for code in ("HB-GENOMF", "SV-MOTEN", "SG-MOTEN", "ENK-NOJD", "BK-UTB"):
            out.pop(code, None)
    out.update(overrides or {})
    out = {  # only what applies to the centre
        code: figure
        for code, figure in out.items()
        if code in indicators
        and (
            not indicators[code].service_type_id or indicators[code].service_type_id in service_ids
        )
    }
    # The calculated ones, as report_save_draft computes them.
    for code, indicator in indicators.items():
        if indicator.is_calculated and code not in out:
            parts = [out.get(indicator.numerator.code), out.get(indicator.denominator.code)]
            if all(parts):
                calc = indicator.calculate(parts[0][:2], parts[1][:2])
                out[code] = (calc.number, calc.status, "")
    return out


def _plan_year(centre: FamilyCentre, period: Period, current: bool, rng: random.Random) -> str:
    """The demo status of a report in the region's yearly period: last year's submitted or
    approved (all approved once the period is locked), this year's a draft for some centres."""
    if current:
        return ReportStatus.DRAFT if rng.random() < 0.4 else ""
    if period.locked:
        return ReportStatus.APPROVED
    if centre.name.startswith("Mölnlycke"):
        return ReportStatus.SUBMITTED  # waiting for review
    return ReportStatus.APPROVED if rng.random() < 0.8 else ReportStatus.SUBMITTED


def seed(stdout: TextIO) -> None:
    today = timezone.localdate()
    owners = _owners(stdout)
    goals, indicators, articles = _seed_setup(stdout, owners)
    _seed_setup_staff(stdout)
    periods = _seed_periods(today, owners)
    all_periods = [p for owned in periods.values() for p in owned]
    centres = list(
        FamilyCentre.objects.filter(is_demo=True).select_related("district__municipality")
    )
    if not centres:
        stdout.write("  followup: no demo centres (run the centres demo first): no reports seeded")
        return
    # A database made before owners existed may hold demo reports in a period another
    # municipality has now taken: they go, and are made again in the centre's own period.
    Report.objects.filter(centre__in=centres).exclude(
        Q(period__municipality=F("centre__district__municipality"))
        | Q(period__region=F("centre__district__municipality__region"))
    ).delete()
    samordnare, processledare, koordinator = _people()
    if not (samordnare or processledare or koordinator):
        stdout.write("  followup: no demo assignments yet: reports get no submitter or approver")
    services: dict[int, set[int]] = {}
    for centre_id, type_id in CentreService.objects.filter(centre__in=centres).values_list(
        "centre_id", "service_type_id"
    ):
        services.setdefault(centre_id, set()).add(type_id)

    existing = {
        (r.centre_id, r.period_id): r
        for r in Report.objects.filter(centre__in=centres, period__in=all_periods)
    }
    plans = []  # (report, status, rng, index, the report's indicators by code, its goals)
    for prefix, owned in periods.items():
        # A report holds its own period owner's set only: the region's shared set is entered
        # once, in the region's year, never again in each municipal quarter.
        held = {prefix}
        applicable = {code: ind for (p, code), ind in indicators.items() if p in held}
        goal_set = {code: goal for code, goal in goals.items() if code[0] in held}
        yearly = owners[prefix]["region"] is not None
        for index, period in enumerate(owned):
            expected = set(period.expected_centres().values_list("pk", flat=True))
            for centre in centres:
                if centre.pk not in expected:
                    continue
                if yearly:
                    rng = random.Random(f"{centre.name}|{period.start}|{period.kind}")
                    status = _plan_year(centre, period, period.start.year == today.year, rng)
                    index_in_plan = None
                else:
                    rng = random.Random(f"{centre.name}|{period.start}")
                    status = _plan(centre, index, rng)
                    index_in_plan = index
                if not status:
                    continue
                report = existing.get((centre.pk, period.pk)) or Report(
                    centre=centre, period=period, district_id=centre.district_id
                )
                plans.append((report, status, rng, index_in_plan, applicable, goal_set))
    history = _history_2020(owners, centres, indicators, goals)
    if history:
        all_periods.append(history[0][0].period)
        plans += history
    _write_reports(plans, all_periods, articles, services, samordnare, processledare, koordinator)
    counts = {s.label.lower(): sum(1 for p in plans if p[1] == s) for s in ReportStatus}
    stdout.write(
        f"  followup: {len(goals)} goals, {len(indicators)} indicators, {len(all_periods)} "
        f"periods, {len(plans)} reports ({', '.join(f'{k} {v}' for k, v in counts.items())})"
    )
    people = (samordnare, processledare, koordinator)
    assessed = _seed_self_assessments(today, owners, centres, *people)
    stdout.write(f"  followup: {assessed} self-assessments of the arbetssätt")


def _history_2020(owners, centres, indicators, goals) -> list:
    """Göteborg's year 2020, approved, each report under the stadsdel it was made in: the
    centres have since moved to the geographic areas that succeeded the stadsdelar."""
    owner = owners.get("M")
    if owner is None:
        return []
    period = _owned_period(owner, PeriodKind.YEAR, datetime.date(2020, 1, 1))
    period.end, period.deadline = datetime.date(2020, 12, 31), datetime.date(2021, 1, 31)
    period.grace_days, period.locked, period.name = GRACE_DAYS, True, ""
    period.municipality, period.region = owner["municipality"], None
    period.save()
    stadsdel_of = {c.name: c.district for c in CENTRES if c.municipality == "1480"}
    stadsdelar = {d.name: d for d in District.objects.filter(municipality=owner["municipality"])}
    # A year of Göteborg's own: its goals were assessed; its indicators are quarterly and the
    # region's shared set lives in the region's years, so the year holds no figures.
    applicable: dict[str, Indicator] = {}
    goal_set = {code: goal for code, goal in goals.items() if code[0] == "M"}
    expected = set(period.expected_centres().values_list("pk", flat=True))
    made = {r.centre_id: r for r in Report.objects.filter(period=period)}
    plans = []
    for centre in centres:
        made_in = stadsdelar.get(stadsdel_of.get(centre.name, ""))
        if centre.pk not in expected or made_in is None:
            continue
        report = made.get(centre.pk) or Report(centre=centre, period=period)
        report.district = made_in
        rng = random.Random(f"{centre.name}|2020")
        plans.append((report, ReportStatus.APPROVED, rng, None, applicable, goal_set))
    return plans


# What a team writes about a characteristic it rates 1–2 and 3–4, and what it plans.
RATING_TEXTS = {
    False: (
        "Vi arbetar med detta men inte lika i alla verksamheter.",
        "Ta upp det på nästa gemensamma APT och enas om hur vi gör.",
    ),
    True: (
        "Det präglar vårt gemensamma arbete och syns i föräldragrupperna.",
        "Fortsätta som nu och följa upp vid nästa självskattning.",
    ),
}


def _seed_self_assessments(
    today: datetime.date, owners: dict, centres, samordnare, processledare, koordinator
) -> int:
    """Each municipality's self-assessment of the arbetssätt last year (approved) and this
    year (approved, submitted, a draft or not started), rated 1–4 with a comment and a plan."""
    ensure_characteristics()
    characteristics = list(Characteristic.objects.all())
    count = 0
    for owner in owners.values():
        if owner["municipality"] is None:
            continue
        for year in (today.year - 1, today.year):
            start = datetime.date(year, 9, 1)
            period, _created = Period.objects.update_or_create(
                municipality=owner["municipality"],
                kind=PeriodKind.SELF_ASSESSMENT,
                start=start,
                defaults={
                    "name": "",
                    "end": datetime.date(year, 10, 31),
                    "deadline": datetime.date(year, 11, 30),
                    "grace_days": GRACE_DAYS,
                    "locked": year < today.year,
                },
            )
            for centre in period.expected_centres().filter(pk__in=[c.pk for c in centres]):
                rng = random.Random(f"arbetssatt|{centre.name}|{year}")
                status = ReportStatus.APPROVED
                if year == today.year:
                    status = rng.choice(
                        [ReportStatus.APPROVED] * 3
                        + [ReportStatus.SUBMITTED] * 2
                        + [ReportStatus.DRAFT, ""]
                    )
                    if centre.name.startswith("Hjällbo"):
                        status = ReportStatus.DRAFT  # alice's, to be filed in the demo
                if not status:
                    Report.objects.filter(centre=centre, period=period).delete()
                    continue
                submitter = samordnare.get(centre.pk) or processledare.get(centre.district_id)
                reviewer = processledare.get(centre.district_id)
                if reviewer is None or reviewer == submitter:  # four eyes, as for reports
                    reviewer = koordinator.get(centre.district.municipality_id)
                _write_self_assessment(
                    centre, period, status, rng, characteristics, submitter, reviewer
                )
                count += 1
    return count


def _write_self_assessment(centre, period, status, rng, characteristics, submitter, reviewer):
    submitted_at = _at(period.deadline - datetime.timedelta(days=rng.randint(1, 20)))
    approved_at = submitted_at + datetime.timedelta(days=rng.randint(2, 9))
    created_at = submitted_at - datetime.timedelta(days=14)
    history = [(ReportAction.CREATED, "", ReportStatus.DRAFT, submitter, created_at, "")]
    if status != ReportStatus.DRAFT:
        history.append((ReportAction.SUBMITTED, "utkast", "inlamnad", submitter, submitted_at, ""))
    if status == ReportStatus.APPROVED:
        history.append((ReportAction.APPROVED, "inlamnad", "godkand", reviewer, approved_at, ""))
    history = _settled(history, timezone.now())
    report, _created = Report.objects.update_or_create(
        centre=centre,
        period=period,
        defaults={
            "status": status,
            "updated_by": submitter,
            "created_at": history[0][4],
            "updated_at": history[-1][4],
            "submitted_at": history[1][4] if len(history) > 1 else None,
            "first_submitted_at": history[1][4] if len(history) > 1 else None,
            "submitted_by": submitter if len(history) > 1 else None,
            "approved_at": history[2][4] if len(history) > 2 else None,
            "approved_by": reviewer if len(history) > 2 else None,
        },
    )
    for c in characteristics:
        score = None if status == ReportStatus.DRAFT and c.number > 3 else rng.choice([2, 3, 3, 4])
        comment, improvement = RATING_TEXTS[(score or 0) >= 3]
        Rating.objects.update_or_create(
            report=report,
            characteristic=c,
            defaults={
                "score": score,
                "comment": comment if score else "",
                "improvement": improvement if score else "",
            },
        )
    ReportEvent.objects.filter(report=report).delete()
    ReportEvent.objects.bulk_create(
        ReportEvent(
            report=report,
            user=user,
            action=action,
            from_status=before,
            to_status=after,
            created_at=when,
        )
        for action, before, after, user, when, _reason in history
    )


def _settled(history: list[tuple], now: datetime.datetime) -> list[tuple]:
    """The events with none after `now`: an event planned later moves back to an hour before
    the one that follows it (or to now), so the order created < submitted < approved holds
    whatever day the demo is seeded."""
    settled = []
    latest = now
    for event in reversed(history):
        when = min(event[4], latest)
        settled.append((*event[:4], when, event[5]))
        latest = when - datetime.timedelta(hours=1)
    return settled[::-1]


def _write_reports(
    plans, periods, articles, services, samordnare, processledare, koordinator
) -> None:
    now = timezone.now()
    today = timezone.localdate(now)
    events: list[ReportEvent] = []
    for report, status, rng, index, _indicators, _goals in plans:
        period, centre = report.period, report.centre
        submitter = samordnare.get(centre.pk) or processledare.get(centre.district_id)
        # Four eyes: whoever submitted does not approve, so a processledare who reports for
        # a centre without samordnare has it reviewed by the koordinator.
        reviewer = processledare.get(centre.district_id)
        if reviewer is None or reviewer == submitter:
            reviewer = koordinator.get(centre.district.municipality_id)
        late = rng.random() < 0.15 or (index == PERIOD_COUNT - 4 and "Kungssten" in centre.name)
        submitted_on = period.deadline + datetime.timedelta(
            days=rng.randint(GRACE_DAYS + 2, GRACE_DAYS + 14) if late else -rng.randint(0, 12)
        )
        submitted_at = _at(submitted_on, 9 + rng.randint(0, 7))
        approved_at = submitted_at + datetime.timedelta(days=rng.randint(2, 9))
        # Started two weeks before the period ends, or a few days ago in the running one.
        started_on = min(
            period.end - datetime.timedelta(days=14),
            today - datetime.timedelta(days=centre.pk % 9 + 2),
        )
        created_at = _at(max(started_on, period.start), 8)
        report.status = status
        report.version = 1
        report.updated_by = submitter
        report.submitted_at = report.submitted_by = report.first_submitted_at = None
        report.approved_at = report.approved_by = None
        report.returned_at = report.returned_by = None
        report.return_reason = ""
        report.children_views_gathered = True
        report.children_views_how = (
            "Barnen fick rita och berätta om vad de tycker om att göra på öppna förskolan, och "
            "visa med bilder vilka aktiviteter de vill ha mer av."
        )
        report.parents_views_gathered = rng.random() < 0.8
        report.parents_views_how = (
            "Kort enkät till vårdnadshavare i öppna förskolan och samtal i föräldragrupperna."
            if report.parents_views_gathered
            else ""
        )
        report.development_areas = rng.choice(
            [
                "Nå fler pappor och andra vårdnadshavare med föräldragrupperna.",
                "Utveckla samverkan mellan BVC och socialtjänsten kring hembesöken.",
                "Fler språkfrämjande aktiviteter tillsammans med biblioteket.",
                "Öka kännedomen om familjecentralen bland nyinflyttade familjer.",
            ]
        )
        history = [(ReportAction.CREATED, "", ReportStatus.DRAFT, submitter, created_at, "")]
        if status != ReportStatus.DRAFT:
            history.append(
                (ReportAction.SUBMITTED, "utkast", "inlamnad", submitter, submitted_at, "")
            )
        if status == ReportStatus.APPROVED:
            if index == PERIOD_COUNT - 3 and "Sandarna" in centre.name:
                # Approved, reopened after approval, then approved again.
                history += [
                    (ReportAction.APPROVED, "inlamnad", "godkand", reviewer, approved_at, ""),
                    (
                        ReportAction.REOPENED,
                        "godkand",
                        "utkast",
                        reviewer,
                        approved_at + datetime.timedelta(days=3),
                        REOPEN_REASON,
                    ),
                    (
                        ReportAction.SUBMITTED,
                        "utkast",
                        "inlamnad",
                        submitter,
                        approved_at + datetime.timedelta(days=5),
                        "",
                    ),
                ]
                approved_at += datetime.timedelta(days=7)
            history.append(
                (ReportAction.APPROVED, "inlamnad", "godkand", reviewer, approved_at, "")
            )
        returned = _returned(centre, index)
        if status == ReportStatus.RETURNED and returned:
            report.return_reason = returned[0]
            history.append(
                (
                    ReportAction.RETURNED,
                    "inlamnad",
                    "aterskickad",
                    reviewer,
                    approved_at,
                    returned[0],
                )
            )
        history = _settled(history, now)
        for action, _before, _after, user, when, _reason in history:
            if action == ReportAction.CREATED:
                report.created_at = when
            elif action == ReportAction.SUBMITTED:
                report.submitted_at, report.submitted_by = when, user
                report.first_submitted_at = report.first_submitted_at or when
            elif action == ReportAction.APPROVED:
                report.approved_at, report.approved_by = when, user
            elif action == ReportAction.RETURNED:
                report.returned_at, report.returned_by = when, user
        report.updated_at = now if status == ReportStatus.DRAFT else history[-1][4]
        report._demo_history = history

    reports = [p[0] for p in plans]
    fields = [
        f.name for f in Report._meta.concrete_fields if f.name not in ("id", "centre", "period")
    ]
    Report.objects.bulk_update([r for r in reports if r.pk], fields, batch_size=200)
    Report.objects.bulk_create([r for r in reports if not r.pk], batch_size=200)
    saved = {
        (r.centre_id, r.period_id): r
        for r in Report.objects.filter(
            centre__in={r.centre_id for r in reports}, period__in=periods
        )
    }
    for r in reports:
        r.pk = saved[(r.centre_id, r.period_id)].pk

    # Values and goal assessments: update what exists, create the rest.
    old_values = {
        (v.report_id, v.indicator_id): v for v in Value.objects.filter(report__in=reports)
    }
    old_assessments = {
        (a.report_id, a.goal_id): a for a in GoalAssessment.objects.filter(report__in=reports)
    }
    new_values, changed_values, new_assessments, changed_assessments = [], [], [], []
    keep_values, keep_assessments = set(), set()
    for report, status, rng, index, indicators, goals in plans:
        draft = status == ReportStatus.DRAFT
        figures = _values(
            report.centre,
            report.period,
            indicators,
            services.get(report.centre_id, set()),
            rng,
            draft,
            # The figures the reviewer asked about, as the centre sent them in.
            (_returned(report.centre, index) or ("", {}))[1],
        )
        for code, (number, value_status, comment) in figures.items():
            key = (report.pk, indicators[code].pk)
            keep_values.add(key)
            value = old_values.get(key) or Value(report_id=report.pk, indicator=indicators[code])
            value.number, value.status, value.comment = number, value_status, comment
            (changed_values if value.pk else new_values).append(value)
        # Only the goals in force in the period (next year's goal is not in this year's).
        in_force = [
            g for g in goals.values() if g.is_valid_between(report.period.start, report.period.end)
        ]
        assessed = False
        for n, goal in enumerate(in_force):
            if draft and rng.random() < 0.5:
                continue
            choice = rng.choices(
                [GoalStatus.MET, GoalStatus.PARTLY, GoalStatus.NOT_MET, GoalStatus.NOT_ASSESSED],
                weights=[50, 33, 10, 7],
            )[0]
            if not draft and not assessed and n == len(in_force) - 1:
                choice = GoalStatus.PARTLY  # a report sent in assesses at least one goal
            assessed = assessed or choice != GoalStatus.NOT_ASSESSED
            key = (report.pk, goal.pk)
            keep_assessments.add(key)
            assessment = old_assessments.get(key) or GoalAssessment(report_id=report.pk, goal=goal)
            assessment.status = choice
            assessment.analysis, assessment.next_steps = ANALYSES[choice]
            (changed_assessments if assessment.pk else new_assessments).append(assessment)
    Value.objects.bulk_create(new_values, batch_size=500)
    Value.objects.bulk_update(changed_values, ["number", "status", "comment"], batch_size=500)
    Value.objects.filter(
        pk__in=[v.pk for k, v in old_values.items() if k not in keep_values]
    ).delete()
    GoalAssessment.objects.bulk_create(new_assessments, batch_size=500)
    GoalAssessment.objects.bulk_update(
        changed_assessments, ["status", "analysis", "next_steps"], batch_size=500
    )
    GoalAssessment.objects.filter(
        pk__in=[a.pk for k, a in old_assessments.items() if k not in keep_assessments]
    ).delete()

    # Barnkonventionen articles and the history of each report.
    Through = Report.articles.through
    Through.objects.filter(report__in=reports).delete()
    by_number = {a.number: a for a in articles}
    links = []
    for report, _status, rng, *_rest in plans:
        numbers = {3, 12, *rng.sample([6, 18, 24, 29, 31], 2)}
        links += [
            Through(report_id=report.pk, childrightsarticle_id=by_number[n].pk)
            for n in sorted(numbers)
            if n in by_number
        ]
    Through.objects.bulk_create(links, batch_size=500)
    ReportEvent.objects.filter(report__in=reports).delete()
    for report in reports:
        events += [
            ReportEvent(
                report_id=report.pk,
                user=user,
                action=action,
                from_status=before,
                to_status=after,
                created_at=when,
                reason=reason,
            )
            for action, before, after, user, when, reason in report._demo_history
        ]
    ReportEvent.objects.bulk_create(events, batch_size=500)


__all__ = ["seed"]
