"""Follow-up pages: reports (list, read, edit, review) and the set-up of goals, indicators and
periods. Access is decided by followup.rules (built on coordination.rules)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F, Func, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from centres.area import ALL
from centres.models import District, FamilyCentre, Municipality, Region, ServiceType
from coordination.models import Agreement, AgreementStatus
from coordination.rules import area_of, centres_for_user, followup_owners_for_user, own_area
from familjecentral.lists import paginate, sorting
from followup import arbetssatt, comparison, dashboards, exports, services
from followup.forms import (
    CoverageFilterForm,
    DashboardFilterForm,
    EconomyFilterForm,
    GoalForm,
    IndicatorDashboardForm,
    IndicatorForm,
    OwnerFilterField,
    PeriodFilterForm,
    PeriodForm,
    ReasonForm,
    ReportCreateForm,
    ReportFilterForm,
    ReportForm,
    SelfAssessmentFilterForm,
    SetupFilterForm,
    TargetFormSet,
    valid_filters,
)
from followup.models import (
    EDITABLE_STATUSES,
    PUBLISHED_STATUSES,
    Calculation,
    Goal,
    GoalAssessment,
    GoalStatus,
    Indicator,
    LastDayOnTime,
    Period,
    Report,
    ReportStatus,
    Value,
    ValueStatus,
    centre_target,
    field_key,
    format_number,
    owned_by_q,
)
from followup.rules import (
    comparison_municipalities,
    comparison_regions,
    dashboard_centres,
    dashboard_districts,
    dashboard_municipalities,
    get_report_for_user,
    reports_for_user,
    require_review,
    require_setup,
)

# --- Reports --------------------------------------------------------------------------------


# /uppfoljning/
@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    # The user's own area by default (the centres of their assignments); "Visa alla": every
    # report they may read. Superusers and users without assignments have no area of their own.
    area = None if request.GET.get("scope") == ALL else own_area(request.user)
    form = ReportFilterForm(request.GET, area=area)
    filters = valid_filters(form)
    reports = reports_for_user(request.user).select_related(
        "centre", "district__municipality", "period", "submitted_by"
    )
    if area is not None:
        reports = reports.filter(centre__in=area.centres.values("pk"))
    if "period" in filters:
        reports = reports.filter(period=filters["period"])
    if "district" in filters:
        reports = reports.filter(district=filters["district"])
    if "centre" in filters:
        reports = reports.filter(centre=filters["centre"])
    if "status" in filters:
        reports = reports.filter(status=filters["status"])
    order, columns = sorting(
        request,
        {
            "period": (gettext_lazy("Period"), ["period__start", "centre__name"]),
            "centre": (gettext_lazy("Family centre"), ["centre__name", "-period__start"]),
            "district": (
                gettext_lazy("District"),
                ["district__name", "centre__name", "-period__start"],
            ),
            "status": (gettext_lazy("Status"), ["status", "-period__start", "centre__name"]),
            "submitted": (gettext_lazy("Submitted"), ["submitted_at", "centre__name"]),
        },
        default="-period",
    )
    page = paginate(request, reports.order_by(*order))
    can_create = centres_for_user(request.user).exists()
    return render(
        request,
        "followup/report_list.html",
        {"form": form, "page": page, "columns": columns, "can_create": can_create},
    )


# /uppfoljning/rapporter/ny/
@login_required
def report_create(request: HttpRequest) -> HttpResponse:
    centres = centres_for_user(request.user).select_related("district").order_by("name")
    if not centres.exists():
        raise PermissionDenied
    initial = request.GET.dict()
    form = ReportCreateForm(request.POST or None, centres=centres, initial=initial)
    for name in ("centre", "period"):  # a single choice is preselected
        offered = form.fields[name].queryset
        if name not in initial and len(offered[:2]) == 1:
            form.initial[name] = offered[0].pk
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_create(
                centre=form.cleaned_data["centre"],
                period=form.cleaned_data["period"],
                user=request.user,
            )
        except ValidationError as e:
            form.add_error(None, e)
        else:
            return redirect("followup:report-edit", pk=report.pk)
    return render(request, "followup/report_create.html", {"form": form})


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
    flags: list[str] = field(default_factory=list)  # on the review page, see _flag_figures

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


def _error_summary(form: ReportForm, groups: list[GoalGroup]) -> list[Problem]:
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


def _groups(
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


# /uppfoljning/rapporter/<pk>/
@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_report_for_user(request, pk)
    indicators = services.indicators_for(report)
    goals = services.goals_for(report)
    user = request.user
    return render(
        request,
        "followup/report_detail.html",
        {
            "report": report,
            "groups": _groups(report, indicators, goals),
            "articles": report.articles.all(),
            "events": report.events.select_related("user"),
            "can_edit": report.is_editable and user.has_perm("followup.change_report", report),
            "can_review": user.has_perm("followup.review_report", report)
            and not report.period.locked
            and report.status in PUBLISHED_STATUSES,
        },
    )


def _rebind(request: HttpRequest, version: int, **kwargs: Any) -> ReportForm:
    """The user's input again, on top of the saved `version`."""
    data = request.POST.copy()
    data["version"] = str(version)
    form = ReportForm(data, **kwargs)
    form.is_valid()
    return form


def _add_submit_errors(form: ReportForm, errors: dict[str, list[str]]) -> None:
    """What submitting refused, on its fields; what concerns the whole report above the form."""
    for key, messages_ in errors.items():
        if key in form.fields:
            form.add_error(key, messages_)
        elif key == NON_FIELD_ERRORS:
            form.add_error(None, messages_)


def _figure_warnings(groups: list[GoalGroup]) -> list[Problem]:
    """The "Stämmer siffran?" warnings in page order, linked to their fields."""
    return [
        Problem(row.number.id_for_label, row.indicator.name, row.warning)
        for group in groups
        for section in group.sections
        for row in section.rows
        if row.warning and row.number is not None
    ]


def _not_open_message(report: Report) -> str:
    if report.period.locked:
        return _("The period %(period)s is locked: the report cannot be changed.") % {
            "period": report.period
        }
    return _("The report is not open for changes.")


