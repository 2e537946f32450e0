"""Writes to reports: saving drafts and every step of the workflow.

Every function is keyword-only and atomic, checks the user's permission (coordination rules via
followup.rules), refuses changes in a locked period, raises ValidationError with per-field
messages, and records a ReportEvent (who, when, what). Field changes are also kept by
simple_history.

The report's content travels as `ReportData`, a plain dict:
    {"values": {indicator_pk: {"number": Decimal | None, "status": str, "comment": str}},
     "assessments": {goal_pk: {"status": str, "analysis": str, "next_steps": str}},
     "articles": set of article pks,
     "ratings": {characteristic_pk: {"score": int | None, "comment": str, "improvement": str}},
     "children_views_gathered": bool | None, "children_views_how": str,
     "parents_views_gathered": bool | None, "parents_views_how": str,
     "development_areas": str}
Calculated indicators are never taken from the input: they are computed here on every save
and once more on submit, and stored as the report's values. A submitted or approved report shows
what was stored then: indicators added or factors changed later do not alter it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q, QuerySet
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from centres.models import CentreService, FamilyCentre
from familjecentral.spans import overlapping
from followup.models import (
    EDITABLE_STATUSES,
    PUBLISHED_STATUSES,
    Calculation,
    Characteristic,
    ChildRightsArticle,
    Goal,
    GoalAssessment,
    GoalStatus,
    Indicator,
    Period,
    Rating,
    Report,
    ReportAction,
    ReportEvent,
    ReportStatus,
    Unit,
    Value,
    ValueStatus,
    field_key,
    format_number,
)
from followup.rules import can_change_report, can_review_report

ReportData = dict[str, Any]

REPORT_TEXT_FIELDS = (
    "children_views_how",
    "parents_views_how",
    "development_areas",
)
REPORT_BOOL_FIELDS = ("children_views_gathered", "parents_views_gathered")


class ConflictError(Exception):
    """The report was saved by someone else since the user opened it."""

    def __init__(self, *, report: Report, yours: int, saved: int) -> None:
        super().__init__(f"Report {report.pk}: version {yours} is stale, {saved} is saved")
        self.report = report
        self.yours = yours
        self.saved = saved


# --- Reading a report's content -------------------------------------------------------------


def indicators_for(report: Report) -> list[Indicator]:
    """The active indicators that apply to the centre: of the period's own series
    (`Period.indicators_q`: its owner's, reported in periods of its kind, valid in it), for
    the service types it ran during the period or for the whole centre; plus any the report
    already holds a value for.

    A submitted or approved report has only the indicators it holds a value for: what was
    submitted, not what has been set up since."""
    if report.is_self_assessment:
        return []  # it rates the characteristics of the arbetssätt instead
    related = ("goal__region", "service_type", "numerator", "denominator")
    if report.pk and report.status in PUBLISHED_STATUSES:
        return list(
            Indicator.objects.filter(values__report=report)
            .select_related(*related)
            .prefetch_related("targets")
        )
    period = report.period
    service_types = (
        CentreService.objects.filter(centre_id=report.centre_id)
        .filter(overlapping(period.start, period.end, "started_on", "ended_on"))
        .values("service_type")
    )
    applicable = (
        Q(is_active=True)
        & period.indicators_q()
        & (Q(service_type__isnull=True) | Q(service_type__in=service_types))
    )
    if report.pk:
        applicable |= Q(pk__in=Value.objects.filter(report=report).values("indicator"))
    return list(
        Indicator.objects.filter(applicable).select_related(*related).prefetch_related("targets")
    )


def goals_for(report: Report) -> list[Goal]:
    """The active goals of the period's owner valid in the period, and those already
    assessed; only the assessed ones once submitted."""
    if report.is_self_assessment:
        return []
    assessed = GoalAssessment.objects.filter(report=report).values("goal") if report.pk else []
    goals = Q(pk__in=assessed)
    if not (report.pk and report.status in PUBLISHED_STATUSES):
        goals |= Q(is_active=True) & report.period.sets_q()
    return sorted(
        Goal.objects.filter(goals).select_related("region").prefetch_related("articles"),
        key=lambda g: (g.region_id is not None, g.order, g.code),
    )


def report_data(report: Report, values: Iterable[Value] | None = None) -> ReportData:
    """The report's saved content as ReportData."""
    if values is None:
        values = report.values.all()
    return {
        "values": {
            v.indicator_id: {"number": v.number, "status": v.status, "comment": v.comment}
            for v in values
        },
        "assessments": {
            a.goal_id: {"status": a.status, "analysis": a.analysis, "next_steps": a.next_steps}
            for a in report.assessments.all()
        },
        "articles": {a.pk for a in report.articles.all()},
        "ratings": {
            r.characteristic_id: {
                "score": r.score,
                "comment": r.comment,
                "improvement": r.improvement,
            }
            for r in (report.ratings.all() if report.is_self_assessment else ())
        },
        **{f: getattr(report, f) for f in REPORT_BOOL_FIELDS + REPORT_TEXT_FIELDS},
    }


def _entered(data: ReportData, indicator: Indicator | None) -> tuple[Decimal | None, str]:
    entry = data["values"].get(indicator.pk) if indicator else None
    if not entry:
        return None, ValueStatus.REPORTED
    return entry.get("number"), entry.get("status") or ValueStatus.REPORTED


def calculate_all(indicators: Iterable[Indicator], data: ReportData) -> dict[int, Calculation]:
    """Every calculated indicator's result from the entered values in `data`."""
    return {
        ind.pk: ind.calculate(_entered(data, ind.numerator), _entered(data, ind.denominator))
        for ind in indicators
        if ind.is_calculated
    }


def with_calculations(indicators: list[Indicator], data: ReportData) -> ReportData:
    """`data` with the calculated indicators' values filled in from the entered ones."""
    values = {
        pk: entry
        for pk, entry in data["values"].items()
        if not any(i.pk == pk and i.is_calculated for i in indicators)
    }
    for pk, calc in calculate_all(indicators, data).items():
        values[pk] = {"number": calc.number, "status": calc.status, "comment": ""}
    return {**data, "values": values}


def _yes_no(value: bool | None) -> str:
    if value is None:
        return ""
    return _("Yes") if value else _("No")


def describe(
    data: ReportData, indicators: Iterable[Indicator], goals: Iterable[Goal]
) -> dict[str, tuple[str, str]]:
    """Each part of the report as (label, text), keyed by form field name: what a person
    compares when two versions differ."""
    out: dict[str, tuple[str, str]] = {}
    for ind in indicators:
        entry = data["values"].get(ind.pk) or {}
        text = ind.display(entry.get("number"), entry.get("status"))
        out[field_key("number", ind.pk)] = (ind.name, text)
        out[field_key("comment", ind.pk)] = (
            _("%(indicator)s: comment") % {"indicator": ind.name},
            entry.get("comment", ""),
        )
    for goal in goals:
        entry = data["assessments"].get(goal.pk) or {}
        status = entry.get("status") or GoalStatus.NOT_ASSESSED
        out[field_key("goal_status", goal.pk)] = (
            _("%(goal)s: assessment") % {"goal": goal.name},
            str(GoalStatus(status).label),
        )
        out[field_key("goal_analysis", goal.pk)] = (
            _("%(goal)s: analysis") % {"goal": goal.name},
            entry.get("analysis", ""),
        )
        out[field_key("goal_next_steps", goal.pk)] = (
            _("%(goal)s: next steps") % {"goal": goal.name},
            entry.get("next_steps", ""),
        )
    if data.get("ratings"):
        for c in Characteristic.objects.filter(pk__in=data["ratings"]):
            entry = data["ratings"][c.pk]
            out[field_key("score", c.pk)] = (
                _("%(characteristic)s: score") % {"characteristic": c.name},
                str(entry.get("score") or ""),
            )
            out[field_key("comment", c.pk)] = (
                _("%(characteristic)s: comment") % {"characteristic": c.name},
                entry.get("comment", ""),
            )
            out[field_key("improvement", c.pk)] = (
                _("%(characteristic)s: planned improvement") % {"characteristic": c.name},
                entry.get("improvement", ""),
            )
        return out
    labels = {
        f.name: str(capfirst(f.verbose_name)) for f in Report._meta.get_fields() if f.concrete
    }
    articles = {a.pk: a.number for a in ChildRightsArticle.objects.all()}
    out["articles"] = (
        labels["articles"],
        ", ".join(str(n) for n in sorted(articles.get(pk, pk) for pk in data["articles"])),
    )
    for f in REPORT_BOOL_FIELDS:
        out[f] = (labels[f], _yes_no(data.get(f)))
    for f in REPORT_TEXT_FIELDS:
        out[f] = (labels[f], data.get(f) or "")
    return out


def differences(old: dict[str, tuple[str, str]], new: dict[str, tuple[str, str]]) -> list[dict]:
    """The parts that differ, as {"key", "field", "old", "new"}, in form order."""
    return [
        {"key": key, "field": label, "old": old.get(key, ("", ""))[1], "new": text}
        for key, (label, text) in new.items()
        if old.get(key, ("", ""))[1] != text
    ]


# --- Checks ---------------------------------------------------------------------------------


def _check_period_open(report: Report) -> None:
    if report.period.locked:
        raise ValidationError(
            _("The period %(period)s is locked: the report cannot be changed.")
            % {"period": report.period}
        )


def _check_can_change(user, report: Report) -> None:
    if not can_change_report(user, report):
        raise PermissionDenied
    _check_period_open(report)
    if report.status not in EDITABLE_STATUSES:
        raise ValidationError(
            _("The report is %(status)s: only a draft or a returned report can be changed.")
            % {"status": report.get_status_display().lower()}
        )


def _lock(report: Report) -> None:
    """Take the report's row and read it (and its period) afresh, inside the caller's
    transaction: a second reviewer acting at the same moment waits for the first to commit,
    and then sees what the first did. The period's row is held in share mode on PostgreSQL,
    so locking the period waits for a change under way (SQLite writes one at a time anyway)."""
    list(Report.objects.select_for_update().filter(pk=report.pk).values_list("pk"))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT 1 FROM followup_period WHERE id = %s FOR SHARE", [report.period_id]
            )
    report.refresh_from_db()
    report.period.refresh_from_db(fields=["locked"])


