"""The report's pages as the templates read them: its indicators grouped by goal and service
type, each row with its value, last period's, its target and its calculation, and the lines of
the form's error summary and of the reviewer's marks."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from centres.models import ServiceType
from followup import services
from followup.forms import ReportForm
from followup.models import (
    EDITABLE_STATUSES,
    Calculation,
    Goal,
    GoalAssessment,
    Indicator,
    Report,
    Value,
    ValueStatus,
    centre_target,
    field_key,
    format_number,
)


@dataclass
class Row:
    """One indicator on the report page or in the form."""

    indicator: Indicator
    value: Value | None = None
    previous: Value | None = None
    target: Any = None
    calculation: Calculation | None = None
    number: Any = None  # bound fields, in the form
    status: Any = None
    comment: Any = None
    errors: list[str] = field(default_factory=list)
    warning: str = ""  # "Stämmer siffran?" when submitting, see services.plausibility_warnings
    flags: list[str] = field(default_factory=list)  # on the review page, see flag_figures

    def _text(self, number: Any, status: str | None) -> str:
        return self.indicator.display(number, status)

    @property
    def shown_number(self) -> Any:
        """The figure the page shows, as a number (None for none, ej aktuellt, saknas)."""
        if self.indicator.is_calculated and self.calculation:
            number, status = self.calculation.number, self.calculation.status
        elif self.value:
            number, status = self.value.number, self.value.status
        else:
            return None
        return number if status == ValueStatus.REPORTED else None

    @property
    def text(self) -> str:
        """The saved value as shown on the report page ("" when not filled in); a calculated
        one live while the report is being edited, as stored once it is submitted."""
        if self.indicator.is_calculated and self.calculation:
            return self._text(self.calculation.number, self.calculation.status)
        return self._text(self.value.number, self.value.status) if self.value else ""

    @property
    def previous_text(self) -> str:
        return self._text(self.previous.number, self.previous.status) if self.previous else ""

    @property
    def target_text(self) -> str:
        """ "110 per central och kvartal": the target this centre's own figure is held
        against, with its level said."""
        return self.target.describe() if self.target else ""


@dataclass
class Section:
    service_type: ServiceType | None
    rows: list[Row] = field(default_factory=list)


@dataclass
class GoalGroup:
    goal: Goal
    assessment: GoalAssessment | None = None
    sections: list[Section] = field(default_factory=list)
    fields: list[Any] = field(default_factory=list)  # the assessment's bound fields, in the form

    @property
    def entered_rows(self) -> list[Row]:
        return [r for s in self.sections for r in s.rows if r.number is not None]

    @property
    def filled(self) -> int:
        """In the form: the values given (a number, or ej aktuellt / uppgift saknas), as the
        goal index counts them; `followup_report_form.js` counts the same way as one types."""
        return sum(
            1
            for r in self.entered_rows
            if r.number.value() not in (None, "")
            or r.status.value() not in (None, "", ValueStatus.REPORTED)
        )


@dataclass(frozen=True)
class Problem:
    """One line of the report form's error summary: a link to the field, what is wrong."""

    anchor: str
    label: str
    message: str


def error_summary(form: ReportForm, groups: list[GoalGroup]) -> list[Problem]:
    """Every error of a failed save, in page order: what the form refused, what submitting
    refused, and what no field shows (a stale form, a locked period)."""
    problems = [Problem("", "", str(m)) for m in form.non_field_errors()]

    def add(bound) -> None:
        for message in bound.errors:
            problems.append(Problem(bound.id_for_label, strip_tags(bound.label), str(message)))

    named = set()
    for group in groups:
        for section in group.sections:
            for row in section.rows:
                if row.number is None:
                    for message in row.errors:
                        anchor = f"calc-{row.indicator.pk}"
                        problems.append(Problem(anchor, row.indicator.name, str(message)))
                    continue
                for bound in (row.number, row.status, row.comment):
                    named.add(bound.name)
                    add(bound)
        for bound in group.fields:
            named.add(bound.name)
            add(bound)
    for bound in form:
        if bound.name not in named and not bound.is_hidden:
            add(bound)
    return problems