# /uppfoljning/rapporter/<pk>/redigera/
@login_required
def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_report_for_user(request, pk, write=True)
    if not report.is_editable and request.method != "POST":
        messages.info(request, _not_open_message(report))
        return redirect(report)
    indicators = services.indicators_for(report)
    goals = services.goals_for(report)
    kwargs = {
        "report": report,
        "indicators": indicators,
        "goals": goals,
        "characteristics": arbetssatt.characteristics_for(report),
    }
    form = ReportForm(request.POST or None, saved=services.report_data(report), **kwargs)
    conflict: list[dict] | None = None
    submit_errors: dict[str, list[str]] = {}
    warnings: dict[str, str] = {}
    warnings_token = ""
    status = 200
    if request.method == "POST" and not report.is_editable:
        # Locked (or submitted) since the user opened the form: say so, and keep what they
        # typed on the page so that nothing is lost.
        form.is_valid()
        form.add_error(None, _not_open_message(report))
        status = 409
    elif request.method == "POST" and form.is_valid():
        try:
            report = services.report_save_draft(
                report=report,
                user=request.user,
                data=form.to_data(),
                version=form.cleaned_data["version"],
            )
        except services.ConflictError as e:
            report = Report.objects.select_related("updated_by", "period", "centre").get(pk=pk)
            saved = services.report_data(report)
            # Both sides with the calculated values worked out the same way, so only what
            # someone typed differently is listed.
            conflict = services.differences(
                services.describe(services.with_calculations(indicators, saved), indicators, goals),
                services.describe(
                    services.with_calculations(indicators, form.to_data()), indicators, goals
                ),
            )
            # The user's input stays in the form on top of the saved version: saving again is a
            # deliberate choice made after seeing both versions.
            form = _rebind(request, e.saved, saved=saved, **kwargs)
            status = 409
        except ValidationError as e:
            # E.g. the period was locked a moment ago: the typed values stay on the page.
            form.add_error(None, e.messages)
            status = 409
        else:
            if "submit" not in request.POST:
                messages.success(request, _("The draft was saved."))
                return redirect("followup:report-edit", pk=report.pk)
            # A figure far from last period's is submitted once the user has confirmed it as
            # it is now (the confirmation names the figures, see services.warnings_token).
            warnings = services.plausibility_warnings(report)
            warnings_token = services.warnings_token(report, warnings) if warnings else ""
            try:
                if warnings and request.POST.get("confirm_figures") != warnings_token:
                    problems = services.submit_problems(report)
                    if problems:
                        raise ValidationError(problems)
                    form = _rebind(
                        request, report.version, saved=services.report_data(report), **kwargs
                    )
                    messages.warning(
                        request,
                        _(
                            "The report was saved as a draft. Some figures differ much from last "
                            "period: check them, and confirm below that they are right to submit."
                        ),
                    )
                else:
                    warnings = {}
                    services.report_submit(report=report, user=request.user)
            except ValidationError as e:
                submit_errors = e.message_dict
                form = _rebind(
                    request, report.version, saved=services.report_data(report), **kwargs
                )
                _add_submit_errors(form, submit_errors)
                messages.error(
                    request,
                    _(
                        "The report was saved as a draft but cannot be submitted yet: correct "
                        "the fields marked below."
                    ),
                )
            else:
                if not warnings:
                    messages.success(request, _("The report was submitted for review."))
                    return redirect(report)
    groups = _groups(report, indicators, goals, form, submit_errors, warnings)
    return render(
        request,
        "followup/report_form.html",
        {
            "report": report,
            "form": form,
            "groups": groups,
            "ratings": arbetssatt.rating_rows(report, form),
            "problems": _error_summary(form, groups) if form.is_bound else [],
            "conflict": conflict,
            "figure_warnings": _figure_warnings(groups),
            "warnings_token": warnings_token,
            "submission_opens": services.submission_opens(report.period),
        },
        status=status,
    )


def _flag_figures(report: Report, groups: list[GoalGroup]) -> int:
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


def _review_page(
    request: HttpRequest, report: Report, forms: dict[str, ReasonForm] | None = None
) -> HttpResponse:
    """The whole report (values, assessments, last period and target) beside approve,
    return and reopen; the figures to look at twice marked (_flag_figures)."""
    forms = forms or {}
    indicators = services.indicators_for(report)
    goals = services.goals_for(report)
    groups = _groups(report, indicators, goals)
    flagged = 0 if report.is_self_assessment else _flag_figures(report, groups)
    return render(
        request,
        "followup/report_review.html",
        {
            "report": report,
            "groups": groups,
            "flagged": flagged,
            "articles": report.articles.all(),
            "return_form": forms.get("return") or ReasonForm(prefix="return"),
            "reopen_form": forms.get("reopen") or ReasonForm(prefix="reopen"),
            "events": report.events.select_related("user")[:5],
            "awaiting_review": report.status == ReportStatus.SUBMITTED,
            "approved": report.status == ReportStatus.APPROVED,
            "four_eyes": services.four_eyes_block(request.user, report),
        },
        status=400 if forms else 200,
    )


# /uppfoljning/rapporter/<pk>/granska/
@login_required
def report_review(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_report_for_user(request, pk)
    require_review(request, report)
    return _review_page(request, report)


def _review_step(request: HttpRequest, pk: int, step: str, done: str) -> HttpResponse:
    report = get_report_for_user(request, pk)
    require_review(request, report)
    call = getattr(services, f"report_{step}")
    kwargs = {}
    if step != "approve":
        form = ReasonForm(request.POST, prefix=step)
        if not form.is_valid():
            return _review_page(request, report, {step: form})
        kwargs["reason"] = form.cleaned_data["reason"]
    try:
        call(report=report, user=request.user, **kwargs)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, done)
    return redirect(report)


# /uppfoljning/rapporter/<pk>/godkann/
@login_required
@require_POST
def report_approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _review_step(request, pk, "approve", _("The report was approved."))


# /uppfoljning/rapporter/<pk>/skicka-tillbaka/
@login_required
@require_POST
def report_return(request: HttpRequest, pk: int) -> HttpResponse:
    return _review_step(request, pk, "return", _("The report was returned to the centre."))


# /uppfoljning/rapporter/<pk>/oppna-igen/
@login_required
@require_POST
def report_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    return _review_step(request, pk, "reopen", _("The report was reopened as a draft."))


# --- Set-up: goals, indicators, periods -----------------------------------------------------


def _by_owner(request: HttpRequest, form, queryset: QuerySet, prefix: str = "") -> QuerySet:
    """Filter a list of goals, indicators or periods by the form's owner: by default the sets
    of the user's own area (their municipalities and regions), or everyone's ("Visa alla")."""
    form.fields["owner"].set_owners(Municipality.objects.all(), Region.objects.all())
    form.is_valid()  # an invalid owner is left out of cleaned_data: the default applies
    value = form.cleaned_data.get("owner", "")
    kind, _sep, pk = (value or "").partition(":")
    if kind in ("municipality", "region") and pk.isdigit():
        return queryset.filter(**{f"{prefix}{kind}_id": int(pk)})
    area = area_of(request.user)
    if value == OwnerFilterField.ALL or area is None:
        return queryset
    return queryset.filter(owned_by_q(*(q.values("pk") for q in area), prefix=prefix))


