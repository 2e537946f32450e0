"""A synthetic national data set for measuring the portal at the size of the country
(`manage.py seed_scale`).

21 regions and 290 municipalities with their districts; the centres spread over them, each with
the four core services and their staffing; each municipality's goals and indicators plus every
region's shared set; quarterly periods for `years` years back from today (and the regions'
yearly ones, where the shared set is reported once); a report per centre and period in every
status with its values, goal assessments and events; an agreement with costs per municipality;
people at every level with assignments.

Everything is written in bulk: `bulk_create` in batches, and on PostgreSQL `COPY` for the three
big tables (values, assessments, events). Random, but the same for the same seed. The rows have
no edit history (they were never edited) and are marked as demo data where the model can say so.
"""

from __future__ import annotations

import datetime
import json
import random
import time
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import TextIO

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection, models
from django.utils import timezone

from centres.demo import PROFESSIONS, service_types
from centres.models import (
    CentreService,
    District,
    DistrictPopulation,
    FamilyCentre,
    Municipality,
    Principal,
    Profession,
    Region,
    Staffing,
)
from coordination.models import Agreement, Assignment, CostCategory, CostEntry, Role
from followup.models import (
    Goal,
    GoalAssessment,
    GoalStatus,
    Indicator,
    IndicatorTarget,
    Period,
    PeriodKind,
    Report,
    ReportAction,
    ReportEvent,
    ReportStatus,
    TargetLevel,
    Value,
    ValueStatus,
)

# Sweden's 21 region codes.
REGION_CODES = [
    "01", "03", "04", "05", "06", "07", "08", "09", "10", "12", "13",
    "14", "17", "18", "19", "20", "21", "22", "23", "24", "25",
]  # fmt: skip
MUNICIPALITIES = 290
GOALS_PER_MUNICIPALITY = 3
INDICATORS_PER_GOAL = 8
REGION_INDICATORS = 6
BATCH = 5000
PASSWORD = "scale"


class Progress:
    """One line per step, with a bar for the long ones, and the time each took."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.started = time.monotonic()

    def bar(self, label: str, done: int, total: int) -> None:
        width = 30
        filled = width * done // max(total, 1)
        end = "\n" if done >= total else ""
        self.out.write(
            f"\r  {label:<22} [{'#' * filled}{'.' * (width - filled)}] {done:>9,}/{total:,}{end}"
        )
        self.out.flush()

    def step(self, label: str, count: int) -> None:
        self.out.write(f"  {label:<22} {count:>9,}  ({time.monotonic() - self.started:.0f} s)\n")
        self.out.flush()


def _quarters(today: datetime.date, years: int) -> list[tuple[datetime.date, datetime.date]]:
    """The last `years` × 4 quarters up to and including today's, oldest first."""
    first = datetime.date(today.year - years + 1, 1, 1)
    out = []
    start = first
    while start <= today:
        month = start.month + 3
        following = datetime.date(start.year + (month > 12), (month - 1) % 12 + 1, 1)
        out.append((start, following - datetime.timedelta(days=1)))
        start = following
    return out


