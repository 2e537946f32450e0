"""Reports: the list, a new report, its page, the form and the review (approve, return, reopen).
Access is decided by followup.rules (built on coordination.rules)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from centres.area import ALL
from coordination.rules import centres_for_user, own_area
from familjecentral.lists import paginate, sorting
from familjecentral.permissions import require_perm
from followup import arbetssatt, services
from followup.forms import ReasonForm, ReportCreateForm, ReportFilterForm, ReportForm, valid_filters
from followup.models import PUBLISHED_STATUSES, Report, ReportStatus
from followup.report_form import error_summary, figure_warnings, flag_figures, goal_groups
from followup.rules import get_report_for_user, reports_for_user


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
            "groups": goal_groups(report, indicators, goals),
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
    groups = goal_groups(report, indicators, goals, form, submit_errors, warnings)
    return render(
        request,
        "followup/report_form.html",
        {
            "report": report,
            "form": form,
            "groups": groups,
            "ratings": arbetssatt.rating_rows(report, form),
            "problems": error_summary(form, groups) if form.is_bound else [],
            "conflict": conflict,
            "figure_warnings": figure_warnings(groups),
            "warnings_token": warnings_token,
            "submission_opens": services.submission_opens(report.period),
        },
        status=status,
    )


def _review_page(
    request: HttpRequest, report: Report, forms: dict[str, ReasonForm] | None = None
) -> HttpResponse:
    """The whole report (values, assessments, last period and target) beside approve,
    return and reopen; the figures to look at twice marked (flag_figures)."""
    forms = forms or {}
    indicators = services.indicators_for(report)
    goals = services.goals_for(report)
    groups = goal_groups(report, indicators, goals)
    flagged = 0 if report.is_self_assessment else flag_figures(report, groups)
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
    require_perm(request, "followup.review_report", report)
    return _review_page(request, report)


def _review_step(request: HttpRequest, pk: int, step: str, done: str) -> HttpResponse:
    report = get_report_for_user(request, pk)
    require_perm(request, "followup.review_report", report)
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