def _mark_manageable(user, objects, goal: bool = False) -> None:
    """Set `can_manage` on each goal, indicator or period: whether the user sets up its owner."""
    if user.is_superuser:
        for obj in objects:
            obj.can_manage = True
        return
    municipalities, regions = followup_owners_for_user(user)
    mine = {
        *(("municipality", pk) for pk in municipalities.values_list("pk", flat=True)),
        *(("region", pk) for pk in regions.values_list("pk", flat=True)),
    }
    for obj in objects:
        owned = obj.goal if goal else obj
        obj.can_manage = (owned.owner_field, getattr(owned, f"{owned.owner_field}_id")) in mine


# /uppfoljning/mal/
@login_required
def goal_list(request: HttpRequest) -> HttpResponse:
    form = SetupFilterForm(request.GET)
    goals = _by_owner(
        request,
        form,
        Goal.objects.annotate(indicator_count=Count("indicators"))
        .select_related("municipality", "region")
        .prefetch_related("articles"),
    )
    filters = valid_filters(form)
    if "q" in filters:
        goals = goals.filter(Q(name__icontains=filters["q"]) | Q(code__icontains=filters["q"]))
    order, columns = sorting(
        request,
        {
            "order": (gettext_lazy("Order"), ["order", "code"]),
            "code": (gettext_lazy("Code"), ["code"]),
            "name": (gettext_lazy("Name"), ["name"]),
            "owner": (
                gettext_lazy("Owner"),
                ["region__name", "municipality__name", "order", "code"],
            ),
            "indicators": (gettext_lazy("Indicators"), ["indicator_count", "order"]),
        },
        default="order",
    )
    page = paginate(request, goals.order_by(*order))
    _mark_manageable(request.user, page.object_list)
    return render(
        request,
        "followup/goal_list.html",
        {
            "form": form,
            "page": page,
            "columns": columns,
            "can_manage": request.user.has_perm("followup.manage_setup"),
        },
    )


def _save_goal(request: HttpRequest, goal: Goal | None) -> HttpResponse:
    require_setup(request, goal)
    form = GoalForm(request.POST or None, instance=goal, user=request.user)
    if request.method == "POST" and form.is_valid():
        goal = form.save()
        messages.success(request, _("The goal “%(goal)s” was saved.") % {"goal": goal})
        return redirect("followup:goal-list")
    return render(request, "followup/goal_form.html", {"form": form, "goal": goal})


# /uppfoljning/mal/ny/
@login_required
def goal_create(request: HttpRequest) -> HttpResponse:
    return _save_goal(request, None)


# /uppfoljning/mal/<pk>/redigera/
@login_required
def goal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _save_goal(request, get_object_or_404(Goal, pk=pk))


# /uppfoljning/indikatorer/
@login_required
def indicator_list(request: HttpRequest) -> HttpResponse:
    form = SetupFilterForm(request.GET)
    indicators = _by_owner(
        request,
        form,
        Indicator.objects.select_related(
            "goal__municipality", "goal__region", "service_type", "numerator", "denominator"
        ).prefetch_related("targets"),
        prefix="goal__",
    )
    filters = valid_filters(form)
    if "q" in filters:
        indicators = indicators.filter(
            Q(name__icontains=filters["q"]) | Q(code__icontains=filters["q"])
        )
    if "goal" in filters:
        indicators = indicators.filter(goal=filters["goal"])
    if "kind" in filters:
        indicators = indicators.filter(kind=filters["kind"])
    order, columns = sorting(
        request,
        {
            "goal": (gettext_lazy("Goal"), ["goal__order", "goal__code", "order", "code"]),
            "code": (gettext_lazy("Code"), ["code"]),
            "name": (gettext_lazy("Name"), ["name"]),
            "service": (gettext_lazy("Service type"), ["service_type__name", "code"]),
            "unit": (gettext_lazy("Unit"), ["unit", "code"]),
        },
        default="goal",
    )
    page = paginate(request, indicators.order_by(*order))
    _mark_manageable(request.user, page.object_list, goal=True)
    return render(
        request,
        "followup/indicator_list.html",
        {
            "form": form,
            "page": page,
            "columns": columns,
            "can_manage": request.user.has_perm("followup.manage_setup"),
            "year": timezone.localdate().year,
        },
    )


def _save_indicator(request: HttpRequest, indicator: Indicator | None) -> HttpResponse:
    require_setup(request, indicator)
    form = IndicatorForm(request.POST or None, instance=indicator, user=request.user)
    # New target rows are for the indicator's own kind of period unless chosen otherwise.
    kind = {"period_kind": indicator.period_kind} if indicator else {}
    targets = TargetFormSet(
        request.POST or None,
        instance=indicator or Indicator(),
        initial=[kind] * TargetFormSet.extra if kind else None,
    )
    if request.method == "POST" and form.is_valid() and targets.is_valid():
        indicator = form.save()
        targets.instance = indicator
        targets.save()
        messages.success(
            request, _("The indicator “%(indicator)s” was saved.") % {"indicator": indicator}
        )
        return redirect("followup:indicator-list")
    return render(
        request,
        "followup/indicator_form.html",
        {"form": form, "targets": targets, "indicator": indicator},
    )


# /uppfoljning/indikatorer/ny/
@login_required
def indicator_create(request: HttpRequest) -> HttpResponse:
    return _save_indicator(request, None)


# /uppfoljning/indikatorer/<pk>/redigera/
@login_required
def indicator_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _save_indicator(
        request, get_object_or_404(Indicator.objects.select_related("goal"), pk=pk)
    )


def _count(queryset: QuerySet) -> Coalesce:
    counted = queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Coalesce(Subquery(counted), 0)


def _count_on_time(periods: list[Period]) -> None:
    """Attach `on_time_count` by Period.submission_counts, as the completeness dashboard
    and the inbox count: reports first submitted (whatever their status now) by the last day
    on time."""
    firsts: dict[int, list] = {p.pk: [] for p in periods}
    rows = (
        Report.objects.submitted()
        .of_expected_centres()
        .filter(period__in=list(firsts))
        .with_first_submission()
        .values_list("period_id", "first_submitted")
    )
    for period_id, first in rows:
        firsts[period_id].append(first)
    for p in periods:
        p.on_time_count = p.submission_counts(firsts[p.pk])[1]


