"""Follow-up pages: reports (list, read, edit, review) and the set-up of goals, indicators and
periods. Access is decided by followup.rules (built on coordination.rules)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Func, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from centres.models import FamilyCentre, ServiceType
from coordination.rules import centres_for_user
from followup import services
from followup.forms import (
    GoalForm,
    IndicatorForm,
    PeriodFilterForm,
    PeriodForm,
    ReasonForm,
    ReportCreateForm,
    ReportFilterForm,
    ReportForm,
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
    Indicator,
    Period,
    Report,
    ReportStatus,
    Value,
    field_key,
)
from followup.rules import get_report_for_user, reports_for_user, require_review, require_setup

PAGE_SIZE = 25


# --- Lists: sorting and pagination ----------------------------------------------------------


@dataclass(frozen=True)
class SortColumn:
    key: str
    label: str
    next: str  # the ?sort= value the header links to
    aria_sort: str  # "ascending", "descending" or "none"


def _sorting(
    request: HttpRequest, columns: dict[str, tuple[str, list[str]]], default: str
) -> tuple[list[str], dict[str, SortColumn]]:
    """Read ?sort=<key> or ?sort=-<key>; an unknown key falls back to `default`."""
    sort = request.GET.get("sort", default)
    key = sort.removeprefix("-")
    if key not in columns:
        sort, key = default, default.removeprefix("-")
    descending = sort.startswith("-")
    # Only the clicked column is reversed; the tie-breakers stay in their natural order.
    first, *rest = columns[key][1]
    order = [f"-{first}" if descending else first, *rest]
    headers = {
        k: SortColumn(
            key=k,
            label=label,
            next=f"-{k}" if k == key and not descending else k,
            aria_sort=("descending" if descending else "ascending") if k == key else "none",
        )
        for k, (label, _fields) in columns.items()
    }
    return [*order, "pk"], headers


def _page(request: HttpRequest, queryset: QuerySet) -> Page:
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


# --- Reports --------------------------------------------------------------------------------


# /uppfoljning/
@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    form = ReportFilterForm(request.GET)
    filters = valid_filters(form)
    reports = reports_for_user(request.user).select_related(
        "centre__district__municipality", "period", "submitted_by"
    )
    if "period" in filters:
        reports = reports.filter(period=filters["period"])
    if "district" in filters:
        reports = reports.filter(centre__district=filters["district"])
    if "centre" in filters:
        reports = reports.filter(centre=filters["centre"])
    if "status" in filters:
        reports = reports.filter(status=filters["status"])
    order, columns = _sorting(
        request,
        {
            "period": (gettext_lazy("Period"), ["period__start", "centre__name"]),
            "centre": (gettext_lazy("Family centre"), ["centre__name", "-period__start"]),
            "district": (
                gettext_lazy("District"),
                ["centre__district__name", "centre__name", "-period__start"],
            ),
            "status": (gettext_lazy("Status"), ["status", "-period__start", "centre__name"]),
            "submitted": (gettext_lazy("Submitted"), ["submitted_at", "centre__name"]),
        },
        default="-period",
    )
    page = _page(request, reports.order_by(*order))
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
    form = ReportCreateForm(request.POST or None, centres=centres, initial=request.GET.dict())
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

    def _text(self, number: Any, status: str | None) -> str:
        return self.indicator.display(number, status)

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
        return self._text(self.target, None)


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


def _groups(
    report: Report,
    indicators: list[Indicator],
    goals: list[Goal],
    form: ReportForm | None = None,
    errors: dict[str, list[str]] | None = None,
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
            target=ind.target_for(year),
            calculation=calculations.get(ind.pk),
            errors=errors.get(field_key("number", ind.pk), []) if ind.is_calculated else [],
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
    kwargs = {"report": report, "indicators": indicators, "goals": goals}
    form = ReportForm(request.POST or None, saved=services.report_data(report), **kwargs)
    conflict: list[dict] | None = None
    submit_errors: dict[str, list[str]] = {}
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
            try:
                services.report_submit(report=report, user=request.user)
            except ValidationError as e:
                submit_errors = e.message_dict
                form = _rebind(
                    request, report.version, saved=services.report_data(report), **kwargs
                )
                for key, errors in submit_errors.items():
                    if key in form.fields:
                        form.add_error(key, errors)
                messages.error(
                    request,
                    _(
                        "The report was saved as a draft but cannot be submitted yet: correct "
                        "the fields marked below."
                    ),
                )
            else:
                messages.success(request, _("The report was submitted for review."))
                return redirect(report)
    return render(
        request,
        "followup/report_form.html",
        {
            "report": report,
            "form": form,
            "groups": _groups(report, indicators, goals, form, submit_errors),
            "conflict": conflict,
        },
        status=status,
    )


def _review_page(
    request: HttpRequest, report: Report, forms: dict[str, ReasonForm] | None = None
) -> HttpResponse:
    forms = forms or {}
    return render(
        request,
        "followup/report_review.html",
        {
            "report": report,
            "return_form": forms.get("return") or ReasonForm(prefix="return"),
            "reopen_form": forms.get("reopen") or ReasonForm(prefix="reopen"),
            "events": report.events.select_related("user")[:5],
            "awaiting_review": report.status == ReportStatus.SUBMITTED,
            "approved": report.status == ReportStatus.APPROVED,
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


# /uppfoljning/mal/
@login_required
def goal_list(request: HttpRequest) -> HttpResponse:
    form = SetupFilterForm(request.GET)
    filters = valid_filters(form)
    goals = Goal.objects.annotate(indicator_count=Count("indicators")).prefetch_related("articles")
    if "q" in filters:
        goals = goals.filter(Q(name__icontains=filters["q"]) | Q(code__icontains=filters["q"]))
    order, columns = _sorting(
        request,
        {
            "order": (gettext_lazy("Order"), ["order", "code"]),
            "code": (gettext_lazy("Code"), ["code"]),
            "name": (gettext_lazy("Name"), ["name"]),
            "indicators": (gettext_lazy("Indicators"), ["indicator_count", "order"]),
        },
        default="order",
    )
    return render(
        request,
        "followup/goal_list.html",
        {
            "form": form,
            "page": _page(request, goals.order_by(*order)),
            "columns": columns,
            "can_manage": request.user.has_perm("followup.manage_setup"),
        },
    )


def _save_goal(request: HttpRequest, goal: Goal | None) -> HttpResponse:
    require_setup(request)
    form = GoalForm(request.POST or None, instance=goal)
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
    filters = valid_filters(form)
    indicators = Indicator.objects.select_related(
        "goal", "service_type", "numerator", "denominator"
    ).prefetch_related("targets")
    if "q" in filters:
        indicators = indicators.filter(
            Q(name__icontains=filters["q"]) | Q(code__icontains=filters["q"])
        )
    if "goal" in filters:
        indicators = indicators.filter(goal=filters["goal"])
    if "kind" in filters:
        indicators = indicators.filter(kind=filters["kind"])
    order, columns = _sorting(
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
    return render(
        request,
        "followup/indicator_list.html",
        {
            "form": form,
            "page": _page(request, indicators.order_by(*order)),
            "columns": columns,
            "can_manage": request.user.has_perm("followup.manage_setup"),
            "year": timezone.localdate().year,
        },
    )


def _save_indicator(request: HttpRequest, indicator: Indicator | None) -> HttpResponse:
    require_setup(request)
    form = IndicatorForm(request.POST or None, instance=indicator)
    targets = TargetFormSet(request.POST or None, instance=indicator or Indicator())
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
    return _save_indicator(request, get_object_or_404(Indicator, pk=pk))


def _count(queryset: QuerySet) -> Coalesce:
    counted = queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Coalesce(Subquery(counted), 0)


def _count_on_time(periods: list[Period]) -> None:
    """Attach `on_time_count`: reports submitted by the last day on time (deadline + grace)."""
    by_pk = {p.pk: p for p in periods}
    for p in periods:
        p.on_time_count = 0
    submitted = Report.objects.published().filter(period__in=list(by_pk))
    for period_id, submitted_at in submitted.values_list("period_id", "submitted_at"):
        period = by_pk[period_id]
        if submitted_at and timezone.localdate(submitted_at) <= period.last_day_on_time:
            period.on_time_count += 1


# /uppfoljning/perioder/
@login_required
def period_list(request: HttpRequest) -> HttpResponse:
    form = PeriodFilterForm(request.GET)
    filters = valid_filters(form)
    expected = FamilyCentre.objects.filter(
        Q(opened_on__isnull=True) | Q(opened_on__lte=OuterRef("end")),
        Q(closed_on__isnull=True) | Q(closed_on__gte=OuterRef("start")),
    )
    reports = Report.objects.filter(period=OuterRef("pk"))
    published = reports.filter(status__in=PUBLISHED_STATUSES)
    periods = Period.objects.annotate(
        expected_count=_count(expected),
        submitted_count=_count(published),
        approved_count=_count(reports.filter(status=ReportStatus.APPROVED)),
    )
    if "year" in filters:
        periods = periods.filter(start__year=filters["year"])
    if "kind" in filters:
        periods = periods.filter(kind=filters["kind"])
    order, columns = _sorting(
        request,
        {
            "start": (gettext_lazy("Period"), ["start", "kind"]),
            "deadline": (gettext_lazy("Deadline"), ["deadline", "start"]),
            "kind": (gettext_lazy("Kind"), ["kind", "start"]),
            "expected": (gettext_lazy("Expected"), ["expected_count", "start"]),
            "submitted": (gettext_lazy("Submitted"), ["submitted_count", "start"]),
        },
        default="-start",
    )
    page = _page(request, periods.order_by(*order))
    _count_on_time(page.object_list)
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
    require_setup(request)
    form = PeriodForm(request.POST or None, instance=period)
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
    require_setup(request)
    period = get_object_or_404(Period, pk=pk)
    if request.method == "POST":
        period.locked = locked
        period.save(update_fields=["locked"])
        messages.success(
            request,
            (
                _("The period “%(period)s” is locked.")
                if locked
                else _("The period “%(period)s” is open again.")
            )
            % {"period": period},
        )
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