def _now_state(report: Report) -> str:
    """What the report is now and who made it so: "godkänd (Bob Berg, 23 november 14:03)"."""
    status = report.get_status_display().lower()
    last = report.events.select_related("user").first()
    if last is None or last.to_status != report.status or last.user is None:
        return status
    when = timezone.localtime(last.created_at)
    return _("%(status)s (%(who)s, %(when)s)") % {
        "status": status,
        "who": last.user.get_full_name() or last.user.get_username(),
        "when": formats.date_format(when, "j F H:i"),
    }


def _check_can_review(user, report: Report, expected: str) -> None:
    if not can_review_report(user, report):
        raise PermissionDenied
    _check_period_open(report)
    if report.status != expected:
        raise ValidationError(
            _("The report is %(status)s: this step is not possible now.")
            % {"status": _now_state(report)}
        )


def _bump(report: Report, user, **fields: Any) -> None:
    """Save a status change, raising the version so open edit forms notice it."""
    now = timezone.now()
    for name, value in fields.items():
        setattr(report, name, value)
    report.version += 1
    report.updated_at = now
    report.updated_by = user
    report._history_user = user
    report.save(update_fields=[*fields, "version", "updated_at", "updated_by"])


def _event(report: Report, user, action: str, from_status: str, **fields: Any) -> ReportEvent:
    return ReportEvent.objects.create(
        report=report,
        user=user,
        action=action,
        from_status=from_status,
        to_status=report.status,
        **fields,
    )