# /uppfoljning/perioder/
@login_required
def period_list(request: HttpRequest) -> HttpResponse:
    form = PeriodFilterForm(request.GET)
    # The owner's centres open on some day of the period, in a district that had not ended
    # before it, as Period.expected_centres().
    expected = FamilyCentre.objects.filter(
        Q(opened_on__isnull=True) | Q(opened_on__lte=OuterRef("end")),
        Q(closed_on__isnull=True) | Q(closed_on__gte=OuterRef("start")),
        Q(district__valid_to__isnull=True) | Q(district__valid_to__gte=OuterRef("start")),
        Q(district__municipality=OuterRef("municipality"))
        | Q(district__municipality__region=OuterRef("region")),
    )
    # Reports of the expected centres only, as the completeness dashboard and the inbox count.
    reports = Report.objects.filter(period=OuterRef("pk")).of_expected_centres()
    periods = _by_owner(
        request,
        form,
        Period.objects.select_related("municipality", "region").annotate(
            expected_count=_count(expected),
            # Submitted once, whatever the status now: Report.is_submitted, as the
            # completeness dashboard and the inbox count.
            submitted_count=_count(reports.submitted()),
            last_day=LastDayOnTime(),
            approved_count=_count(reports.filter(status=ReportStatus.APPROVED)),
        ),
    )
    filters = valid_filters(form)
    if "year" in filters:
        periods = periods.filter(start__year=filters["year"])
    if "kind" in filters:
        periods = periods.filter(kind=filters["kind"])
    order, columns = sorting(
        request,
        {
            "start": (gettext_lazy("Period"), ["start", "kind"]),
            # By the last day on time it shows (deadline + grace days), not the deadline.
            "deadline": (gettext_lazy("Deadline"), ["last_day", "start"]),
            "kind": (gettext_lazy("Kind"), ["kind", "start"]),
            "owner": (gettext_lazy("Owner"), ["region__name", "municipality__name", "start"]),
            "expected": (gettext_lazy("Expected"), ["expected_count", "start"]),
            "submitted": (gettext_lazy("Submitted"), ["submitted_count", "start"]),
        },
        default="-start",
    )
    page = paginate(request, periods.order_by(*order))
    _count_on_time(page.object_list)
    _mark_manageable(request.user, page.object_list)
    return render(
        request,
        "followup/period_list.html",
        {
            "form": form,
            "page": page,
            "columns": columns,
            "can_manage": request.user.has_perm("followup.manage_setup"),
            "today": timezone.localdate(),
        },
    )


def _save_period(request: HttpRequest, period: Period | None) -> HttpResponse:
    require_setup(request, period)
    form = PeriodForm(request.POST or None, instance=period, user=request.user)
    if request.method == "POST" and form.is_valid():
        period = form.save()
        messages.success(request, _("The period “%(period)s” was saved.") % {"period": period})
        return redirect("followup:period-list")
    return render(request, "followup/period_form.html", {"form": form, "period": period})


# /uppfoljning/perioder/ny/
@login_required
def period_create(request: HttpRequest) -> HttpResponse:
    return _save_period(request, None)


# /uppfoljning/perioder/<pk>/redigera/
@login_required
def period_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _save_period(request, get_object_or_404(Period, pk=pk))


def _set_lock(request: HttpRequest, pk: int, locked: bool) -> HttpResponse:
    period = get_object_or_404(Period.objects.select_related("municipality", "region"), pk=pk)
    require_setup(request, period)
    if request.method == "POST":
        with transaction.atomic():
            # Waits for report changes under way in the period (services._lock), and sees
            # a koordinator who locked or opened it a moment ago.
            current = Period.objects.select_for_update().get(pk=period.pk)
            changed = current.locked != locked
            if changed:
                current.locked = locked
                current._history_user = request.user
                current.save(update_fields=["locked"])
        done = (
            _("The period “%(period)s” is locked.")
            if locked
            else _("The period “%(period)s” is open again.")
        ) % {"period": period}
        if changed:
            messages.success(request, done)
        else:
            messages.info(request, _("Nothing to do: %(done)s") % {"done": done})
        return redirect("followup:period-list")
    open_reports = period.reports.exclude(status=ReportStatus.APPROVED).count()
    return render(
        request,
        "followup/period_lock.html",
        {"period": period, "locked": locked, "open_reports": open_reports},
    )


# /uppfoljning/perioder/<pk>/las/
@login_required
def period_lock(request: HttpRequest, pk: int) -> HttpResponse:
    return _set_lock(request, pk, True)


# /uppfoljning/perioder/<pk>/las-upp/
@login_required
def period_unlock(request: HttpRequest, pk: int) -> HttpResponse:
    return _set_lock(request, pk, False)


# --- Dashboards -----------------------------------------------------------------------------


def _dashboard(
    request: HttpRequest, form_class: type[DashboardFilterForm] = DashboardFilterForm
) -> tuple[DashboardFilterForm, QuerySet, QuerySet, dict]:
    """The filter form, and the centres and periods it selects among what the user may read:
    by default every centre of their area and the periods that started in the last twelve
    months."""
    if not request.user.has_perm("followup.view_dashboards"):
        raise PermissionDenied
    centres = dashboard_centres(request.user)
    form = form_class(request.GET, centres=centres)
    filters = valid_filters(form)
    if "municipality" in filters:
        centres = centres.filter(district__municipality=filters["municipality"])
    if "district" in filters:
        centres = centres.filter(district=filters["district"])
    periods = Period.objects.none()
    if "period" not in form.fields:
        return form, centres, periods, filters
    periods = form.fields["period"].queryset
    if "period" in filters:
        periods = periods.filter(pk=filters["period"].pk)
    else:
        today = timezone.localdate()
        periods = periods.filter(start__lte=today, start__gt=today - datetime.timedelta(days=365))
    if "kind" in filters:
        periods = periods.filter(kind=filters["kind"])
    kind, _sep, pk = filters.get("owner", "").partition(":")
    if kind in ("municipality", "region") and pk.isdigit():
        periods = periods.filter(**{f"{kind}_id": int(pk)})
    return form, centres, periods, filters


