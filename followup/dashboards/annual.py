"""The årsrapport of a centre, district or municipality for a year."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import F, Q, QuerySet, Sum
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from centres.models import District, FamilyCentre, Municipality
from coordination.models import Agreement, Meeting, TrainingEvent
from followup import arbetssatt
from followup.dashboards.economy import AgreementEconomy, economy
from followup.dashboards.figures import (
    Aggregate,
    YearSpan,
    aggregate,
    in_own_series_q,
    published_figures,
    report_figure,
    target_of_year,
    total_cell,
    whole_year,
    yes_no_per_centre,
)
from followup.dashboards.goals import GoalTrend
from followup.exports import Table
from followup.models import (
    PUBLISHED_STATUSES,
    Goal,
    GoalAssessment,
    GoalStatus,
    Indicator,
    PeriodKind,
    Report,
    TargetComparison,
    TargetLevel,
)


@dataclass
class GoalYear:
    """A goal in the year: for one centre each period's light and analysis, for a district or
    a municipality the lights counted per period."""

    goal: Goal
    assessments: list[GoalAssessment]
    trend: GoalTrend


@dataclass
class IndicatorYear:
    """An indicator in the årsrapport: its total over its own period series in the year (the
    span with published figures), the same span the year before, and the year's target where
    it is comparable (issue 19, items 1–3)."""

    indicator: Indicator
    total: Aggregate
    span: YearSpan
    target: TargetComparison | None  # the yearly target beside a whole year, like with like
    last_year: Aggregate | None  # the same span the year before
    target_note: str = ""  # why a yearly target is not compared (part of a year, its level)

    @property
    def last_span(self) -> YearSpan:
        return self.span.year_before()


def scope_level(scope: FamilyCentre | District | Municipality) -> str:
    """The level of the whole an årsrapport's total is of: a centre, a district, a
    municipality."""
    if isinstance(scope, FamilyCentre):
        return TargetLevel.CENTRE
    return TargetLevel.DISTRICT if isinstance(scope, District) else TargetLevel.MUNICIPALITY


@dataclass
class AnnualReport:
    scope: FamilyCentre | District | Municipality
    year: int
    centres: list[FamilyCentre]
    report_count: int
    goals: list[GoalYear]
    indicators: list[IndicatorYear]
    children_views: int
    parents_views: int
    views_how: list[str]
    articles: list[tuple[str, int]]
    meetings: list[Meeting]
    training: list[tuple[TrainingEvent, int]]
    economy: list[AgreementEconomy]
    arbetssatt: arbetssatt.Means

    @property
    def is_centre(self) -> bool:
        return isinstance(self.scope, FamilyCentre)


def _scope_centres(scope, year: int | None = None) -> QuerySet[FamilyCentre]:
    """The scope's centres; with `year`, those open on some day of it (a centre closed in
    June 2025 is in 2025's report, not in 2026's)."""
    if isinstance(scope, FamilyCentre):
        centres = FamilyCentre.objects.filter(pk=scope.pk)
    elif isinstance(scope, District):
        centres = FamilyCentre.objects.filter(district=scope)
    else:
        centres = FamilyCentre.objects.filter(district__municipality=scope)
    return centres.open_between(*whole_year(year)) if year is not None else centres


def scope_exists_in(scope, year: int) -> bool:
    """Whether the centre was open, or the district existed, on some day of `year`: there is
    an årsrapport of it for that year (a municipality always has one)."""
    if isinstance(scope, FamilyCentre):
        return scope.is_open_between(*whole_year(year))
    if isinstance(scope, District):
        return scope.is_active_between(*whole_year(year))
    return True


def _governance_q(scope, centre_key: str = "centre") -> Q:
    """Governance of the scope: of the centre (and its district), of the district (and its
    centres), of the municipality (and its districts and centres)."""
    if isinstance(scope, FamilyCentre):
        q = Q(district_id=scope.district_id)
        return q | Q(**{centre_key: scope}) if centre_key else q
    if isinstance(scope, District):
        q = Q(district=scope)
        return q | Q(**{f"{centre_key}__district": scope}) if centre_key else q
    q = Q(municipality=scope) | Q(district__municipality=scope)
    return q | Q(**{f"{centre_key}__district__municipality": scope}) if centre_key else q


def annual_report(scope: FamilyCentre | District | Municipality, year: int) -> AnnualReport:
    """Everything the årsrapport of a centre, district or municipality holds for `year`, from
    the submitted and approved reports of the periods that began that year, and the
    governance of the scope; the centres open in the year (a closed centre's figures of the
    year before it closed stay in the year before). Each indicator is summed over its own
    period series only, over the span of the year with published figures, beside the same
    span the year before and, for a whole year, its yearly target. A fixed number of
    queries."""
    centres = list(_scope_centres(scope, year).select_related("district").order_by("name"))
    # A district's reports are those made in it, also by centres that have since moved on;
    # those of a centre closed since are its own, in the years it was open.
    made_in = (
        Q(district=scope)
        if isinstance(scope, District)
        else Q(centre__in=_scope_centres(scope).values("pk"))
    )
    reports = list(
        Report.objects.filter(made_in, period__start__year=year, status__in=PUBLISHED_STATUSES)
        .exclude(period__kind=PeriodKind.SELF_ASSESSMENT)
        .select_related("period", "centre")
        .prefetch_related("articles")
        .order_by("period__start", "centre__name")
    )
    report_ids = [r.pk for r in reports]
    periods = sorted({r.period for r in reports}, key=lambda p: (p.start, p.kind))
    assessments = list(
        GoalAssessment.objects.filter(report__in=report_ids)
        .select_related("goal__municipality", "goal__region", "report__period", "report__centre")
        .order_by("goal__order", "goal__code", "report__period__start", "report__centre__name")
    )
    by_goal: dict[int, list[GoalAssessment]] = {}
    for a in assessments:
        by_goal.setdefault(a.goal_id, []).append(a)
    goal_years = []
    for items in by_goal.values():
        tallies: dict[int, dict[str, int]] = {}
        for a in items:
            tallies.setdefault(a.report.period_id, dict.fromkeys(GoalStatus, 0))[a.status] += 1
        goal = items[0].goal
        trend = GoalTrend(goal, [(p, tallies[p.pk]) for p in periods if p.pk in tallies])
        goal_years.append(GoalYear(goal, items, trend))
    goal_years.sort(key=lambda g: (g.goal.region_id is not None, g.goal.order, g.goal.code))

    found = published_figures(
        Q(report__district=scope)
        if isinstance(scope, District)
        else Q(report__centre__in=_scope_centres(scope).values("pk")),
        in_own_series_q(),
        report__period__start__year__in=[year, year - 1],
    )
    figures, made = found.figures, found.made
    shown = {
        indicator_id
        for report_id, by_indicator in figures.items()
        if made[report_id][0].year == year
        for indicator_id in by_indicator
    }
    indicators = list(
        Indicator.objects.filter(pk__in=shown)
        .select_related("goal__municipality", "goal__region", "numerator", "denominator")
        .prefetch_related("targets")
        # The municipality's own first, the region's shared set after: on every database
        # (SQLite puts NULLs first, PostgreSQL last).
        .order_by(F("goal__region").asc(nulls_first=True), "goal__order", "order", "code")
    )

    def entries(ind: Indicator, wanted) -> tuple[list, list[tuple]]:
        """The figures of `ind` in the reports `wanted(start, end)` takes, and where from."""
        out, where = [], []
        for report_id, by_indicator in figures.items():
            if not wanted(*made[report_id][:2]):
                continue
            entry = report_figure(ind, by_indicator)
            if entry is not None:
                out.append(entry)
                where.append(made[report_id])
        return out, where

    indicator_years = []
    for ind in indicators:
        this, where = entries(ind, lambda start, _end: start.year == year)
        if not this:
            continue  # a part of a calculated indicator reported only the year before
        span = YearSpan.of(year, (w[:2] for w in where))
        before = span.year_before()
        last, last_where = entries(ind, before.holds)
        if ind.is_yes_no:
            # A year of quarterly yes/no answers is read per centre: "1 av 2" centres said yes
            # in at least one period of the span, never 3 of 4 centre-quarters.
            this, last = yes_no_per_centre(this, where), yes_no_per_centre(last, last_where)
        target, note = target_of_year(
            ind,
            scope_level(scope),
            span,
            centres=len({w[2] for w in where}),
            districts=len({w[3] for w in where}),
            municipalities=len({w[4] for w in where}),
        )
        indicator_years.append(
            IndicatorYear(
                ind,
                aggregate(ind, this),
                span,
                target,
                aggregate(ind, last) if last else None,
                note,
            )
        )

    articles: dict[str, int] = {}
    for r in reports:
        for article in r.articles.all():
            articles[str(article)] = articles.get(str(article), 0) + 1
    meetings = list(
        Meeting.objects.filter(_governance_q(scope), date__year=year)
        .select_related("steering_group")
        .prefetch_related("decisions")
        .order_by("date", "pk")
    )
    training = [
        (event, event.participant_count or 0)
        for event in TrainingEvent.objects.filter(
            _governance_q(scope, centre_key=""), date__year=year
        )
        .annotate(participant_count=Sum("participations__count"))
        .order_by("date", "pk")
    ]
    return AnnualReport(
        scope=scope,
        year=year,
        centres=centres,
        report_count=len(reports),
        goals=goal_years,
        indicators=indicator_years,
        children_views=sum(bool(r.children_views_gathered) for r in reports),
        parents_views=sum(bool(r.parents_views_gathered) for r in reports),
        views_how=[
            text
            for r in reports
            for text in (r.children_views_how, r.parents_views_how)
            if text and isinstance(scope, FamilyCentre)
        ],
        articles=sorted(articles.items(), key=lambda a: -a[1]),
        meetings=meetings,
        training=training,
        economy=economy(
            Agreement.objects.filter(_governance_q(scope, centre_key="")),
            year,
            datetime.date(year, 12, 31),
        ),
        arbetssatt=arbetssatt.averages(_scope_centres(scope, year), year),
    )


ANNUAL_HEADERS = [
    _("Code"),
    _("Indicator"),
    _("This year"),
    _("Span"),
    _("Target"),
    _("Compared with"),
    _("Same span last year"),
    _("Last year's span"),
]


def annual_table(report: AnnualReport) -> Table:
    """The årsrapport's indicators as a table: the same figures, spans and targets as its
    page and its PDF."""
    return Table(
        slugify(f"arsrapport {report.scope} {report.year} indikatorer"),
        str(_("Indicators")),
        ANNUAL_HEADERS,
        (
            [
                line.indicator.code,
                line.indicator.name,
                total_cell(line.total, line.indicator),
                line.span.label or str(_("whole year")),
                line.target.value if line.target else None,
                line.target.legend if line.target else line.target_note,
                total_cell(line.last_year, line.indicator),
                line.last_span.label_with_year,
            ]
            for line in report.indicators
        ),
    )