# --- Writes ---------------------------------------------------------------------------------


@transaction.atomic
def report_create(*, centre: FamilyCentre, period: Period, user) -> Report:
    """The centre's report for the period: the existing one, or a new draft."""
    existing = Report.objects.filter(centre=centre, period=period).first()
    if existing:
        return existing
    report = Report(centre=centre, period=period, updated_by=user)
    if not can_change_report(user, report):
        raise PermissionDenied
    _check_period_open(report)
    if not period.applies_to(centre):
        raise ValidationError({"period": period.not_for(centre)})
    if not period.expected_centres().filter(pk=centre.pk).exists():
        raise ValidationError(
            _("%(centre)s was not open during %(period)s and does not report for it.")
            % {"centre": centre, "period": period}
        )
    report._history_user = user
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:
        # Someone started the same report a moment ago: theirs is the report.
        return Report.objects.get(centre=centre, period=period)
    _event(report, user, ReportAction.CREATED, "")
    return report


@transaction.atomic
def report_save_draft(*, report: Report, user, data: ReportData, version: int) -> Report:
    """Save the report's content. `version` is the version the user started from: if someone
    saved in between, ConflictError is raised and nothing is written.

    The first save of a returned report makes it a draft again; the return event keeps the
    reviewer's reason in the history."""
    _lock(report)
    _check_can_change(user, report)
    before = report.status
    now = timezone.now()
    updated = Report.objects.filter(pk=report.pk, version=version).update(
        version=F("version") + 1, updated_at=now, updated_by=user, status=ReportStatus.DRAFT
    )
    if not updated:
        saved = Report.objects.values_list("version", flat=True).get(pk=report.pk)
        raise ConflictError(report=report, yours=version, saved=saved)

    indicators = indicators_for(report)
    goals = goals_for(report)
    existing_values = {v.indicator_id: v for v in report.values.all()}
    old = report_data(report, existing_values.values())
    new = with_calculations(
        indicators,
        {
            **old,
            **data,
            "values": {**old["values"], **data.get("values", {})},
            "assessments": {**old["assessments"], **data.get("assessments", {})},
            "articles": set(data.get("articles", old["articles"])),
            "ratings": {**old["ratings"], **data.get("ratings", {})},
        },
    )

    for ind in indicators:
        entry = new["values"].get(ind.pk)
        if entry is None:
            continue
        value = existing_values.get(ind.pk) or Value(report=report, indicator=ind)
        number = entry.get("number")
        status = entry.get("status") or ValueStatus.REPORTED
        comment = entry.get("comment", "")
        if status != ValueStatus.REPORTED:
            number = None
        if value.pk and (value.number, value.status, value.comment) == (number, status, comment):
            continue
        value.number, value.status, value.comment = number, status, comment
        value._history_user = user
        value.save()

    existing_assessments = {a.goal_id: a for a in report.assessments.all()}
    for goal in goals:
        entry = new["assessments"].get(goal.pk)
        if entry is None:
            continue
        assessment = existing_assessments.get(goal.pk) or GoalAssessment(report=report, goal=goal)
        fields = (
            entry.get("status") or GoalStatus.NOT_ASSESSED,
            entry.get("analysis", ""),
            entry.get("next_steps", ""),
        )
        if assessment.pk and (
            (assessment.status, assessment.analysis, assessment.next_steps) == fields
        ):
            continue
        assessment.status, assessment.analysis, assessment.next_steps = fields
        assessment._history_user = user
        assessment.save()

    _save_ratings(report, user, old["ratings"], new["ratings"])

    report.refresh_from_db()
    for f in REPORT_BOOL_FIELDS + REPORT_TEXT_FIELDS:
        setattr(report, f, new.get(f))
    report._history_user = user
    report.save(update_fields=[*REPORT_BOOL_FIELDS, *REPORT_TEXT_FIELDS])
    if set(new["articles"]) != old["articles"]:
        report.articles.set(new["articles"])

    changes = differences(describe(old, indicators, goals), describe(new, indicators, goals))
    if changes or report.status != before:
        _event(
            report,
            user,
            ReportAction.SAVED,
            before,
            changes=[{k: c[k] for k in ("field", "old", "new")} for c in changes],
        )
    return report