# /uppfoljning/oversikt/
@login_required
def dashboard_index(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("followup.view_dashboards"):
        raise PermissionDenied
    return render(request, "followup/dashboard_index.html")


COMPLETENESS_HEADERS = [
    gettext_lazy("Period"),
    gettext_lazy("Owner"),
    gettext_lazy("District"),
    gettext_lazy("Expected"),
    gettext_lazy("Submitted"),
    gettext_lazy("Submitted (%)"),
    gettext_lazy("On time"),
    gettext_lazy("On time (%)"),
    gettext_lazy("Late"),
    gettext_lazy("Approved"),
    gettext_lazy("Approved (%)"),
    gettext_lazy("Returned"),
    gettext_lazy("Missing"),
]
DRILL_HEADERS = [
    gettext_lazy("Family centre"),
    gettext_lazy("District"),
    gettext_lazy("Period"),
    gettext_lazy("State"),
    gettext_lazy("Status"),
    gettext_lazy("First submitted"),
    gettext_lazy("Last day on time"),
]


# /uppfoljning/oversikt/fullstandighet/
@login_required
def completeness_dashboard(request: HttpRequest) -> HttpResponse:
    """Expected, submitted, on time, approved and returned reports per period and district;
    with a period and a district chosen, the centres behind the figures."""
    form, centres, periods, filters = _dashboard(request)
    rows = dashboards.completeness(centres, periods)
    drill = None
    if "period" in filters and "district" in filters:
        drill = next((r.centres for r in rows if r.district is not None), [])
    fmt = request.GET.get("format")
    if fmt in exports.FORMATS:
        if drill is not None:
            return exports.table_response(
                fmt,
                "inlamning-familjecentraler",
                str(_("Centres")),
                [str(h) for h in DRILL_HEADERS],
                (
                    [
                        e.centre.name,
                        e.centre.district.name,
                        str(e.period),
                        e.state,
                        e.status_label,
                        e.first_submitted,
                        e.period.last_day_on_time,
                    ]
                    for e in drill
                ),
            )
        return exports.table_response(
            fmt,
            "inlamning",
            str(_("Completeness")),
            [str(h) for h in COMPLETENESS_HEADERS],
            (
                [
                    str(r.period),
                    r.period.owner_label,
                    r.district.name if r.district else str(_("Total")),
                    r.expected,
                    r.submitted,
                    r.submitted_percent,
                    r.on_time,
                    r.on_time_percent,
                    r.late,
                    r.approved,
                    r.approved_percent,
                    r.returned,
                    r.missing,
                ]
                for r in rows
            ),
        )
    groups = [(period, list(rs)) for period, rs in groupby(rows, key=lambda r: r.period)]
    return render(
        request,
        "followup/dashboard_completeness.html",
        {
            "form": form,
            "rows": rows,
            "groups": groups,
            "drill": drill,
            "filters": filters,
            # The drill-down links only the reports the user may open (a regional koordinator
            # reads no centre's draft).
            "readable": set(
                reports_for_user(request.user)
                .filter(pk__in=[e.report_id for e in drill or () if e.report_id])
                .values_list("pk", flat=True)
            ),
        },
    )


def _dashboard_districts(request: HttpRequest, filters: dict) -> QuerySet:
    districts = dashboard_districts(request.user)
    if "municipality" in filters:
        districts = districts.filter(municipality=filters["municipality"])
    if "district" in filters:
        districts = districts.filter(pk=filters["district"].pk)
    return districts


# /uppfoljning/oversikt/tackning/
@login_required
def coverage_dashboard(request: HttpRequest) -> HttpResponse:
    """Each centre's classification and missing basverksamheter, districts without a
    familjecentral or a processledare, centres without a samordnare, and steering groups that
    are not partsammansatta."""
    form, centres, _periods, filters = _dashboard(request, CoverageFilterForm)
    on = timezone.localdate()
    if "period" in filters:
        on = min(on, filters["period"].end)
    municipalities = dashboard_municipalities(request.user)
    if "municipality" in filters:
        municipalities = municipalities.filter(pk=filters["municipality"].pk)
    if "district" in filters:
        municipalities = municipalities.none()  # one district: not its whole municipality
    centre_rows, district_rows, groups = dashboards.coverage(
        centres, _dashboard_districts(request, filters), municipalities, on
    )
    table = request.GET.get("table", "centres")
    fmt = request.GET.get("format")
    if fmt in exports.FORMATS:
        if table == "districts":
            return exports.table_response(
                fmt,
                "tackning-stadsdelar",
                str(_("Districts")),
                [
                    str(_("District")),
                    str(_("Municipality")),
                    str(_("Open centres")),
                    str(_("Familjecentraler")),
                    str(_("At least one familjecentral")),
                    str(_("Processledare")),
                    str(_("Without a processledare since")),
                ],
                (
                    [
                        d.district.name,
                        d.district.municipality.name,
                        d.centre_count,
                        d.familjecentral_count,
                        str(_("Yes") if d.meets_rule else _("No")),
                        str(_("Yes") if d.has_processledare else _("No")),
                        d.empty_since,
                    ]
                    for d in district_rows
                ),
            )
        return exports.table_response(
            fmt,
            "tackning-centraler",
            str(_("Centres")),
            [
                str(_("Family centre")),
                str(_("District")),
                str(_("Municipality")),
                str(_("Classification")),
                str(_("Missing basverksamheter")),
                str(_("Samordnare")),
                str(_("Without a samordnare since")),
            ],
            (
                [
                    c.centre.name,
                    c.centre.district.name,
                    c.centre.district.municipality.name,
                    str(c.result.label),
                    ", ".join(t.name for t in c.result.missing),
                    str(_("Yes") if c.has_samordnare else _("No")),
                    c.empty_since,
                ]
                for c in centre_rows
            ),
        )
    return render(
        request,
        "followup/dashboard_coverage.html",
        {
            "form": form,
            "on": on,
            "centres": centre_rows,
            "districts": district_rows,
            "groups": groups,
        },
    )


# /uppfoljning/oversikt/ekonomi/
@login_required
def economy_dashboard(request: HttpRequest) -> HttpResponse:
    """Agreements by status (in force, expiring within 90 days, expired, upcoming) and every
    agreement's cost-sharing settlement for a year, in one table."""
    form, _centres, _periods, filters = _dashboard(request, EconomyFilterForm)
    today = timezone.localdate()
    year = filters.get("year", today.year)  # the chosen period's year when a period is chosen
    form.fields["year"].widget.attrs["placeholder"] = str(year)
    districts = _dashboard_districts(request, filters)
    agreements = Agreement.objects.filter(
        Q(district__in=districts.values("pk"))
        | Q(municipality__in=districts.values("municipality"))
    )
    rows = dashboards.economy(agreements, year, today)
    by_status = {status: sum(r.status == status for r in rows) for status in AgreementStatus}
    fmt = request.GET.get("format")
    if fmt in exports.FORMATS:
        return exports.table_response(
            fmt,
            f"ekonomi-{year}",
            str(_("Economy %(year)s") % {"year": year}),
            [str(h) for h in ECONOMY_HEADERS],
            (
                [
                    r.agreement.title,
                    r.agreement.scope.name if r.agreement.scope else "",
                    str(AgreementStatus(r.status).label),
                    r.agreement.valid_to,
                    r.agreement.share_region_percent,
                    r.settlement.paid_region,
                    r.settlement.paid_municipality,
                    r.settlement.due_region,
                    r.settlement.due_municipality,
                    r.settlement.balance,
                    r.budget,
                    r.remaining,
                    r.settlement.sentence,
                ]
                for r in rows
            ),
        )
    return render(
        request,
        "followup/dashboard_economy.html",
        {
            "form": form,
            "year": year,
            "rows": rows,
            "by_status": [(AgreementStatus(s), n) for s, n in by_status.items()],
        },
    )


ECONOMY_HEADERS = [
    gettext_lazy("Agreement"),
    gettext_lazy("Scope"),
    gettext_lazy("Status"),
    gettext_lazy("Valid to"),
    gettext_lazy("Region's share (%)"),
    gettext_lazy("Paid by the region"),
    gettext_lazy("Paid by the municipality"),
    gettext_lazy("The region's share"),
    gettext_lazy("The municipality's share"),
    gettext_lazy("The region owes the municipality"),
    gettext_lazy("Budget"),
    gettext_lazy("Remaining"),
    gettext_lazy("Settlement"),
]


# /uppfoljning/oversikt/mal/
@login_required
def goals_dashboard(request: HttpRequest) -> HttpResponse:
    """Centres × goals with the traffic lights of one period, each cell leading to the
    analysis; and how many centres were red, yellow or green per goal over the periods."""
    form, centres, periods, filters = _dashboard(request)
    result = dashboards.goals(centres, periods, filters.get("period"))
    year = result.period.start.year if result.period else arbetssatt.latest_year(centres)
    fmt = request.GET.get("format")
    if fmt in exports.FORMATS:
        if request.GET.get("table") == "trend":
            return exports.table_response(
                fmt,
                "mal-over-tid",
                str(_("Goals over time")),
                [
                    str(_("Goal")),
                    str(_("Owner")),
                    str(_("Period")),
                    *(str(s.label) for s in GoalStatus),
                ],
                (
                    [t.goal.name, t.goal.owner_label, str(p), *(tally[s] for s in GoalStatus)]
                    for t in result.trends
                    for p, tally in t.periods
                ),
            )
        return exports.table_response(
            fmt,
            "mal",
            str(_("Goals")),
            [str(_("Family centre")), *(f"{g.code} {g.name}" for g in result.goals)],
            ([centre.name, *(c.label for c in cells)] for centre, cells in result.rows),
        )
    return render(
        request,
        "followup/dashboard_goals.html",
        {
            "form": form,
            "result": result,
            "arbetssatt_year": year,
            "arbetssatt": arbetssatt.averages(centres, year) if year else arbetssatt.Means(),
            "key": [
                (GoalStatus(status).label, colour, icon)
                for status, (colour, icon) in dashboards.GOAL_LIGHTS.items()
            ],
        },
    )


# /uppfoljning/oversikt/arbetssatt/
@login_required
def self_assessment_dashboard(request: HttpRequest) -> HttpResponse:
    """Centres × the six characteristics of the arbetssätt for a year (by default the latest
    year of a self-assessment in the area), with the change since the year before."""
    form, centres, _periods, filters = _dashboard(request, SelfAssessmentFilterForm)
    year = filters.get("year") or arbetssatt.latest_year(centres) or timezone.localdate().year
    result = arbetssatt.table(centres, year)
    # Offered: the districts that existed in the year with a centre open in it.
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    form.fields["district"].queryset = form.fields["district"].queryset.filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=end),
        Q(valid_to__isnull=True) | Q(valid_to__gte=start),
        pk__in=centres.open_between(start, end).values("district"),
    )
    fmt = request.GET.get("format")
    if fmt in exports.FORMATS:
        return exports.table_response(
            fmt,
            f"arbetssatt-{year}",
            str(_("Arbetssätt %(year)s") % {"year": year}),
            [
                str(_("Family centre")),
                str(_("District")),
                str(_("Status")),
                *(f"{c.number}. {c.name}" for c in result.characteristics),
                *(
                    str(_("Change %(number)s") % {"number": c.number})
                    for c in result.characteristics
                ),
            ],
            (
                [
                    row.centre.name,
                    row.centre.district.name,
                    str(row.report.get_status_display()) if row.report else "",
                    *(cell.score for cell in row.cells),
                    *(cell.change for cell in row.cells),
                ]
                for row in result.rows
            ),
        )
    return render(
        request,
        "followup/dashboard_self_assessment.html",
        {"form": form, "result": result},
    )


