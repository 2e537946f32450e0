"""Goals: centres × goals with the traffic lights of one period, and the lights per goal over
the periods."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from centres.models import FamilyCentre
from followup.exports import Table
from followup.models import PUBLISHED_STATUSES, Goal, GoalAssessment, GoalStatus, Period

# The traffic lights: a word and a symbol besides the colour, never the colour alone.
GOAL_LIGHTS = {
    GoalStatus.MET: ("success", "bi-check-circle-fill"),
    GoalStatus.PARTLY: ("warning", "bi-dash-circle-fill"),
    GoalStatus.NOT_MET: ("danger", "bi-x-circle-fill"),
    GoalStatus.NOT_ASSESSED: ("secondary", "bi-circle"),
}


@dataclass
class GoalCell:
    """One centre's assessment of one goal in one period (None: no submitted report)."""

    status: str | None = None
    report_id: int | None = None
    goal_id: int | None = None

    @property
    def label(self) -> str:
        return str(GoalStatus(self.status).label) if self.status else ""

    @property
    def colour(self) -> str:
        return GOAL_LIGHTS[self.status][0] if self.status else ""

    @property
    def icon(self) -> str:
        return GOAL_LIGHTS[self.status][1] if self.status else ""


# The fill of each traffic light in the SVG bars (Bootstrap's, contrast checked on white).
GOAL_FILLS = {
    GoalStatus.MET: "#146c43",
    GoalStatus.PARTLY: "#ffc107",
    GoalStatus.NOT_MET: "#b02a37",
    GoalStatus.NOT_ASSESSED: "#adb5bd",
}


@dataclass(frozen=True)
class Segment:
    status: str
    count: int
    x: float
    width: float

    @property
    def fill(self) -> str:
        return GOAL_FILLS[self.status]

    @property
    def label(self) -> str:
        return str(GoalStatus(self.status).label)


@dataclass
class GoalTrend:
    """How many centres assessed a goal met, partly met, not met or not assessed, per period."""

    goal: Goal
    periods: list[tuple[Period, dict[str, int]]]

    def bars(self) -> list[tuple[Period, list[Segment], list[int]]]:
        """Each period's counts as segments of a bar 100 wide (met first), and the counts in
        the order of GoalStatus."""
        out = []
        for period, tally in self.periods:
            total = sum(tally.values()) or 1
            x, segments = 0.0, []
            for status in GoalStatus:
                width = 100 * tally[status] / total
                if tally[status]:
                    segments.append(Segment(status, tally[status], round(x, 2), round(width, 2)))
                x += width
            out.append((period, segments, [tally[status] for status in GoalStatus]))
        return out


@dataclass
class Goals:
    period: Period | None
    goals: list[Goal]
    rows: list[tuple[FamilyCentre, list[GoalCell]]]
    trends: list[GoalTrend]


def goals(
    centres: QuerySet[FamilyCentre], periods: Iterable[Period], period: Period | None
) -> Goals:
    """Centres × goals for `period` (default: the latest of `periods` with a submitted report)
    from the submitted and approved reports, and every goal's traffic lights per period of
    `periods`. The assessments come as plain rows (a national year has tens of thousands),
    then the goals and centres they name: four queries."""
    periods = sorted(periods, key=lambda p: (p.start, p.kind))
    assessments = list(
        GoalAssessment.objects.filter(
            report__period__in=[p.pk for p in {*periods, *([period] if period else [])}],
            report__centre__in=centres,
            report__status__in=PUBLISHED_STATUSES,
        ).values_list("report__centre_id", "report__period_id", "report_id", "goal_id", "status")
    )
    if period is None:
        with_reports = {row[1] for row in assessments}
        period = next((p for p in reversed(periods) if p.pk in with_reports), None)
    in_period = [row for row in assessments if row[1] == getattr(period, "pk", None)]
    goals_by_pk = Goal.objects.select_related("municipality", "region").in_bulk(
        {row[3] for row in assessments}
    )
    goal_list = sorted(
        {goals_by_pk[row[3]] for row in in_period},
        key=lambda g: (g.region_id is not None, g.order, g.code),
    )
    cells: dict[int, dict[int, GoalCell]] = {}
    for centre_id, _period_id, report_id, goal_id, status in in_period:
        cells.setdefault(centre_id, {})[goal_id] = GoalCell(status, report_id, goal_id)
    centres_seen = FamilyCentre.objects.select_related("district").in_bulk(cells)
    rows = [
        (centre, [cells[centre.pk].get(g.pk, GoalCell()) for g in goal_list])
        for centre in sorted(centres_seen.values(), key=lambda c: c.name)
    ]
    counts: dict[tuple[int, int], dict[str, int]] = {}
    trend_goals: dict[int, Goal] = {}
    period_ids = {p.pk for p in periods}
    for _centre_id, period_id, _report_id, goal_id, status in assessments:
        if period_id not in period_ids:
            continue
        trend_goals[goal_id] = goals_by_pk[goal_id]
        tally = counts.setdefault((goal_id, period_id), dict.fromkeys(GoalStatus, 0))
        tally[status] += 1
    trends = [
        GoalTrend(
            goal=g,
            periods=[(p, counts[g.pk, p.pk]) for p in periods if (g.pk, p.pk) in counts],
        )
        for g in sorted(trend_goals.values(), key=lambda g: (g.region_id is not None, g.order))
    ]
    return Goals(period=period, goals=goal_list, rows=rows, trends=trends)


def goals_table(table: str, result: Goals) -> Table:
    """Centres × goals as a file, or (`table` "trend") the lights per goal and period."""
    if table == "trend":
        return Table(
            "mal-over-tid",
            str(_("Goals over time")),
            [_("Goal"), _("Owner"), _("Period"), *(s.label for s in GoalStatus)],
            (
                [t.goal.name, t.goal.owner_label, str(p), *(tally[s] for s in GoalStatus)]
                for t in result.trends
                for p, tally in t.periods
            ),
        )
    return Table(
        "mal",
        str(_("Goals")),
        [_("Family centre"), *(f"{g.code} {g.name}" for g in result.goals)],
        ([centre.name, *(c.label for c in cells)] for centre, cells in result.rows),
    )