def _save_ratings(report: Report, user, old: dict, new: dict) -> None:
    """The self-assessment's ratings that changed (a follow-up report has none)."""
    if not report.is_self_assessment:
        return
    existing = {r.characteristic_id: r for r in report.ratings.all()}
    for pk in Characteristic.objects.filter(pk__in=new).values_list("pk", flat=True):
        entry = new[pk]
        fields = (entry.get("score"), entry.get("comment", ""), entry.get("improvement", ""))
        if old.get(pk) and tuple(old[pk][k] for k in ("score", "comment", "improvement")) == fields:
            continue
        rating = existing.get(pk) or Rating(report=report, characteristic_id=pk)
        rating.score, rating.comment, rating.improvement = fields
        rating._history_user = user
        rating.save()


def _store_calculations(report: Report, user, indicators: list[Indicator]) -> None:
    """Store every calculated indicator's result as the report's value, and an empty value for
    each entered indicator not filled in: the report then holds exactly what was submitted."""
    existing = {v.indicator_id: v for v in report.values.all()}
    calculations = calculate_all(indicators, report_data(report, existing.values()))
    for ind in indicators:
        value = existing.get(ind.pk)
        if not ind.is_calculated:
            if value is None:
                value = Value(report=report, indicator=ind)
                value._history_user = user
                value.save()
            continue
        calc = calculations[ind.pk]
        value = value or Value(report=report, indicator=ind)
        if value.pk and (value.number, value.status) == (calc.number, calc.status):
            continue
        value.number, value.status = calc.number, calc.status
        value._history_user = user
        value.save()