# /uppfoljning/oversikt/indikatorer/
@login_required
def indicators_dashboard(request: HttpRequest) -> HttpResponse:
    """One indicator over time with its target and last year, and across the centres for one
    period: which stand out, the spread, and the totals of each district, the area, the
    municipality and the region, each by the indicator's own rule."""
    form, centres, periods, filters = _dashboard(request, IndicatorDashboardForm)
    indicator = form.chosen_indicator
    if indicator is None:
        return render(request, "followup/dashboard_indicators.html", {"form": form})
    period = filters.get("period")
    view = dashboards.indicator_view(indicator, centres, periods, period)
    fmt = request.GET.get("format")
    cards = []
    if filters.get("indicators"):
        # Each compared indicator in its own series' periods of the same twelve months.
        last = period.end if period else timezone.localdate()
        window = form.offered_periods.filter(
            start__lte=last, start__gt=last - datetime.timedelta(days=365)
        )
        cards = dashboards.small_multiples(filters["indicators"], centres, window, period)
    if fmt in exports.FORMATS:
        return _indicator_export(fmt, request.GET.get("table", "centres"), view, cards)
    return render(
        request,
        "followup/dashboard_indicators.html",
        {
            "form": form,
            "view": view,
            "chart": dashboards.trend_chart(view.trend, indicator),
            "cards": cards,
        },
    )


def _total_cells(total: dashboards.Aggregate | None, indicator: Indicator) -> list:
    if total is None:
        return [None, 0, 0, 0]
    # A yes/no total is read "1 av 2", never a bare 1 that reads as "Ja".
    number = (total.text or None) if indicator.is_yes_no else total.number
    return [number, total.centres, total.not_available, total.not_applicable]


def _last_year_cell(total: dashboards.Aggregate | None, indicator: Indicator):
    if total is None:
        return None
    return (total.text or None) if indicator.is_yes_no else total.number


