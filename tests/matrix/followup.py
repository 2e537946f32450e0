"""Follow-up: drafts are read inside the scope only, submitted and approved reports by everyone;
editors (alice, bob, charlie) change their centres' drafts; reviewers (bob, charlie) approve,
return and reopen; the övergripande koordinator (charlie) and admins set up goals, indicators
and periods."""

from __future__ import annotations

import datetime

from followup.models import Goal, Indicator, Period, ReportStatus
from tests.matrix import Row, everyone

EDITORS = {"alice": 302, "bob": 302, "charlie": 302, "admin": 302}
REVIEWERS = {"bob": 302, "charlie": 302, "admin": 302}
SETUP = {"charlie": 200, "admin": 200}


def build(w) -> None:
    w.fu_goal = Goal.objects.create(code="M1", name="Erbjuda lättillgängligt stöd", order=1)
    w.fu_indicator = Indicator.objects.create(
        code="OF-BARN", name="Besök barn", goal=w.fu_goal, required=True
    )

    def period(month: int) -> Period:
        start = datetime.date(2026, month, 1)
        end = datetime.date(2026, month + 3, 1) - datetime.timedelta(days=1)
        return Period.objects.create(
            start=start, end=end, deadline=end + datetime.timedelta(days=30)
        )

    w.fu_period, w.fu_prev, w.fu_old = period(7), period(4), period(1)
    w.fu_draft = w.hjallbo.reports.create(period=w.fu_period)
    w.fu_submitted = w.hjallbo.reports.create(period=w.fu_prev, status=ReportStatus.SUBMITTED)
    w.fu_approved = w.hjallbo.reports.create(period=w.fu_old, status=ReportStatus.APPROVED)
    w.fu_eve_draft = w.molnlycke_fc.reports.create(period=w.fu_period)


def _pk(name: str):
    return lambda w: {"pk": getattr(w, name).pk}


def _report_form(w) -> dict:
    return {
        "version": w.fu_draft.version,
        f"number_{w.fu_indicator.pk}": "12",
        f"status_{w.fu_indicator.pk}": "rapporterad",
        f"goal_status_{w.fu_goal.pk}": "ej-bedomt",
        "save": "",
    }


SCOPE_READ = everyone(404, alice=200, bob=200, charlie=200, diana=200, admin=200)

ROWS = [
    Row("followup:report-list", expect=everyone(200)),
    Row(
        "followup:report-list",
        query="?period=x&district=-1&status=evil&sort=hack&page=abc",
        expect=everyone(200),
    ),
    Row(
        "followup:report-create",
        expect=everyone(403, alice=200, bob=200, charlie=200, eve=200, admin=200),
    ),
    Row(
        "followup:report-create",
        method="post",
        data=lambda w: {"centre": w.hjallbo.pk, "period": w.fu_period.pk},
        expect=everyone(403, **EDITORS, eve=200),
    ),
    Row("followup:report-detail", kwargs=_pk("fu_draft"), expect=SCOPE_READ),
    Row("followup:report-detail", kwargs=_pk("fu_submitted"), expect=everyone(200)),
    Row("followup:report-detail", kwargs=_pk("fu_approved"), expect=everyone(200)),
    Row(
        "followup:report-edit",
        kwargs=_pk("fu_draft"),
        expect=everyone(404, alice=200, bob=200, charlie=200, diana=403, admin=200),
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
    Row(
        "followup:report-approve",
        kwargs=_pk("fu_draft"),
        method="post",
        expect=everyone(404, alice=403, diana=403, **REVIEWERS),
    ),
    Row("followup:goal-list", expect=everyone(200)),
    Row("followup:goal-list", query="?q=x&sort=evil&page=9", expect=everyone(200)),
    Row("followup:goal-create", expect=everyone(403, **SETUP)),
    Row(
        "followup:goal-create",
        method="post",
        data=lambda w: {"code": "M9", "name": "Stärka integrationen", "order": 9},
        expect=everyone(403, charlie=302, admin=302),
    ),
    Row("followup:goal-edit", kwargs=_pk("fu_goal"), expect=everyone(403, **SETUP)),
    Row("followup:indicator-list", expect=everyone(200)),
    Row("followup:indicator-list", query="?goal=x&kind=y&sort=z", expect=everyone(200)),
    Row("followup:indicator-create", expect=everyone(403, **SETUP)),
    Row("followup:indicator-edit", kwargs=_pk("fu_indicator"), expect=everyone(403, **SETUP)),
    Row("followup:period-list", expect=everyone(200)),
    Row("followup:period-list", query="?year=abc&kind=x&sort=y", expect=everyone(200)),
    Row("followup:period-create", expect=everyone(403, **SETUP)),
    Row("followup:period-edit", kwargs=_pk("fu_period"), expect=everyone(403, **SETUP)),
    Row("followup:period-lock", kwargs=_pk("fu_period"), expect=everyone(403, **SETUP)),
    Row(
        "followup:period-lock",
        kwargs=_pk("fu_period"),
        method="post",
        expect=everyone(403, charlie=302, admin=302),
    ),
    Row("followup:period-unlock", kwargs=_pk("fu_period"), expect=everyone(403, **SETUP)),
    Row(
        "followup:period-unlock",
        kwargs=_pk("fu_period"),
        method="post",
        expect=everyone(403, charlie=302, admin=302),
    ),
]