@transaction.atomic
def report_admin_saved(*, report: Report, user, before: ReportData | None) -> None:
    """Record a change made in Django admin like a save in the portal: calculated values
    recomputed, the version raised (open edit forms then notice it) and an event in the history
    with what changed. `before` is the content before the change, None when admin added it."""
    if before is None:
        _event(report, user, ReportAction.CREATED, "")
        return
    indicators = indicators_for(report)
    _store_calculations(report, user, [i for i in indicators if i.is_calculated])
    goals = goals_for(report)
    changes = differences(
        describe(before, indicators, goals), describe(report_data(report), indicators, goals)
    )
    if not changes:
        return
    Report.objects.filter(pk=report.pk).update(version=F("version") + 1)
    report.refresh_from_db(fields=["version"])
    _event(
        report,
        user,
        ReportAction.SAVED,
        report.status,
        changes=[{k: c[k] for k in ("field", "old", "new")} for c in changes],
    )


def submission_opens(period: Period, today: datetime.date | None = None) -> datetime.date | None:
    """The first day a report of `period` may be submitted, while that is still to come
    (None once it may be): the day after the period's end, unless the koordinator allows
    early submission. A self-assessment may be submitted any day of its year."""
    if period.is_self_assessment or period.may_submit(today):
        return None
    return period.end + datetime.timedelta(days=1)


def not_yet_message(period: Period) -> str:
    """Why a report of `period` cannot be submitted yet, and from when it can."""
    return _(
        "The period ends on %(end)s: the report can be saved now and submitted from %(opens)s."
    ) % {
        "end": formats.date_format(period.end, "j F Y"),
        "opens": formats.date_format(period.end + datetime.timedelta(days=1), "j F Y"),
    }