def _indicator_export(
    fmt: str,
    table: str,
    view: dashboards.IndicatorView,
    cards: list[dashboards.IndicatorCard] = (),
) -> HttpResponse:
    ind = view.indicator
    counts = [
        str(_("Total")),
        str(_("Centres in the total")),
        str(_("Uppgift saknas")),
        str(_("Ej aktuellt")),
    ]
    if table == "trend":
        return exports.table_response(
            fmt,
            f"indikator-{ind.code}-over-tid",
            ind.code,
            [
                str(_("Period")),
                *counts,
                str(_("Target")),
                str(_("Target compared")),
                str(_("Last year")),
            ],
            (
                [
                    str(p.period),
                    *_total_cells(p.total, ind),
                    p.target,
                    p.comparison.legend if p.comparison else "",
                    _last_year_cell(p.last_year, ind),
                ]
                for p in view.trend
            ),
        )
    if table == "compare" and cards:
        return exports.table_response(
            fmt,
            "indikatorer-jamforda",
            str(_("Indicators")),
            [
                str(_("Indicator code")),
                str(_("Indicator")),
                str(_("Period")),
                *counts,
                str(_("Target")),
                str(_("Target compared")),
            ],
            (
                [
                    c.view.indicator.code,
                    c.view.indicator.name,
                    str(c.view.period),
                    *_total_cells(c.view.area, c.view.indicator),
                    c.view.comparison.value if c.view.comparison else None,
                    c.view.comparison.legend if c.view.comparison else "",
                ]
                for c in cards
                if c.view.period
            ),
        )
    if table == "totals":
        rows = [(d.name, t) for d, t in view.districts]
        rows.append((str(_("Your area")), view.area))
        for scope in (view.municipality, view.region):
            if scope:
                rows.append((str(scope[0]), scope[1]))
        return exports.table_response(
            fmt,
            f"indikator-{ind.code}-summor",
            ind.code,
            [str(_("Scope")), *counts],
            ([name, *_total_cells(total, ind)] for name, total in rows),
        )
    return exports.table_response(
        fmt,
        f"indikator-{ind.code}",
        ind.code,
        [
            str(_("Family centre")),
            str(_("District")),
            str(_("Value")),
            str(_("Status")),
            str(_("Target")),
        ],
        (
            [
                c.centre.name,
                c.centre.district.name,
                c.number,
                str(ValueStatus(c.status).label),
                c.target,
            ]
            for c in view.centres
        ),
    )


VALUE_HEADERS = [
    gettext_lazy("Family centre"),
    gettext_lazy("District"),
    gettext_lazy("Municipality"),
    gettext_lazy("Period"),
    gettext_lazy("Start"),
    gettext_lazy("End"),
    gettext_lazy("Report status"),
    gettext_lazy("Indicator code"),
    gettext_lazy("Indicator"),
    gettext_lazy("Owner"),
    gettext_lazy("Value"),
    gettext_lazy("Value status"),
]


# /uppfoljning/oversikt/varden/
@login_required
def values_export(request: HttpRequest) -> HttpResponse:
    """Every value of the submitted and approved reports of the area and periods chosen, one
    row per centre, period and indicator with its status, as CSV (streamed) or Excel (written
    row by row): constant memory however many rows."""
    _form, centres, periods, _filters = _dashboard(request)
    values = (
        Value.objects.filter(
            report__centre__in=centres.values("pk"),
            report__period__in=periods.values("pk"),
            report__status__in=PUBLISHED_STATUSES,
        )
        .order_by("report__period__start", "report__centre__name", "indicator__code", "pk")
        .values_list(
            "report__centre__name",
            "report__district__name",
            "report__district__municipality__name",
            "report__period__name",
            "report__period__start",
            "report__period__end",
            "report__status",
            "indicator__code",
            "indicator__name",
            "indicator__goal__municipality__name",
            "indicator__goal__region__name",
            "number",
            "status",
        )
    )
    # Labels translated once, not once per row (a national year has some 60,000 rows).
    report_status = {key: str(label) for key, label in ReportStatus.choices}
    value_status = {key: str(label) for key, label in ValueStatus.choices}
    shared = str(_("%(region)s (shared)"))
    rows = (
        [
            *row[:6],
            report_status.get(row[6], row[6]),
            row[7],
            row[8],
            row[9] or shared % {"region": row[10]},
            row[11],
            value_status.get(row[12], row[12]),
        ]
        for row in values.iterator(chunk_size=2000)
    )
    headers = [str(h) for h in VALUE_HEADERS]
    if request.GET.get("format") == "xlsx":
        return exports.xlsx_stream_response("varden", str(_("Values")), headers, rows)
    return exports.csv_response("varden", headers, rows)


# /uppfoljning/oversikt/rackvidd/
@login_required
def reach_dashboard(request: HttpRequest) -> HttpResponse:
    """Children reached against the children 0–5 of each district, per year."""
    form, _centres, _periods, filters = _dashboard(request, EconomyFilterForm)
    this_year = timezone.localdate().year
    years = [filters["year"]] if "year" in filters else [this_year - 1, this_year]
    form.fields["year"].widget.attrs["placeholder"] = str(years[-1])
    rows = dashboards.reach(_dashboard_districts(request, filters), years)
    fmt = request.GET.get("format")
    if fmt in exports.FORMATS:
        return exports.table_response(
            fmt,
            "rackvidd",
            str(_("Reach")),
            [
                str(_("District")),
                str(_("Municipality")),
                str(_("Year")),
                str(_("Children 0–5")),
                str(_("Children reached")),
                str(_("Centres in the total")),
                str(_("Reach (%)")),
                str(_("Indicator")),
                str(_("Span")),
                str(_("Same span last year")),
                str(_("Last year's span")),
            ],
            (
                [
                    r.district.name,
                    r.district.municipality.name,
                    r.year,
                    r.children,
                    r.reached,
                    r.centres,
                    r.percent,
                    r.indicator,
                    r.span_label or (str(_("whole year")) if r.span else ""),
                    r.last_year,
                    r.last_span_label,
                ]
                for r in rows
            ),
        )
    return render(request, "followup/dashboard_reach.html", {"form": form, "rows": rows})


ANNUAL_SCOPES = {"central": FamilyCentre, "stadsdel": District, "kommun": Municipality}


def _annual_scope(request: HttpRequest, kind: str, pk: int):
    """The centre, district or municipality whose årsrapport the user may read, else 404."""
    if not request.user.has_perm("followup.view_dashboards"):
        raise PermissionDenied
    user = request.user
    readable = {
        "central": dashboard_centres(user),
        "stadsdel": dashboard_districts(user),
        "kommun": dashboard_municipalities(user),
    }
    if kind not in ANNUAL_SCOPES:
        raise Http404
    queryset = readable[kind]
    if kind == "central":
        queryset = queryset.select_related("district__municipality")
    return get_object_or_404(queryset, pk=pk)