def goal_groups(
    report: Report,
    indicators: list[Indicator],
    goals: list[Goal],
    form: ReportForm | None = None,
    errors: dict[str, list[str]] | None = None,
    warnings: dict[str, str] | None = None,
) -> list[GoalGroup]:
    """The report's indicators grouped by goal, then by service type, with the saved values,
    last period's values, the year's targets and the calculated results."""
    values = {v.indicator_id: v for v in report.values.all()}
    previous = services.previous_values(report)
    data = services.report_data(report, values.values())
    calculations = (
        services.calculate_all(indicators, data) if report.status in EDITABLE_STATUSES else {}
    )
    assessments = {a.goal_id: a for a in report.assessments.all()}
    year = report.period.start.year
    errors = errors or {}
    warnings = warnings or {}
    groups = {
        g.pk: GoalGroup(
            goal=g,
            assessment=assessments.get(g.pk),
            fields=[
                form[field_key(kind, g.pk)]
                for kind in ("goal_status", "goal_analysis", "goal_next_steps")
            ]
            if form
            else [],
        )
        for g in goals
    }
    for ind in indicators:
        group = groups.get(ind.goal_id)
        if group is None:
            group = groups[ind.goal_id] = GoalGroup(goal=ind.goal)
        section = next(
            (s for s in group.sections if s.service_type == ind.service_type), None
        ) or Section(service_type=ind.service_type)
        if section not in group.sections:
            group.sections.append(section)
        row = Row(
            indicator=ind,
            value=values.get(ind.pk),
            previous=previous.get(ind.pk),
            target=centre_target(ind, year, report.period.kind),
            calculation=calculations.get(ind.pk),
            errors=errors.get(field_key("number", ind.pk), []) if ind.is_calculated else [],
            warning=warnings.get(field_key("number", ind.pk), ""),
        )
        if form and not ind.is_calculated:
            row.number = form[field_key("number", ind.pk)]
            row.status = form[field_key("status", ind.pk)]
            row.comment = form[field_key("comment", ind.pk)]
        section.rows.append(row)
    for group in groups.values():
        group.sections.sort(key=lambda s: (s.service_type is not None, str(s.service_type or "")))
    return list(groups.values())


def figure_warnings(groups: list[GoalGroup]) -> list[Problem]:
    """The "Stämmer siffran?" warnings in page order, linked to their fields."""
    return [
        Problem(row.number.id_for_label, row.indicator.name, row.warning)
        for group in groups
        for section in group.sections
        for row in section.rows
        if row.warning and row.number is not None
    ]


def flag_figures(report: Report, groups: list[GoalGroup]) -> int:
    """Marks for the reviewer the figures to look at twice, each with a text (not colour
    alone): outside the indicator's minimum–maximum, and far from the centre's figure for the
    period before (services.plausibility_warnings, FOLLOWUP_PLAUSIBILITY_FACTOR, the warning
    the samordnare confirmed when submitting). Returns how many rows are marked."""
    far = services.plausibility_warnings(report)
    flagged = 0
    for group in groups:
        for section in group.sections:
            for row in section.rows:
                ind, number = row.indicator, row.shown_number
                low, high = ind.minimum, ind.maximum
                if number is not None and (
                    (low is not None and number < low) or (high is not None and number > high)
                ):
                    if low is not None and high is not None:
                        limits = f"{format_number(low)}–{format_number(high)}{ind.unit_suffix}"
                    elif low is not None:
                        limits = f"≥ {format_number(low)}{ind.unit_suffix}"
                    else:
                        limits = f"≤ {format_number(high)}{ind.unit_suffix}"
                    row.flags.append(_("Outside min–max (%(limits)s)") % {"limits": limits})
                if field_key("number", ind.pk) in far:
                    row.flags.append(
                        _("Far from last period (%(previous)s)") % {"previous": row.previous_text}
                    )
                flagged += bool(row.flags)
    return flagged
