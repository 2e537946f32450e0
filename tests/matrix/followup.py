"""Follow-up: drafts are read inside the scope only (the regional koordinator heidi reads no
draft, also not in the region's own periods: a draft is the municipality's work in progress),
submitted and approved reports by everyone; editors (alice, bob, charlie for Göteborg; eve,
grace for Härryda) change their centres' drafts; reviewers (bob, charlie; grace) approve,
return and reopen.

Each organisation owns its follow-up: charlie sets up Göteborg's goals, indicators and periods,
grace Härryda's, heidi the region's shared set, admins everyone's. A set-up page of another
owner answers 403, also to a hand-made POST; a create form that is posted an owner, goal or
centre the user was not offered keeps the page (200) with the error on that field."""

from __future__ import annotations

import datetime

from followup.arbetssatt import ensure_characteristics
from followup.models import Characteristic, Goal, Indicator, Period, PeriodKind, ReportStatus
from tests.followup.factories import indicator_post
from tests.matrix import Row, everyone

EDITORS = {"alice": 302, "bob": 302, "charlie": 302, "admin": 302}
REVIEWERS = {"bob": 302, "charlie": 302, "admin": 302}
SETUP = {"charlie": 200, "grace": 200, "heidi": 200, "admin": 200}
# A create form posted another owner's object: the form is shown again with the error.
REFUSED_ON_FIELD = {"charlie": 200, "grace": 200, "heidi": 200, "admin": 302}


def build(w) -> None:
    def goal(code: str, **owner) -> Goal:
        return Goal.objects.create(code=code, name=f"Mål {code}", order=1, **owner)

    def indicator(code: str, of: Goal) -> Indicator:
        return Indicator.objects.create(code=code, name=f"Besök {code}", goal=of, required=True)

    def period(month: int, **owner) -> Period:
        start = datetime.date(2026, month, 1)
        end = datetime.date(2026, month + 3, 1) - datetime.timedelta(days=1)
        return Period.objects.create(
            start=start, end=end, deadline=end + datetime.timedelta(days=30), **owner
        )

    w.fu_goal = goal("M1", municipality=w.goteborg)
    w.fu_indicator = indicator("OF-BARN", w.fu_goal)
    w.fu_harryda_goal = goal("H1", municipality=w.harryda)
    w.fu_harryda_indicator = indicator("OF-BARN", w.fu_harryda_goal)
    w.fu_region_goal = goal("R1", region=w.region)
    w.fu_region_indicator = indicator("R-BESOK", w.fu_region_goal)
    w.fu_period, w.fu_prev, w.fu_old = (period(m, municipality=w.goteborg) for m in (7, 4, 1))
    w.fu_harryda_period = period(7, municipality=w.harryda)
    w.fu_region_period = Period.objects.create(
        kind=PeriodKind.YEAR,
        start=datetime.date(2026, 1, 1),
        end=datetime.date(2026, 12, 31),
        deadline=datetime.date(2027, 1, 31),
        region=w.region,
    )
    w.fu_draft = w.hjallbo.reports.create(period=w.fu_period)
    ensure_characteristics()
    w.fu_self_assessment = w.hjallbo.reports.create(
        period=Period.objects.create(
            kind=PeriodKind.SELF_ASSESSMENT,
            start=datetime.date(2026, 9, 1),
            end=datetime.date(2026, 10, 31),
            deadline=datetime.date(2026, 11, 30),
            municipality=w.goteborg,
        )
    )
    w.fu_submitted = w.hjallbo.reports.create(period=w.fu_prev, status=ReportStatus.SUBMITTED)
    w.fu_approved = w.hjallbo.reports.create(period=w.fu_old, status=ReportStatus.APPROVED)
    w.fu_eve_draft = w.molnlycke_fc.reports.create(period=w.fu_harryda_period)
    # A draft in the region's own period: still Göteborg's work in progress.
    w.fu_region_draft = w.kungssten.reports.create(period=w.fu_region_period)
    w.fu_eve_submitted = w.molnlycke_fc.reports.create(
        period=Period.objects.create(
            start=datetime.date(2026, 4, 1),
            end=datetime.date(2026, 6, 30),
            deadline=datetime.date(2026, 7, 31),
            municipality=w.harryda,
        ),
        status=ReportStatus.SUBMITTED,
    )


def _pk(name: str):
    return lambda w: {"pk": getattr(w, name).pk}


def _report_form(w) -> dict:
    """Hjällbo's report: Göteborg's goal and indicator, and the region's shared ones."""
    data = {"version": w.fu_draft.version, "save": ""}
    for goal, indicator in ((w.fu_goal, w.fu_indicator), (w.fu_region_goal, w.fu_region_indicator)):
        data |= {
            f"number_{indicator.pk}": "12",
            f"status_{indicator.pk}": "rapporterad",
            f"goal_status_{goal.pk}": "ej-bedomt",
        }
    return data