class Builder:
    def __init__(self, centres: int, years: int, seed: int, out: TextIO) -> None:
        self.centres = centres
        self.years = years
        self.rng = random.Random(seed)
        self.progress = Progress(out)
        self.today = timezone.localdate()
        self.now = timezone.now()

    # --- writing ------------------------------------------------------------------------------

    def _bulk(self, model: type[models.Model], rows: Sequence[models.Model], label: str) -> list:
        created = []
        for i in range(0, len(rows), BATCH):
            created += model.objects.bulk_create(rows[i : i + BATCH])
            if len(rows) > BATCH:
                self.progress.bar(label, min(i + BATCH, len(rows)), len(rows))
        self.progress.step(label, len(rows))
        return created

    def _copy(
        self,
        model: type[models.Model],
        fields: list[str],
        rows: Callable[[], Iterable[tuple]],
        total: int,
        label: str,
    ) -> None:
        """Rows without ids that nothing else points to: COPY on PostgreSQL, else bulk."""
        if connection.vendor != "postgresql":
            names = [model._meta.get_field(f).attname for f in fields]
            self._bulk(model, [model(**dict(zip(names, r, strict=True))) for r in rows()], label)
            return
        columns = ", ".join(model._meta.get_field(f).column for f in fields)
        done = 0
        sql = f"COPY {model._meta.db_table} ({columns}) FROM STDIN"
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            for row in rows():
                copy.write_row(row)
                done += 1
                if done % 50000 == 0:
                    self.progress.bar(label, done, total)
        self.progress.bar(label, total, total)
        self.progress.step(label, done)

    # --- the register -------------------------------------------------------------------------

    def register(self) -> None:
        rng = self.rng
        self.regions = self._bulk(
            Region,
            [Region(code=code, name=f"Region {code}") for code in REGION_CODES],
            "regions",
        )
        municipalities = []
        for i in range(MUNICIPALITIES):
            region = self.regions[i % len(self.regions)]
            number = i // len(self.regions) + 1
            code = f"{region.code}{number:02d}"
            municipalities.append(Municipality(code=code, name=f"Kommun {code}", region=region))
        self.municipalities = self._bulk(Municipality, municipalities, "municipalities")

        # Every municipality has at least one centre; the rest go to the larger ones.
        per_municipality = [1] * len(self.municipalities)
        for _ in range(max(0, self.centres - len(per_municipality))):
            per_municipality[int(rng.paretovariate(1.2)) % len(per_municipality)] += 1

        districts = []
        for municipality, count in zip(self.municipalities, per_municipality, strict=False):
            for n in range(max(1, (count + 1) // 2)):
                districts.append(
                    District(
                        municipality=municipality,
                        name=f"Område {n + 1}",
                        valid_from=datetime.date(2010, 1, 1),
                        child_population=rng.randint(400, 4000),
                    )
                )
        self.districts = self._bulk(District, districts, "districts")
        by_municipality: dict[int, list[District]] = {}
        for d in self.districts:
            by_municipality.setdefault(d.municipality_id, []).append(d)
        self._bulk(
            DistrictPopulation,
            [
                DistrictPopulation(
                    district=d, year=year, children=d.child_population, source="Syntetisk"
                )
                for d in self.districts
                for year in range(self.today.year - self.years + 1, self.today.year + 1)
            ],
            "district populations",
        )

        centres = []
        for municipality, count in zip(self.municipalities, per_municipality, strict=False):
            if len(centres) >= self.centres:
                break
            own = by_municipality[municipality.pk]
            for n in range(count):
                if len(centres) >= self.centres:
                    break
                centres.append(
                    FamilyCentre(
                        district=own[n % len(own)],
                        name=f"Familjecentralen {municipality.code}-{n + 1}",
                        street_address=f"Storgatan {n + 1}",
                        postal_code=f"{rng.randint(100, 999)} {rng.randint(10, 99)}",
                        city=municipality.name,
                        phone=f"0{rng.randint(10, 99)}-{rng.randint(100000, 999999)}",
                        opened_on=datetime.date(2010, 1, 1),
                        is_demo=True,
                    )
                )
        self.centre_rows = self._bulk(FamilyCentre, centres, "centres")

        types = [t for t in service_types().values() if t.is_core]
        professions = [Profession.objects.get_or_create(name=name)[0] for name in PROFESSIONS]
        services = self._bulk(
            CentreService,
            [
                CentreService(
                    centre=c,
                    service_type=t,
                    provider=t.principal,
                    co_located=rng.random() < 0.8,
                    started_on=datetime.date(2010, 1, 1),
                )
                for c in self.centre_rows
                for t in types
            ],
            "services",
        )
        self._bulk(
            Staffing,
            [
                Staffing(
                    centre_service=s,
                    profession=p,
                    fte=Decimal(rng.randint(2, 20)) / 4,
                )
                for s in services
                for p in rng.sample(professions, 2)
            ],
            "staffing",
        )

    # --- people ---------------------------------------------------------------------------------

    def people(self) -> None:
        """A koordinator and a chef per municipality, a processledare per district, a samordnare
        per centre and a regional koordinator per region, all with the password PASSWORD."""
        password = make_password(PASSWORD)  # hashed once: hashing 1,800 times takes minutes
        User = get_user_model()
        scopes: list[tuple[str, str, dict]] = []
        for m in self.municipalities:
            scopes.append((f"koordinator.{m.code}", Role.KOORDINATOR, {"municipality": m}))
            scopes.append((f"chef.{m.code}", Role.CHEF, {"municipality": m}))
        for d in self.districts:
            scopes.append((f"processledare.{d.pk}", Role.PROCESSLEDARE, {"district": d}))
        for c in self.centre_rows:
            scopes.append((f"samordnare.{c.pk}", Role.SAMORDNARE, {"centre": c}))
        for r in self.regions:
            scopes.append((f"regionkoordinator.{r.code}", Role.REGIONAL_KOORDINATOR, {"region": r}))
        users = self._bulk(
            User,
            [User(username=name, password=password, first_name="Skala") for name, _, _ in scopes],
            "users",
        )
        self.users = {u.username: u for u in users}
        self._bulk(
            Assignment,
            [
                Assignment(
                    user=user,
                    role=role,
                    valid_from=datetime.date(2015, 1, 1),
                    party=Principal.MUNICIPALITY,
                    **scope,
                )
                for user, (_, role, scope) in zip(users, scopes, strict=True)
            ],
            "assignments",
        )

    # --- follow-up ------------------------------------------------------------------------------

    def followup(self) -> None:
        rng = self.rng
        goals = []
        for m in self.municipalities:
            for g in range(GOALS_PER_MUNICIPALITY):
                goals.append(
                    Goal(municipality=m, code=f"M{g + 1}", name=f"Mål {g + 1}", order=g + 1)
                )
        for r in self.regions:
            goals.append(Goal(region=r, code="R01", name="Regionens gemensamma mål", order=0))
        goals = self._bulk(Goal, goals, "goals")
        indicators = []
        for goal in goals:
            count = REGION_INDICATORS if goal.region_id else INDICATORS_PER_GOAL
            for n in range(count):
                indicators.append(
                    Indicator(
                        goal=goal,
                        code=f"{goal.code}-{n + 1}",
                        name=f"Indikator {goal.code}.{n + 1}",
                        order=n + 1,
                        counts_children_reached=goal.region_id is not None and n == 0,
                        # Each indicator lives in one period series: the region's years or
                        # the municipality's quarters.
                        period_kind=PeriodKind.YEAR if goal.region_id else PeriodKind.QUARTER,
                    )
                )
        indicators = self._bulk(Indicator, indicators, "indicators")
        self._bulk(
            IndicatorTarget,
            [
                IndicatorTarget(
                    indicator=i,
                    year=self.today.year,
                    period_kind=i.period_kind,
                    level=TargetLevel.CENTRE,
                    target=rng.randint(10, 200) * (4 if i.period_kind == PeriodKind.YEAR else 1),
                )
                for i in indicators
            ],
            "indicator targets",
        )
        goals_of: dict[tuple[str, int], list[Goal]] = {}
        for goal in goals:
            key = ("region", goal.region_id) if goal.region_id else ("kommun", goal.municipality_id)
            goals_of.setdefault(key, []).append(goal)
        indicators_of: dict[int, list[Indicator]] = {}
        for i in indicators:
            indicators_of.setdefault(i.goal_id, []).append(i)

        quarters = _quarters(self.today, self.years)
        periods = []
        for m in self.municipalities:
            for start, end in quarters:
                periods.append(
                    Period(
                        municipality=m,
                        kind=PeriodKind.QUARTER,
                        start=start,
                        end=end,
                        deadline=end + datetime.timedelta(days=31),
                        locked=end < self.today - datetime.timedelta(days=400),
                    )
                )
        for r in self.regions:
            for year in range(self.today.year - self.years + 1, self.today.year + 1):
                periods.append(
                    Period(
                        region=r,
                        kind=PeriodKind.YEAR,
                        start=datetime.date(year, 1, 1),
                        end=datetime.date(year, 12, 31),
                        deadline=datetime.date(year + 1, 1, 31),
                        locked=year < self.today.year - 1,
                    )
                )
        for p in periods:
            p.name = p.default_name()
        periods = self._bulk(Period, periods, "periods")
        series: dict[tuple[str, int], list[Period]] = {}
        for p in periods:
            key = ("kommun", p.municipality_id) if p.municipality_id else ("region", p.region_id)
            series.setdefault(key, []).append(p)

        # A report per centre and period (its municipality's quarters, its region's years): the
        # past ones mostly approved, the current one in every state, a few never started.
        users = self.users
        reviewer = {m.pk: users[f"koordinator.{m.code}"] for m in self.municipalities}
        municipality_of = {d.pk: d.municipality_id for d in self.districts}
        region_of = {m.pk: m.region_id for m in self.municipalities}
        reports = []
        for centre in self.centre_rows:
            m = municipality_of[centre.district_id]
            author = users[f"samordnare.{centre.pk}"]
            for period in series[("kommun", m)] + series[("region", region_of[m])]:
                current = period.end >= self.today
                roll = rng.random()
                if current:
                    if roll < 0.15:
                        continue
                    status = (
                        ReportStatus.DRAFT
                        if roll < 0.55
                        else ReportStatus.SUBMITTED
                        if roll < 0.85
                        else ReportStatus.RETURNED
                    )
                else:
                    status = (
                        ReportStatus.APPROVED
                        if roll < 0.94
                        else ReportStatus.SUBMITTED
                        if roll < 0.97
                        else ReportStatus.RETURNED
                        if roll < 0.99
                        else ReportStatus.DRAFT
                    )
                submitted = _at(period.deadline - datetime.timedelta(days=rng.randint(-10, 25)))
                created = _at(period.end - datetime.timedelta(days=20))
                report = Report(
                    centre=centre,
                    period=period,
                    district_id=centre.district_id,
                    status=status,
                    version=rng.randint(1, 4),
                    created_at=created,
                    updated_at=submitted,
                    updated_by=author,
                )
                if status in (ReportStatus.SUBMITTED, ReportStatus.APPROVED):
                    report.submitted_at, report.submitted_by = submitted, author
                    report.first_submitted_at = submitted
                if status == ReportStatus.APPROVED:
                    report.approved_at = submitted + datetime.timedelta(days=5)
                    report.approved_by = reviewer[m]
                if status == ReportStatus.RETURNED:
                    report.returned_at = submitted + datetime.timedelta(days=3)
                    report.returned_by = reviewer[m]
                    report.return_reason = "Komplettera analysen av mål 2."
                reports.append(report)
        reports = self._bulk(Report, reports, "reports")

        def sets(report: Report) -> list[Goal]:
            # A report asks for its own period owner's set only: the region's shared set is
            # entered once, in the region's year.
            m = municipality_of[report.centre.district_id]
            if report.period.region_id:
                return goals_of[("region", region_of[m])]
            return goals_of[("kommun", m)]

        def values() -> Iterable[tuple]:
            for report in reports:
                for goal in sets(report):
                    for indicator in indicators_of[goal.pk]:
                        if rng.random() < 0.03:
                            yield (report.pk, indicator.pk, None, ValueStatus.NOT_AVAILABLE, "")
                        else:
                            number = Decimal(rng.randint(0, 400))
                            yield (report.pk, indicator.pk, number, ValueStatus.REPORTED, "")

        self._copy(
            Value,
            ["report", "indicator", "number", "status", "comment"],
            values,
            sum(len(indicators_of[g.pk]) for r in reports for g in sets(r)),
            "values",
        )
        statuses = [GoalStatus.MET, GoalStatus.PARTLY, GoalStatus.NOT_MET]

        def assessments() -> Iterable[tuple]:
            for report in reports:
                for goal in sets(report):
                    yield (report.pk, goal.pk, rng.choice(statuses), "Analys.", "Nästa steg.")

        self._copy(
            GoalAssessment,
            ["report", "goal", "status", "analysis", "next_steps"],
            assessments,
            sum(len(sets(r)) for r in reports),
            "goal assessments",
        )
        empty = json.dumps({})

        def events() -> Iterable[tuple]:
            # (who, action, from, to, reason, when) for each step the report took.
            for r in reports:
                steps = [(r.updated_by_id, ReportAction.CREATED, "", "utkast", "", r.created_at)]
                if r.submitted_at:
                    steps.append(
                        (r.submitted_by_id, "inlamnad", "utkast", "inlamnad", "", r.submitted_at)
                    )
                if r.approved_at:
                    steps.append(
                        (r.approved_by_id, "godkand", "inlamnad", "godkand", "", r.approved_at)
                    )
                if r.returned_at:
                    steps.append(
                        (r.returned_by_id, "aterskickad", "inlamnad", "aterskickad",
                         r.return_reason, r.returned_at)
                    )  # fmt: skip
                for user, action, before, after, reason, when in steps:
                    yield (r.pk, user, action, before, after, reason, empty, when)

        self._copy(
            ReportEvent,
            ["report", "user", "action", "from_status", "to_status", "reason", "changes"]
            + ["created_at"],
            events,
            len(reports) * 3,
            "report events",
        )

    # --- economy --------------------------------------------------------------------------------

    def economy(self) -> None:
        rng = self.rng
        region_names = {r.pk: r.name for r in self.regions}
        agreements = self._bulk(
            Agreement,
            [
                Agreement(
                    title=f"Avtal om familjecentraler, {m.name}",
                    party_region=region_names[m.region_id],
                    party_municipality=m.name,
                    municipality=m,
                    valid_from=datetime.date(self.today.year - self.years + 1, 1, 1),
                    share_region_percent=Decimal(50),
                    share_municipality_percent=Decimal(50),
                )
                for m in self.municipalities
            ],
            "agreements",
        )
        self._bulk(
            CostEntry,
            [
                CostEntry(
                    agreement=a,
                    date=datetime.date(year, rng.randint(1, 12), 15),
                    category=category,
                    amount=Decimal(rng.randint(5, 400) * 1000),
                    paid_by=party,
                )
                for a in agreements
                for year in range(self.today.year - self.years + 1, self.today.year + 1)
                for category in (CostCategory.STAFF, CostCategory.PREMISES)
                for party in (Principal.REGION, Principal.MUNICIPALITY)
            ],
            "costs",
        )

    def build(self) -> None:
        self.register()
        self.people()
        self.followup()
        self.economy()


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