def submit_problems(report: Report) -> dict[str, list[str]]:
    """Every rule a report must meet before it is submitted, as messages per form field
    (NON_FIELD_ERRORS: about the whole report)."""
    if not (report.is_self_assessment or report.period.may_submit()):
        # A period's figures are complete once it has ended; a self-assessment rates the
        # work as it is today and may be submitted during its year.
        return {NON_FIELD_ERRORS: [not_yet_message(report.period)]}
    if report.is_self_assessment:
        scored = set(
            report.ratings.filter(score__isnull=False).values_list("characteristic", flat=True)
        )
        return {
            field_key("score", pk): [_("Rate this characteristic from 1 to 4.")]
            for pk in Characteristic.objects.values_list("pk", flat=True)
            if pk not in scored
        }
    indicators = indicators_for(report)
    by_pk = {i.pk: i for i in indicators}
    data = report_data(report)
    calculations = calculate_all(indicators, data)
    errors: dict[str, list[str]] = {}

    def add(key: str, message: str) -> None:
        errors.setdefault(key, []).append(message)

    for ind in indicators:
        key = field_key("number", ind.pk)
        if ind.is_calculated:
            calc = calculations[ind.pk]
            number, status = calc.number, calc.status
            parts = {"numerator": ind.numerator.name, "denominator": ind.denominator.name}
            if calc.problem == "zero":
                add(
                    key,
                    _(
                        "Cannot be calculated: “%(denominator)s” is 0. Check the figure, or mark "
                        "it ej aktuellt if it does not apply."
                    )
                    % parts,
                )
                continue
            if calc.problem == "missing" and ind.required:
                add(
                    key,
                    _("Cannot be calculated: fill in “%(numerator)s” and “%(denominator)s”.")
                    % parts,
                )
                continue
        else:
            number, status = _entered(data, by_pk[ind.pk])
            if ind.required and number is None and status == ValueStatus.REPORTED:
                add(key, _("Enter a value, or mark it ej aktuellt or uppgift saknas."))
                continue
            if number is not None and ind.unit == Unit.COUNT and number != number.to_integral():
                add(key, _("A count is a whole number, e.g. 12."))
                continue
        if number is None:
            continue
        if ind.is_yes_no and number not in (0, 1):
            add(key, _("Choose yes or no."))
            continue
        suffix = ind.unit_suffix
        if ind.minimum is not None and number < ind.minimum:
            add(
                key,
                _("The value must be at least %(limit)s.")
                % {"limit": f"{format_number(ind.minimum)}{suffix}"},
            )
        if ind.maximum is not None and number > ind.maximum:
            if ind.is_calculated:
                add(
                    key,
                    _(
                        "The calculated value %(value)s is above the maximum %(limit)s: check "
                        "“%(numerator)s” and “%(denominator)s”."
                    )
                    % {
                        "value": f"{format_number(number)}{suffix}",
                        "limit": f"{format_number(ind.maximum)}{suffix}",
                        "numerator": ind.numerator.name,
                        "denominator": ind.denominator.name,
                    },
                )
            else:
                add(
                    key,
                    _("The value must be at most %(limit)s.")
                    % {"limit": f"{format_number(ind.maximum)}{suffix}"},
                )

    goals = goals_for(report)
    assessed = 0
    for goal in goals:
        entry = data["assessments"].get(goal.pk) or {}
        status = entry.get("status") or GoalStatus.NOT_ASSESSED
        if status != GoalStatus.NOT_ASSESSED:
            assessed += 1
            if not (entry.get("analysis") or "").strip():
                add(field_key("goal_analysis", goal.pk), _("Write an analysis of your assessment."))
    if goals and not assessed:
        # Said on the first goal's assessment, where the error summary's link leads.
        add(
            field_key("goal_status", goals[0].pk),
            _("Assess at least one goal: a report with every goal Ej bedömt cannot be submitted."),
        )

    for who, gathered, how in (
        ("children", "children_views_gathered", "children_views_how"),
        ("parents", "parents_views_gathered", "parents_views_how"),
    ):
        if data[gathered] is None:
            add(
                gathered,
                _("Answer whether children's views were gathered.")
                if who == "children"
                else _("Answer whether parents' views were gathered."),
            )
        elif data[gathered] and not (data[how] or "").strip():
            add(how, _("Describe how the views were gathered."))
    return errors


@transaction.atomic
def report_submit(*, report: Report, user) -> Report:
    """Submit for review after checking every rule (ValidationError per field otherwise)."""
    _lock(report)
    _check_can_change(user, report)
    problems = submit_problems(report)
    if problems:
        raise ValidationError(problems)
    _store_calculations(report, user, indicators_for(report))
    before = report.status
    now = timezone.now()
    _bump(
        report,
        user,
        status=ReportStatus.SUBMITTED,
        submitted_at=now,
        first_submitted_at=report.first_submitted_at or now,
        submitted_by=user,
    )
    _event(report, user, ReportAction.SUBMITTED, before)
    return report


def _reason(reason: str | None) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give a reason, so the centre knows what to change.")})
    return reason


@transaction.atomic
def report_return(*, report: Report, user, reason: str) -> Report:
    """Send a submitted report back to the centre, with a required reason."""
    _lock(report)
    _check_can_review(user, report, ReportStatus.SUBMITTED)
    reason = _reason(reason)
    before = report.status
    _bump(
        report,
        user,
        status=ReportStatus.RETURNED,
        returned_at=timezone.now(),
        returned_by=user,
        return_reason=reason,
    )
    _event(report, user, ReportAction.RETURNED, before, reason=reason)
    return report