def _self_assessment_form(w) -> dict:
    """Hjällbo's self-assessment: a score for each characteristic."""
    data = {"version": w.fu_self_assessment.version, "save": ""}
    for c in Characteristic.objects.all():
        data |= {f"score_{c.pk}": "3", f"comment_{c.pk}": "", f"improvement_{c.pk}": ""}
    return data


def _eve_report_form(w) -> dict:
    """Mölnlycke's report: Härryda's goal and indicator, and the region's shared ones."""
    data = {"version": w.fu_eve_draft.version, "save": ""}
    for goal, indicator in (
        (w.fu_harryda_goal, w.fu_harryda_indicator),
        (w.fu_region_goal, w.fu_region_indicator),
    ):
        data |= {
            f"number_{indicator.pk}": "7",
            f"status_{indicator.pk}": "rapporterad",
            f"goal_status_{goal.pk}": "ej-bedomt",
        }
    return data


def _goal_form(scope: str):
    """A goal of the owner `scope` ("goteborg", "harryda" or "region")."""

    def data(w) -> dict:
        owner = getattr(w, scope)
        kind = "region" if scope == "region" else "municipality"
        return {"scope": f"{kind}:{owner.pk}", "code": "X9", "name": "Stärka språket", "order": 9}

    return data


def _indicator_form(goal: str):
    return lambda w: indicator_post(getattr(w, goal))


def _period_form(scope: str, start: str = "2027-01-01"):
    def data(w) -> dict:
        owner = getattr(w, scope)
        kind = "region" if scope == "region" else "municipality"
        return {
            "scope": f"{kind}:{owner.pk}",
            "kind": "kvartal",
            "start": start,
            "end": "2027-03-31",
            "deadline": "2027-04-30",
            "grace_days": "5",
        }

    return data


def _create(centre: str, period: str):
    return lambda w: {"centre": getattr(w, centre).pk, "period": getattr(w, period).pk}


SCOPE_READ = everyone(404, alice=200, bob=200, charlie=200, diana=200, admin=200)
HARRYDA_READ = everyone(404, eve=200, grace=200, admin=200)

# The set-up pages of each owner: who may open them (GET 200) and save them (POST 302).
OWNERS = {
    "goteborg": ("fu_goal", "fu_indicator", "fu_period", "charlie"),
    "harryda": ("fu_harryda_goal", "fu_harryda_indicator", "fu_harryda_period", "grace"),
    "region": ("fu_region_goal", "fu_region_indicator", "fu_region_period", "heidi"),
}


def _dashboard_rows(name: str, *queries: str) -> list[Row]:
    """A dashboard without and with `queries`: 200 for whoever has an assignment."""
    return [
        Row(f"followup:{name}", query=q, expect=everyone(200, frank=403)) for q in ("", *queries)
    ]


def _setup_rows() -> list[Row]:
    rows = []
    for scope, (goal, indicator, period, koordinator) in OWNERS.items():
        read = everyone(403, **{koordinator: 200, "admin": 200})
        write = everyone(403, **{koordinator: 302, "admin": 302})
        rows += [
            Row("followup:goal-edit", kwargs=_pk(goal), expect=read),
            Row(
                "followup:goal-edit",
                kwargs=_pk(goal),
                method="post",
                data=_goal_form(scope),
                expect=write,
            ),
            Row("followup:indicator-edit", kwargs=_pk(indicator), expect=read),
            Row(
                "followup:indicator-edit",
                kwargs=_pk(indicator),
                method="post",
                data=_indicator_form(goal),
                expect=write,
            ),
            Row("followup:period-edit", kwargs=_pk(period), expect=read),
            Row(
                "followup:period-edit",
                kwargs=_pk(period),
                method="post",
                data=_period_form(scope, "2026-10-01"),
                expect=write,
            ),
            Row("followup:period-lock", kwargs=_pk(period), expect=read),
            Row("followup:period-lock", kwargs=_pk(period), method="post", expect=write),
            Row("followup:period-unlock", kwargs=_pk(period), expect=read),
            Row("followup:period-unlock", kwargs=_pk(period), method="post", expect=write),
            # Creating for this owner: its koordinator saves; another koordinator is not
            # offered the owner (or its goal) and gets the form back with the error.
            Row(
                "followup:goal-create",
                method="post",
                data=_goal_form(scope),
                expect=everyone(403, **{**REFUSED_ON_FIELD, koordinator: 302}),
            ),
            Row(
                "followup:indicator-create",
                method="post",
                data=_indicator_form(goal),
                expect=everyone(403, **{**REFUSED_ON_FIELD, koordinator: 302}),
            ),
            Row(
                "followup:period-create",
                method="post",
                data=_period_form(scope),
                expect=everyone(403, **{**REFUSED_ON_FIELD, koordinator: 302}),
            ),
        ]
    return rows


