"""The set-up of the follow-up: goals, indicators and periods, and locking a period."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Count, F, Func, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from centres.models import FamilyCentre, Municipality, Region
from coordination.rules import area_of, followup_owners_for_user
from familjecentral.lists import paginate, sorting
from familjecentral.permissions import require_perm
from familjecentral.spans import not_ended_by, overlapping
from followup.forms import (
    GoalForm,
    IndicatorForm,
    OwnerFilterField,
    PeriodFilterForm,
    PeriodForm,
    SetupFilterForm,
    TargetFormSet,
    valid_filters,
)
from followup.models import Goal, Indicator, LastDayOnTime, Period, Report, ReportStatus, owned_by_q


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
    require_perm(request, "followup.manage_setup", goal)
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
    require_perm(request, "followup.manage_setup", indicator)
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
        overlapping(OuterRef("start"), OuterRef("end"), "opened_on", "closed_on"),
        not_ended_by(OuterRef("start"), "valid_to", "district__"),
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
    require_perm(request, "followup.manage_setup", period)
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
    require_perm(request, "followup.manage_setup", period)
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