# /uppfoljning/arsrapport/<kind>/<pk>/<year>/
@login_required
def annual_report(request: HttpRequest, kind: str, pk: int, year: int) -> HttpResponse:
    """The årsrapport of a centre, district or municipality for a year: as a web page that
    prints, or (?format=pdf) as a PDF with page numbers and a table of contents."""
    scope = _annual_scope(request, kind, pk)
    if not 2000 <= year <= 2100 or not dashboards.scope_exists_in(scope, year):
        raise Http404  # a centre closed, or a district ended, before the year
    report = dashboards.annual_report(scope, year)
    fmt = request.GET.get("format")
    if fmt in exports.FORMATS:
        return _annual_export(fmt, report)
    context = {
        "report": report,
        "bars": {g.goal.pk: g.trend.bars() for g in report.goals},
        "threshold": settings.PORTAL_PUBLICATION_THRESHOLD,
        "kind": kind,
    }
    if request.GET.get("format") == "pdf":
        return annual_pdf(request, report, context)
    return render(request, "followup/annual_report.html", context)


ANNUAL_HEADERS = [
    gettext_lazy("Code"),
    gettext_lazy("Indicator"),
    gettext_lazy("This year"),
    gettext_lazy("Span"),
    gettext_lazy("Target"),
    gettext_lazy("Compared with"),
    gettext_lazy("Same span last year"),
    gettext_lazy("Last year's span"),
]


def _annual_export(fmt: str, report: dashboards.AnnualReport) -> HttpResponse:
    """The årsrapport's indicators as a table: the same figures, spans and targets as its
    page and its PDF."""

    def number(total: dashboards.Aggregate | None, indicator: Indicator):
        if total is None or not total.computable:
            return None
        # A yes/no total reads "1 av 2", never a bare 1 that reads as "Ja".
        return (total.text or None) if indicator.is_yes_no else total.number

    return exports.table_response(
        fmt,
        slugify(f"arsrapport {report.scope} {report.year} indikatorer"),
        str(_("Indicators")),
        [str(h) for h in ANNUAL_HEADERS],
        (
            [
                line.indicator.code,
                line.indicator.name,
                number(line.total, line.indicator),
                line.span.label or str(_("whole year")),
                line.target.value if line.target else None,
                line.target.legend if line.target else line.target_note,
                number(line.last_year, line.indicator),
                line.last_span.label_with_year,
            ]
            for line in report.indicators
        ),
    )


def annual_pdf(request: HttpRequest, report, context: dict) -> HttpResponse:
    from weasyprint import CSS, HTML  # loads Pango: only when a PDF is asked for

    html = render_to_string("followup/annual_report_pdf.html", context, request=request)
    stylesheet = CSS(filename=finders.find("css/annual-report-pdf.css"))
    pdf = HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(stylesheets=[stylesheet])
    response = HttpResponse(pdf, content_type="application/pdf")
    name = slugify(f"arsrapport {report.scope} {report.year}")
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response


# /uppfoljning/arsrapport/
@login_required
def annual_report_index(request: HttpRequest) -> HttpResponse:
    """The årsrapporter the user may open: their municipalities, districts and centres, for
    this year and the ones before."""
    if not request.user.has_perm("followup.view_dashboards"):
        raise PermissionDenied
    user = request.user
    this_year = timezone.localdate().year
    years = [this_year, this_year - 1, this_year - 2]

    def rows(scopes) -> list[tuple[Any, list[int | None]]]:
        """Each scope with the years it has a report of (None: closed, ended or not yet
        begun that year); scopes with none left out."""
        out = []
        for scope in scopes:
            open_years = [y if dashboards.scope_exists_in(scope, y) else None for y in years]
            if any(open_years):
                out.append((scope, open_years))
        return out

    return render(
        request,
        "followup/annual_report_index.html",
        {
            "years": years,
            "scopes": [
                (
                    "kommun",
                    _("Municipalities"),
                    rows(dashboard_municipalities(user).order_by("name")),
                ),
                (
                    "stadsdel",
                    _("Districts"),
                    rows(dashboard_districts(user).select_related("municipality").order_by("name")),
                ),
                ("central", _("Family centres"), rows(dashboard_centres(user).order_by("name"))),
            ],
        },
    )


# --- The region's comparison (issue 19, item 9) ---------------------------------------------


def _chosen(request: HttpRequest, name: str, offered: list) -> Any:
    """The object named by ?`name`=<pk> among those `offered`; None when not asked for; 404
    for anything else (a hand-made value is refused, never widened)."""
    value = request.GET.get(name, "")
    if not value:
        return None
    chosen = next((o for o in offered if str(o.pk) == value), None)
    if chosen is None:
        raise Http404
    return chosen


REGIONAL_HEADERS = [
    gettext_lazy("Indicator"),
    gettext_lazy("Year"),
    gettext_lazy("Municipality"),
    gettext_lazy("Figure"),
    gettext_lazy("Centres in the total"),
    gettext_lazy("Children 0–5"),
    gettext_lazy("Per child 0–5"),
    gettext_lazy("Per 1 000 children 0–5"),
]


# /uppfoljning/oversikt/regionjamforelse/
@login_required
def regional_comparison_dashboard(request: HttpRequest) -> HttpResponse:
    """The region's shared indicators per year, its municipalities side by side with the
    region's total and per child 0–5; a municipal user sees their own municipality."""
    if not request.user.has_perm("followup.view_dashboards"):
        raise PermissionDenied
    regions = list(comparison_regions(request.user).order_by("name"))
    region = _chosen(request, "region", regions) or (regions[0] if regions else None)
    if region is None:
        return render(request, "followup/dashboard_regional.html", {"regions": regions})
    allowed = comparison_municipalities(request.user, region)
    offered = list(
        (Municipality.objects.filter(region=region) if allowed is None else allowed).order_by(
            "name"
        )
    )
    municipality = _chosen(request, "municipality", offered)
    shown = allowed if municipality is None else Municipality.objects.filter(pk=municipality.pk)
    result = comparison.regional_comparison(region, shown)
    fmt = request.GET.get("format")
    if fmt in exports.FORMATS:
        columns = [*result.municipalities, *([region] if result.with_total else [])]
        return exports.table_response(
            fmt,
            "regionjamforelse",
            str(_("Regional comparison")),
            [str(h) for h in REGIONAL_HEADERS],
            (
                [
                    str(table.indicator),
                    row.label,
                    str(place),
                    cell.total.number,
                    cell.total.centres,
                    cell.children,
                    cell.per_child,
                    cell.per_thousand,
                ]
                for table in result.tables
                for row in table.years
                for place, cell in zip(
                    columns, [*row.cells, *([row.total] if row.total else [])], strict=True
                )
            ),
        )
    return render(
        request,
        "followup/dashboard_regional.html",
        {
            "regions": regions,
            "region": region,
            "offered": offered,
            "municipality": municipality,
            "whole_region": allowed is None,
            "result": result,
        },
    )