ROWS = [
    Row("followup:report-list", expect=everyone(200)),
    Row(
        "followup:report-list",
        query="?period=x&district=-1&status=evil&sort=hack&page=abc",
        expect=everyone(200),
    ),
    Row(
        "followup:report-create",
        expect=everyone(403, alice=200, bob=200, charlie=200, eve=200, grace=200, admin=200),
    ),
    Row(
        "followup:report-create",
        method="post",
        data=_create("hjallbo", "fu_period"),
        # Härryda's editors are not offered Hjällbo: the form says so on the centre.
        expect=everyone(403, **EDITORS, eve=200, grace=200),
    ),
    Row(
        "followup:report-create",
        method="post",
        data=_create("hjallbo", "fu_region_period"),
        expect=everyone(403, **EDITORS, eve=200, grace=200),
    ),
    Row(
        "followup:report-create",
        method="post",
        data=_create("molnlycke_fc", "fu_harryda_period"),
        expect=everyone(403, alice=200, bob=200, charlie=200, eve=302, grace=302, admin=302),
    ),
    # Hjällbo does not report in Härryda's period: refused on the period for everyone.
    Row(
        "followup:report-create",
        method="post",
        data=_create("hjallbo", "fu_harryda_period"),
        expect=everyone(403, alice=200, bob=200, charlie=200, eve=200, grace=200, admin=200),
    ),
    Row("followup:report-detail", kwargs=_pk("fu_draft"), expect=SCOPE_READ),
    Row("followup:report-detail", kwargs=_pk("fu_eve_draft"), expect=HARRYDA_READ),
    Row(
        "followup:report-detail",
        kwargs=_pk("fu_region_draft"),
        expect=everyone(404, charlie=200, admin=200),
    ),
    Row("followup:report-detail", kwargs=_pk("fu_submitted"), expect=everyone(200)),
    Row("followup:report-detail", kwargs=_pk("fu_approved"), expect=everyone(200)),
    Row(
        "followup:report-edit",
        kwargs=_pk("fu_draft"),
        expect={**SCOPE_READ, "diana": 403},
    ),
    Row(
        "followup:report-edit",
        kwargs=_pk("fu_draft"),
        method="post",
        data=_report_form,
        expect=everyone(404, **EDITORS, diana=403),
    ),
    Row(
        "followup:report-edit",
        kwargs=_pk("fu_eve_draft"),
        expect=HARRYDA_READ,
    ),
    # The self-assessment: the same workflow and scope as a report.
    Row("followup:report-detail", kwargs=_pk("fu_self_assessment"), expect=SCOPE_READ),
    Row(
        "followup:report-edit",
        kwargs=_pk("fu_self_assessment"),
        expect={**SCOPE_READ, "diana": 403},
    ),
    Row(
        "followup:report-edit",
        kwargs=_pk("fu_self_assessment"),
        method="post",
        data=_self_assessment_form,
        expect=everyone(404, **EDITORS, diana=403),
    ),
    Row(
        "followup:report-edit",
        kwargs=_pk("fu_eve_draft"),
        method="post",
        data=_eve_report_form,
        expect=everyone(404, eve=302, grace=302, admin=302),
    ),
    Row(
        "followup:report-edit",
        kwargs=_pk("fu_submitted"),
        expect=everyone(403, **EDITORS),
    ),
    Row(
        "followup:report-edit",
        kwargs=_pk("fu_submitted"),
        method="post",
        data=_report_form,
        expect=everyone(403, **dict.fromkeys(EDITORS, 409)),
    ),
    Row(
        "followup:report-review",
        kwargs=_pk("fu_draft"),
        expect=everyone(404, alice=403, bob=200, charlie=200, diana=403, admin=200),
    ),
    Row(
        "followup:report-review",
        kwargs=_pk("fu_eve_draft"),
        expect=everyone(404, eve=403, grace=200, admin=200),
    ),
    Row(
        "followup:report-review",
        kwargs=_pk("fu_submitted"),
        expect=everyone(403, bob=200, charlie=200, admin=200),
    ),
    Row(
        "followup:report-approve",
        kwargs=_pk("fu_submitted"),
        method="post",
        expect=everyone(403, **REVIEWERS),
    ),
    Row(
        "followup:report-return",
        kwargs=_pk("fu_submitted"),
        method="post",
        data=lambda w: {"return-reason": "Komplettera besöken."},
        expect=everyone(403, **REVIEWERS),
    ),
    Row(
        "followup:report-reopen",
        kwargs=_pk("fu_approved"),
        method="post",
        data=lambda w: {"reopen-reason": "Fel siffra för hembesök."},
        expect=everyone(403, **REVIEWERS),
    ),
    # Härryda's submitted report: Härryda's koordinator reviews it, Göteborg's do not.
    Row(
        "followup:report-review",
        kwargs=_pk("fu_eve_submitted"),
        expect=everyone(403, grace=200, admin=200),
    ),
    Row(
        "followup:report-approve",
        kwargs=_pk("fu_eve_submitted"),
        method="post",
        expect=everyone(403, grace=302, admin=302),
    ),
    Row(
        "followup:report-return",
        kwargs=_pk("fu_eve_submitted"),
        method="post",
        data=lambda w: {"return-reason": "Komplettera besöken."},
        expect=everyone(403, grace=302, admin=302),
    ),
    Row(
        "followup:report-approve",
        kwargs=_pk("fu_draft"),
        method="post",
        expect=everyone(404, alice=403, diana=403, **REVIEWERS),
    ),
    Row("followup:goal-list", expect=everyone(200)),
    Row("followup:goal-list", query="?q=x&sort=evil&page=9&owner=hack", expect=everyone(200)),
    Row("followup:goal-list", query="?owner=alla&sort=-owner", expect=everyone(200)),
    Row("followup:goal-create", expect=everyone(403, **SETUP)),
    Row("followup:indicator-list", expect=everyone(200)),
    Row("followup:indicator-list", query="?goal=x&kind=y&sort=z&owner=-1", expect=everyone(200)),
    Row("followup:indicator-create", expect=everyone(403, **SETUP)),
    Row("followup:period-list", expect=everyone(200)),
    Row(
        "followup:period-list",
        query="?year=abc&kind=x&sort=y&owner=region:abc",
        expect=everyone(200),
    ),
    Row("followup:period-create", expect=everyone(403, **SETUP)),
    *_setup_rows(),
    # Dashboards: whoever has an assignment, each seeing their own area's centres; bad
    # filters are ignored and every table downloads
    *_dashboard_rows("dashboard-index"),
    *_dashboard_rows(
        "dashboard-completeness",
        "?period=x&district=-1&municipality=abc&kind=evil&owner=region:x",
        "?format=csv",
        "?format=xlsx&kind=kvartal",
    ),
    *_dashboard_rows(
        "dashboard-indicators",
        "?indicator=abc&period=-1&table=totals&format=xlsx",
        "?table=trend&format=csv",
    ),
    *_dashboard_rows("values-export", "?format=xlsx&period=x&district=-4"),
    *_dashboard_rows("dashboard-regional", "?format=csv", "?format=xlsx"),
    # A region or municipality not offered (or not a number) is refused, never widened.
    Row("followup:dashboard-regional", query="?region=-1", expect=everyone(404, frank=403)),
    Row(
        "followup:dashboard-regional",
        query="?municipality=abc&format=csv",
        expect=everyone(404, frank=403),
    ),
    *_dashboard_rows("dashboard-reach", "?year=x&district=abc&format=xlsx"),
    *_dashboard_rows(
        "dashboard-goals", "?period=abc&owner=x&table=trend&format=xlsx", "?format=csv"
    ),
    *_dashboard_rows(
        "dashboard-coverage", "?period=x&district=abc&table=districts&format=csv", "?format=xlsx"
    ),
    *_dashboard_rows(
        "dashboard-self-assessment",
        "?year=abc&municipality=x&district=-1",
        "?year=2026&format=csv",
        "?format=xlsx",
    ),
    *_dashboard_rows(
        "dashboard-economy", "?year=99999999999&municipality=x&format=xlsx", "?format=csv"
    ),
    Row("followup:annual-report-index", expect=everyone(200, frank=403)),
    Row(
        "followup:annual-report",
        kwargs=lambda w: {"kind": "central", "pk": w.hjallbo.pk, "year": 2026},
        expect=everyone(404, frank=403, alice=200, bob=200, charlie=200, diana=200, heidi=200)
        | {"admin": 200},
    ),
    Row(
        "followup:annual-report",
        kwargs=lambda w: {"kind": "kommun", "pk": w.harryda.pk, "year": 2026},
        expect=everyone(404, frank=403, grace=200, heidi=200, admin=200),
    ),
    Row(
        "followup:annual-report",
        kwargs=lambda w: {"kind": "stadsdel", "pk": w.angered.pk, "year": 1999},
        expect=everyone(404, frank=403),
    ),
    Row(
        "followup:annual-report",
        kwargs=lambda w: {"kind": "planet", "pk": w.angered.pk, "year": 2026},
        expect=everyone(404, frank=403),
    ),
]