def four_eyes_block(user, report: Report) -> bool:
    """Whether the four-eyes rule stops `user` approving `report`: they submitted it."""
    return (
        settings.PORTAL_FOUR_EYES
        and not user.is_superuser
        and report.submitted_by_id is not None
        and report.submitted_by_id == user.pk
    )


@transaction.atomic
def report_approve(*, report: Report, user) -> Report:
    """Approve a submitted report: it is locked until an approver reopens it. Four eyes: the
    person who submitted it may not (PORTAL_FOUR_EYES; superusers may)."""
    _lock(report)
    _check_can_review(user, report, ReportStatus.SUBMITTED)
    if four_eyes_block(user, report):
        raise ValidationError(
            _(
                "You submitted the report, so another reviewer must approve it (four eyes). "
                "You may still return it."
            )
        )
    before = report.status
    _bump(report, user, status=ReportStatus.APPROVED, approved_at=timezone.now(), approved_by=user)
    _event(report, user, ReportAction.APPROVED, before)
    return report


@transaction.atomic
def report_reopen(*, report: Report, user, reason: str) -> Report:
    """Reopen an approved report as a draft, with a required reason."""
    _lock(report)
    _check_can_review(user, report, ReportStatus.APPROVED)
    reason = _reason(reason)
    before = report.status
    _bump(
        report,
        user,
        status=ReportStatus.DRAFT,
        approved_at=None,
        approved_by=None,
        return_reason=reason,
    )
    _event(report, user, ReportAction.REOPENED, before, reason=reason)
    return report


def previous_values(report: Report) -> dict[int, Value]:
    """The values of the same centre's report for the previous period, by indicator pk."""
    previous = report.period.previous()
    if previous is None:
        return {}
    return {
        v.indicator_id: v
        for v in Value.objects.filter(report__centre_id=report.centre_id, report__period=previous)
    }


def plausibility_warnings(report: Report) -> dict[str, str]:
    """ "Stämmer siffran?" per form field: each entered figure more than
    FOLLOWUP_PLAUSIBILITY_FACTOR times larger or smaller than the centre's figure for the same
    indicator in the period before (of the same series, as the form shows it under "Last
    period"). A warning the user confirms before submitting, never a block. Figures where
    either is 0, or a yes/no answer, have no factor to compare."""
    factor = Decimal(str(settings.FOLLOWUP_PLAUSIBILITY_FACTOR))
    previous = previous_values(report)
    if not previous or factor <= 0:
        return {}
    current = _reported_numbers(report)
    warnings = {}
    for ind in indicators_for(report):
        now, before = current.get(ind.pk), previous.get(ind.pk)
        if ind.is_calculated or ind.is_yes_no or not now or before is None:
            continue
        if before.status != ValueStatus.REPORTED or not before.number:
            continue
        if now > before.number * factor or before.number > now * factor:
            warnings[field_key("number", ind.pk)] = _(
                "Is the figure right? Last period's was %(previous)s: this one is more than "
                "%(factor)s times larger or smaller."
            ) % {"previous": ind.display(before.number), "factor": format_number(factor)}
    return warnings


def _reported_numbers(report: Report) -> dict[int, Decimal]:
    return {
        v.indicator_id: v.number
        for v in report.values.all()
        if v.status == ValueStatus.REPORTED and v.number is not None
    }


def warnings_token(report: Report, warnings: dict[str, str]) -> str:
    """What the user confirms with "the figures are right": the warned figures as they are
    saved now, so a confirmation does not carry over to a figure changed afterwards."""
    current = {field_key("number", pk): n for pk, n in _reported_numbers(report).items()}
    return ";".join(f"{key}={format_number(current.get(key))}" for key in sorted(warnings))


def expected_without_report(period: Period, centres: QuerySet[FamilyCentre]) -> QuerySet:
    """Centres of `centres` expected to report for `period` that have no report yet."""
    return (
        period.expected_centres()
        .filter(pk__in=centres.values("pk"))
        .exclude(reports__period=period)
    )
