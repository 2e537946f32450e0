"""Portal pages of governance: assignments, steering groups, meetings, dilemmas, training,
agreements and their costs. Access is decided in `coordination.rules` (see its docstring):
everyone logged in reads; changing needs a perm on the object's scope (403 otherwise)."""

from __future__ import annotations

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import models, transaction
from django.db.models import Count, Prefetch, Q, Sum
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from centres.models import Principal
from coordination import forms as f
from coordination.models import (
    Agreement,
    Assignment,
    CostEntry,
    Decision,
    DecisionStatus,
    Dilemma,
    DilemmaStatus,
    Document,
    DocumentKind,
    Meeting,
    SteeringGroup,
    SteeringGroupMember,
    TrainingEvent,
    TrainingParticipation,
)
from coordination.rules import (
    assignable_scopes,
    documents_for_user,
    in_own_area,
    meeting_scopes,
)
from coordination.services import (
    agreement_budget,
    agreement_settlement,
    agreement_years,
    assignment_end,
    budget_save,
    save_with_formsets,
)
from familjecentral.lists import paginate, sorting
from familjecentral.pages import form_page
from familjecentral.permissions import require_perm
from familjecentral.spans import in_force_on

SCOPE_RELATED = ("centre__district", "district__municipality", "municipality")


def _year_param(request: HttpRequest, name: str = "year") -> int | None:
    try:
        year = int(request.GET.get(name, ""))
    except ValueError:
        return None
    return year if 1900 <= year <= 2200 else None


# /samordning/uppdrag/
@login_required
def my_assignments(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    assignments = list(
        Assignment.objects.filter(user=request.user)
        .select_related("centre__district", "district__municipality", "municipality", "region")
        .prefetch_related("documents")
        .order_by("-valid_from", "pk")
    )
    for a in assignments:
        a.state = (
            "active" if a.is_active_on(today) else ("upcoming" if a.valid_from > today else "ended")
        )
    return render(
        request,
        "coordination/my_assignments.html",
        {
            "active": [a for a in assignments if a.state == "active"],
            "other": [a for a in assignments if a.state != "active"],
            "can_assign": request.user.has_perm("coordination.add_assignment"),
        },
    )


# /samordning/uppdrag/ny/
@login_required
def assignment_create(request: HttpRequest) -> HttpResponse:
    require_perm(request, "coordination.add_assignment")
    form = f.AssignmentForm(request.POST or None, scopes=assignable_scopes(request.user))
    if request.method == "POST" and form.is_valid():
        assignment = form.save()
        messages.success(request, _("The assignment was added: %(a)s.") % {"a": assignment})
        return redirect("coordination:assignment-list")
    return form_page(
        request,
        title=_("New assignment"),
        form=form,
        cancel_url=reverse("coordination:assignment-list"),
        intro=_("Give a user a role within your municipality."),
    )


# /samordning/uppdrag/alla/
@login_required
def assignment_list(request: HttpRequest) -> HttpResponse:
    """The assignments a koordinator manages: within their municipality (admins: all)."""
    require_perm(request, "coordination.add_assignment")
    scopes = assignable_scopes(request.user)
    assignments = Assignment.objects.filter(
        Q(centre__in=scopes["centre"])
        | Q(district__in=scopes["district"])
        | Q(municipality__in=scopes["municipality"])
        | Q(region__in=scopes["region"])
    ).select_related("user", "centre__district", "district__municipality", "municipality", "region")
    assignments = assignments.prefetch_related("documents")
    form = f.FilterForm(request.GET)
    filters = form.filters()
    if filters.get("q"):
        q = filters["q"]
        assignments = assignments.filter(
            Q(user__first_name__icontains=q)
            | Q(user__last_name__icontains=q)
            | Q(user__username__icontains=q)
        )
    order, columns = sorting(
        request,
        {
            "user": (gettext_lazy("User"), ["user__first_name", "user__last_name"]),
            "role": (gettext_lazy("Role"), ["role"]),
            "valid_from": (gettext_lazy("Valid from"), ["valid_from"]),
            "valid_to": (gettext_lazy("Valid to"), ["valid_to"]),
        },
        default="user",
    )
    page = paginate(request, assignments.order_by(*order))
    today = timezone.localdate()
    for a in page.object_list:
        a.active_now = a.is_active_on(today)
    return render(
        request,
        "coordination/assignment_list.html",
        {"page": page, "columns": columns, "form": form},
    )


# /samordning/uppdrag/<pk>/avsluta/
@login_required
def assignment_end_view(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = get_object_or_404(Assignment.objects.select_related("user"), pk=pk)
    require_perm(request, "coordination.change_assignment", assignment)
    form = f.EndAssignmentForm(
        request.POST or None,
        assignment=assignment,
        initial={"valid_to": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        assignment_end(assignment=assignment, on=form.cleaned_data["valid_to"])
        messages.success(request, _("The assignment was ended: %(a)s.") % {"a": assignment})
        return redirect("coordination:assignment-list")
    return form_page(
        request,
        title=_("End assignment"),
        form=form,
        cancel_url=reverse("coordination:assignment-list"),
        intro=_("%(a)s. From the day after the last day the assignment gives no rights.")
        % {"a": assignment},
    )


# /samordning/styrgrupper/
@login_required
def steering_group_list(request: HttpRequest) -> HttpResponse:
    form = f.SteeringGroupFilterForm(request.GET)
    filters = form.filters()
    groups = SteeringGroup.objects.select_related(*SCOPE_RELATED).annotate(
        region_members=Count("members", filter=Q(members__party=Principal.REGION), distinct=True),
        municipality_members=Count(
            "members", filter=Q(members__party=Principal.MUNICIPALITY), distinct=True
        ),
        meeting_count=Count("meetings", distinct=True),
    )
    groups = in_own_area(groups, request.user, filters.get("scope"))
    if filters.get("q"):
        groups = groups.filter(name__icontains=filters["q"])
    if filters.get("municipality"):
        m = filters["municipality"]
        groups = groups.filter(
            Q(municipality=m) | Q(district__municipality=m) | Q(centre__district__municipality=m)
        )
    both = Q(region_members__gt=0, municipality_members__gt=0)
    if filters.get("partsammansatt") == "ja":
        groups = groups.filter(both)
    elif filters.get("partsammansatt") == "nej":
        groups = groups.exclude(both)
    order, columns = sorting(
        request,
        {
            "name": (gettext_lazy("Name"), ["name"]),
            "meetings": (gettext_lazy("Meetings"), ["meeting_count", "name"]),
        },
        default="name",
    )
    page = paginate(request, groups.order_by(*order))
    return render(
        request,
        "coordination/steering_group_list.html",
        {
            "form": form,
            "page": page,
            "columns": columns,
            "can_add": request.user.has_perm("coordination.add_steeringgroup"),
        },
    )


# /samordning/styrgrupper/<pk>/
@login_required
def steering_group_detail(request: HttpRequest, pk: int) -> HttpResponse:
    group = get_object_or_404(
        SteeringGroup.objects.select_related(*SCOPE_RELATED).prefetch_related(
            Prefetch("members", SteeringGroupMember.objects.select_related("user"))
        ),
        pk=pk,
    )
    return render(
        request,
        "coordination/steering_group_detail.html",
        {
            "group": group,
            "meetings": group.meetings.annotate(decision_count=Count("decisions"))[:10],
            "can_change": request.user.has_perm("coordination.change_steeringgroup", group),
            "can_add_meeting": request.user.has_perm("coordination.add_meeting", group),
            "documents": group.documents.order_by("-valid_from", "title"),
            "can_add_document": request.user.has_perm(
                "coordination.add_document", Document(steering_group=group)
            ),
        },
    )


def _steering_group_edit(request: HttpRequest, group: SteeringGroup | None) -> HttpResponse:
    instance = group or SteeringGroup()
    form = f.SteeringGroupForm(request.POST or None, instance=instance, user=request.user)
    members = f.MemberFormSet(
        request.POST or None,
        instance=instance,
        prefix="members",
        form_kwargs={"manager": request.user},
    )
    if request.method == "POST" and form.is_valid() and members.is_valid():
        group = save_with_formsets(form=form, formsets=[members])
        messages.success(request, _("The steering group was saved."))
        return redirect(group)
    return form_page(
        request,
        title=_("Edit steering group") if group else _("New steering group"),
        form=form,
        formsets=[(_("Members"), members)],
        cancel_url=group.get_absolute_url()
        if group
        else reverse("coordination:steering-group-list"),
        intro=_(
            "A steering group is partsammansatt when it has members from both the municipality "
            "and the region."
        ),
    )


# /samordning/styrgrupper/ny/
@login_required
def steering_group_create(request: HttpRequest) -> HttpResponse:
    require_perm(request, "coordination.add_steeringgroup")
    return _steering_group_edit(request, None)


# /samordning/styrgrupper/<pk>/andra/
@login_required
def steering_group_edit(request: HttpRequest, pk: int) -> HttpResponse:
    group = get_object_or_404(SteeringGroup, pk=pk)
    require_perm(request, "coordination.change_steeringgroup", group)
    return _steering_group_edit(request, group)


# /samordning/moten/
@login_required
def meeting_list(request: HttpRequest) -> HttpResponse:
    form = f.MeetingFilterForm(request.GET)
    filters = form.filters()
    today = timezone.localdate()
    meetings = Meeting.objects.select_related("steering_group", *SCOPE_RELATED).annotate(
        decision_count=Count("decisions", distinct=True),
        overdue_count=Count(
            "decisions",
            filter=Q(decisions__status=DecisionStatus.OPEN, decisions__due_date__lt=today),
        ),
    )
    meetings = in_own_area(meetings, request.user, filters.get("scope"))
    if filters.get("q"):
        q = filters["q"]
        meetings = meetings.filter(Q(title__icontains=q) | Q(steering_group__name__icontains=q))
    if filters.get("kind"):
        meetings = meetings.filter(kind=filters["kind"])
    if filters.get("year"):
        meetings = meetings.filter(date__year=filters["year"])
    if filters.get("municipality"):
        m = filters["municipality"]
        meetings = meetings.filter(
            Q(municipality=m) | Q(district__municipality=m) | Q(centre__district__municipality=m)
        )
    order, columns = sorting(
        request,
        {
            "date": (gettext_lazy("Date"), ["date"]),
            "kind": (gettext_lazy("Kind of meeting"), ["kind", "-date"]),
            "decisions": (gettext_lazy("Decisions"), ["decision_count", "-date"]),
        },
        default="-date",
    )
    page = paginate(request, meetings.order_by(*order))
    return render(
        request,
        "coordination/meeting_list.html",
        {
            "form": form,
            "page": page,
            "columns": columns,
            "can_add": request.user.has_perm("coordination.add_meeting"),
        },
    )


# /samordning/moten/<pk>/
@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(
        Meeting.objects.select_related("steering_group", *SCOPE_RELATED).prefetch_related(
            Prefetch("decisions", Decision.objects.select_related("responsible"))
        ),
        pk=pk,
    )
    can_change = request.user.has_perm("coordination.change_meeting", meeting)
    decisions = list(meeting.decisions.all())
    for d in decisions:
        d.can_mark_done = d.status == DecisionStatus.OPEN and (
            can_change or d.responsible_id == request.user.pk
        )
    return render(
        request,
        "coordination/meeting_detail.html",
        {"meeting": meeting, "decisions": decisions, "can_change": can_change},
    )


def _meeting_edit(request: HttpRequest, meeting: Meeting | None) -> HttpResponse:
    instance = meeting or Meeting()
    initial = {}
    if meeting is None and request.GET.get("styrgrupp", "").isdigit():
        # Only a group the user manages is preselected, with the group's own scope.
        group = (
            f.managed_steering_groups(request.user, meeting_scopes(request.user))
            .select_related(*SCOPE_RELATED)
            .filter(pk=request.GET["styrgrupp"])
            .first()
        )
        if group is not None:
            initial = {"kind": "styrgrupp", "steering_group": group.pk}
            initial["scope"] = f"{group.scope_kind}:{group.scope.pk}"
    form = f.MeetingForm(
        request.POST or None, instance=instance, user=request.user, initial=initial
    )
    decisions = f.DecisionFormSet(
        request.POST or None,
        instance=instance,
        prefix="decisions",
        form_kwargs={"manager": request.user},
    )
    if request.method == "POST" and form.is_valid() and decisions.is_valid():
        meeting = save_with_formsets(form=form, formsets=[decisions])
        messages.success(request, _("The meeting was saved."))
        return redirect(meeting)
    return form_page(
        request,
        title=_("Edit meeting") if meeting else _("New meeting"),
        form=form,
        formsets=[(_("Decisions"), decisions)],
        cancel_url=meeting.get_absolute_url() if meeting else reverse("coordination:meeting-list"),
    )


# /samordning/moten/ny/
@login_required
def meeting_create(request: HttpRequest) -> HttpResponse:
    require_perm(request, "coordination.add_meeting")
    return _meeting_edit(request, None)


# /samordning/moten/<pk>/andra/
@login_required
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk)
    require_perm(request, "coordination.change_meeting", meeting)
    return _meeting_edit(request, meeting)


# /samordning/beslut/<pk>/status/
@login_required
@require_http_methods(["POST"])
def decision_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The person responsible (or the meeting's managers) marks a decision done or cancelled."""
    decision = get_object_or_404(Decision.objects.select_related("meeting"), pk=pk)
    require_perm(request, "coordination.change_decision", decision)
    form = f.DecisionStatusForm(request.POST, instance=decision)
    if form.is_valid():
        form.save()
        messages.success(
            request,
            _("The decision is now: %(status)s.") % {"status": decision.get_status_display()},
        )
    else:
        messages.error(request, _("Choose a valid status."))
    return redirect(decision.meeting)


# /samordning/dilemman/
@login_required
def dilemma_list(request: HttpRequest) -> HttpResponse:
    form = f.DilemmaFilterForm(request.GET)
    filters = form.filters()
    dilemmas = Dilemma.objects.select_related("district__municipality", "raised_by")
    dilemmas = in_own_area(dilemmas, request.user, filters.get("scope"))
    if filters.get("q"):
        q = filters["q"]
        dilemmas = dilemmas.filter(Q(title__icontains=q) | Q(description__icontains=q))
    if filters.get("status"):
        dilemmas = dilemmas.filter(status=filters["status"])
    if filters.get("district"):
        dilemmas = dilemmas.filter(district=filters["district"])
    status_rank = models.Case(
        *(models.When(status=s, then=models.Value(i)) for i, s in enumerate(DilemmaStatus.values)),
        output_field=models.IntegerField(),
    )
    order, columns = sorting(
        request,
        {
            "raised_on": (gettext_lazy("Raised on"), ["raised_on"]),
            "title": (gettext_lazy("Title"), ["title"]),
            "district": (gettext_lazy("District"), ["district__name", "-raised_on"]),
            "status": (gettext_lazy("Status"), ["status_rank", "-raised_on"]),
        },
        default="-raised_on",
    )
    page = paginate(request, dilemmas.annotate(status_rank=status_rank).order_by(*order))
    return render(
        request,
        "coordination/dilemma_list.html",
        {
            "form": form,
            "page": page,
            "columns": columns,
            "can_add": request.user.has_perm("coordination.add_dilemma"),
        },
    )


# /samordning/dilemman/<pk>/
@login_required
def dilemma_detail(request: HttpRequest, pk: int) -> HttpResponse:
    dilemma = get_object_or_404(
        Dilemma.objects.select_related("district__municipality", "raised_by"), pk=pk
    )
    return render(
        request,
        "coordination/dilemma_detail.html",
        {
            "dilemma": dilemma,
            "can_change": request.user.has_perm("coordination.change_dilemma", dilemma),
        },
    )


# /samordning/dilemman/ny/
@login_required
def dilemma_create(request: HttpRequest) -> HttpResponse:
    require_perm(request, "coordination.add_dilemma")
    form = f.DilemmaForm(
        request.POST or None, instance=Dilemma(raised_by=request.user), user=request.user
    )
    if request.method == "POST" and form.is_valid():
        dilemma = form.save()
        messages.success(request, _("The dilemma was added to the log."))
        return redirect(dilemma)
    return form_page(
        request,
        title=_("New dilemma"),
        form=form,
        cancel_url=reverse("coordination:dilemma-list"),
    )


# /samordning/dilemman/<pk>/andra/
@login_required
def dilemma_edit(request: HttpRequest, pk: int) -> HttpResponse:
    dilemma = get_object_or_404(Dilemma, pk=pk)
    require_perm(request, "coordination.change_dilemma", dilemma)
    form = f.DilemmaForm(request.POST or None, instance=dilemma, user=request.user)
    if request.method == "POST" and form.is_valid():
        dilemma = form.save()
        messages.success(request, _("The dilemma was saved."))
        return redirect(dilemma)
    return form_page(
        request, title=_("Edit dilemma"), form=form, cancel_url=dilemma.get_absolute_url()
    )


# /samordning/kompetensutveckling/
@login_required
def training_list(request: HttpRequest) -> HttpResponse:
    form = f.TrainingFilterForm(request.GET)
    filters = form.filters()
    events = TrainingEvent.objects.select_related("district__municipality", "municipality")
    events = in_own_area(events, request.user, filters.get("scope"))
    events = events.annotate(
        participants_region=Sum(
            "participations__count", filter=Q(participations__party=Principal.REGION)
        ),
        participants_municipality=Sum(
            "participations__count", filter=Q(participations__party=Principal.MUNICIPALITY)
        ),
        participants_total=Sum("participations__count"),
    )
    if filters.get("q"):
        events = events.filter(title__icontains=filters["q"])
    if filters.get("level"):
        events = events.filter(level=filters["level"])
    if filters.get("year"):
        events = events.filter(date__year=filters["year"])
    order, columns = sorting(
        request,
        {
            "date": (gettext_lazy("Date"), ["date"]),
            "title": (gettext_lazy("Title"), ["title"]),
            "level": (gettext_lazy("Level"), ["level", "-date"]),
            "participants": (gettext_lazy("Participants"), ["participants_total", "-date"]),
        },
        default="-date",
    )
    page = paginate(request, events.order_by(*order))
    return render(
        request,
        "coordination/training_list.html",
        {
            "form": form,
            "page": page,
            "columns": columns,
            "can_add": request.user.has_perm("coordination.add_trainingevent"),
        },
    )


# /samordning/kompetensutveckling/<pk>/
@login_required
def training_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(
        TrainingEvent.objects.select_related("district__municipality", "municipality")
        .prefetch_related("professions")
        .prefetch_related(
            Prefetch(
                "participations",
                TrainingParticipation.objects.select_related("district__municipality"),
            )
        ),
        pk=pk,
    )
    by_district: dict = defaultdict(lambda: {"kommun": 0, "region": 0})
    totals = {"kommun": 0, "region": 0}
    for p in event.participations.all():
        by_district[p.district][p.party] += p.count
        totals[p.party] += p.count
    rows = [
        {"district": d, "kommun": c["kommun"], "region": c["region"], "total": sum(c.values())}
        for d, c in sorted(by_district.items(), key=lambda i: i[0].name)
    ]
    return render(
        request,
        "coordination/training_detail.html",
        {
            "event": event,
            "rows": rows,
            "totals": {**totals, "total": sum(totals.values())},
            "can_change": request.user.has_perm("coordination.change_trainingevent", event),
        },
    )


def _training_edit(request: HttpRequest, event: TrainingEvent | None) -> HttpResponse:
    instance = event or TrainingEvent()
    form = f.TrainingEventForm(request.POST or None, instance=instance, user=request.user)
    participations = f.ParticipationFormSet(
        request.POST or None,
        instance=instance,
        prefix="participation",
        form_kwargs={"manager": request.user},
    )
    if request.method == "POST" and form.is_valid() and participations.is_valid():
        event = save_with_formsets(form=form, formsets=[participations])
        messages.success(request, _("The training event was saved."))
        return redirect(event)
    return form_page(
        request,
        title=_("Edit training event") if event else _("New training event"),
        form=form,
        formsets=[(_("Participants per district and party"), participations)],
        cancel_url=event.get_absolute_url() if event else reverse("coordination:training-list"),
        intro=_("Count participants only: never enter names."),
    )


# /samordning/kompetensutveckling/ny/
@login_required
def training_create(request: HttpRequest) -> HttpResponse:
    require_perm(request, "coordination.add_trainingevent")
    return _training_edit(request, None)


# /samordning/kompetensutveckling/<pk>/andra/
@login_required
def training_edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(TrainingEvent, pk=pk)
    require_perm(request, "coordination.change_trainingevent", event)
    return _training_edit(request, event)


# /samordning/avtal/
@login_required
def agreement_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    form = f.AgreementFilterForm(request.GET)
    filters = form.filters()
    agreements = Agreement.objects.with_status(today).select_related(
        "district__municipality", "municipality"
    )
    agreements = in_own_area(agreements, request.user, filters.get("scope"))
    if filters.get("q"):
        q = filters["q"]
        agreements = agreements.filter(
            Q(title__icontains=q)
            | Q(party_region__icontains=q)
            | Q(party_municipality__icontains=q)
        )
    if filters.get("status"):
        agreements = agreements.filter(status_value=filters["status"])
    if filters.get("municipality"):
        m = filters["municipality"]
        agreements = agreements.filter(Q(municipality=m) | Q(district__municipality=m))
    order, columns = sorting(
        request,
        {
            "title": (gettext_lazy("Title"), ["title"]),
            "valid_from": (gettext_lazy("Valid from"), ["valid_from", "title"]),
            "valid_to": (gettext_lazy("Valid to"), ["valid_to", "title"]),
            "status": (gettext_lazy("Status"), ["status_rank", "valid_to"]),
        },
        default="title",
    )
    page = paginate(request, agreements.order_by(*order))
    return render(
        request,
        "coordination/agreement_list.html",
        {
            "form": form,
            "page": page,
            "columns": columns,
            "can_add": request.user.has_perm("coordination.add_agreement"),
        },
    )


# /samordning/avtal/<pk>/
@login_required
def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_object_or_404(
        Agreement.objects.select_related(
            "district__municipality", "municipality", "intent_document"
        ),
        pk=pk,
    )
    today = timezone.localdate()
    years = agreement_years(agreement=agreement, today_year=today.year)
    year = _year_param(request)
    if year is None:
        year = today.year if today.year in years else years[0]
    entries = agreement.cost_entries.filter(date__year=year).order_by("date", "pk")
    return render(
        request,
        "coordination/agreement_detail.html",
        {
            "agreement": agreement,
            "status": agreement.status_on(today),
            "years": years,
            "year": year,
            "settlement": agreement_settlement(agreement=agreement, year=year),
            "budget": agreement_budget(agreement=agreement, year=year),
            "entries": entries,
            "can_change": request.user.has_perm("coordination.change_agreement", agreement),
            "can_add_cost": request.user.has_perm("coordination.add_costentry", agreement),
        },
    )


# /samordning/avtal/<pk>/budget/?year=2026
@login_required
def agreement_budget_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The year's budget per cost category, kept by those who manage the agreement."""
    agreement = get_object_or_404(Agreement, pk=pk)
    require_perm(request, "coordination.change_agreement", agreement)
    year = _year_param(request) or timezone.localdate().year
    saved = dict(agreement.budgets.filter(year=year).values_list("category", "amount"))
    form = f.BudgetForm(request.POST or None, initial_amounts=saved)
    if request.method == "POST" and form.is_valid():
        budget_save(agreement=agreement, year=year, amounts=form.amounts())
        messages.success(request, _("The budget for %(year)s was saved.") % {"year": year})
        return redirect(f"{agreement.get_absolute_url()}?year={year}")
    return form_page(
        request,
        title=_("Budget %(year)s: %(agreement)s") % {"year": year, "agreement": agreement.title},
        form=form,
        cancel_url=f"{agreement.get_absolute_url()}?year={year}",
        intro=_(
            "Per cost category, in kronor. Leave a category empty if it has no budget. Each "
            "party's share follows the agreement's cost key."
        ),
    )


# /samordning/avtal/<pk>/dokument/
@login_required
def agreement_document(request: HttpRequest, pk: int) -> FileResponse:
    return _pdf(get_object_or_404(Agreement, pk=pk).document)


def _pdf(stored) -> FileResponse:
    """A stored PDF (a FieldFile) as a download under its own name; none, or one missing
    from the storage, is a 404."""
    if not stored:
        raise Http404
    try:
        handle = stored.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    filename = stored.name.rsplit("/", 1)[-1]
    return FileResponse(handle, content_type="application/pdf", filename=filename)


def _agreement_edit(request: HttpRequest, agreement: Agreement | None) -> HttpResponse:
    form = f.AgreementForm(
        request.POST or None,
        request.FILES or None,
        instance=agreement or Agreement(),
        user=request.user,
    )
    if request.method == "POST" and form.is_valid():
        agreement = form.save()
        messages.success(request, _("The agreement was saved."))
        return redirect(agreement)
    return form_page(
        request,
        title=_("Edit agreement") if agreement else _("New agreement"),
        form=form,
        multipart=True,
        cancel_url=agreement.get_absolute_url()
        if agreement
        else reverse("coordination:agreement-list"),
        intro=_(
            "Joint costs are shared by the key: in Göteborg 50/50 between the parties. The two "
            "shares must add up to 100 %."
        ),
    )


# /samordning/avtal/ny/
@login_required
def agreement_create(request: HttpRequest) -> HttpResponse:
    require_perm(request, "coordination.add_agreement")
    return _agreement_edit(request, None)


# /samordning/avtal/<pk>/andra/
@login_required
def agreement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_object_or_404(Agreement, pk=pk)
    require_perm(request, "coordination.change_agreement", agreement)
    return _agreement_edit(request, agreement)


# /samordning/avtal/<pk>/kostnader/ny/
@login_required
def cost_create(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_object_or_404(Agreement, pk=pk)
    require_perm(request, "coordination.add_costentry", agreement)
    form = f.CostEntryForm(
        request.POST or None,
        instance=CostEntry(agreement=agreement),
        initial={"date": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        entry = form.save()
        messages.success(request, _("The cost was recorded."))
        return redirect(entry)
    return form_page(
        request,
        title=_("New cost: %(agreement)s") % {"agreement": agreement},
        form=form,
        cancel_url=agreement.get_absolute_url(),
    )


# /samordning/kostnader/<pk>/andra/
@login_required
def cost_edit(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(CostEntry.objects.select_related("agreement"), pk=pk)
    require_perm(request, "coordination.change_costentry", entry)
    form = f.CostEntryForm(request.POST or None, instance=entry)
    if request.method == "POST" and form.is_valid():
        entry = form.save()
        messages.success(request, _("The cost was saved."))
        return redirect(entry)
    return form_page(
        request,
        title=_("Edit cost: %(agreement)s") % {"agreement": entry.agreement},
        form=form,
        cancel_url=entry.get_absolute_url(),
    )


# /samordning/kostnader/<pk>/ta-bort/
@login_required
def cost_delete(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(CostEntry.objects.select_related("agreement"), pk=pk)
    require_perm(request, "coordination.delete_costentry", entry)
    if request.method == "POST":
        back = entry.get_absolute_url()
        entry.delete()
        messages.success(request, _("The cost was removed."))
        return redirect(back)
    return render(
        request,
        "coordination/cost_confirm_delete.html",
        {"entry": entry, "cancel_url": entry.get_absolute_url()},
    )


# --- The document library --------------------------------------------------------------------

DOCUMENT_RELATED = (
    "region",
    "municipality",
    "district__municipality",
    "steering_group__centre__district__municipality",
    "steering_group__district__municipality",
    "steering_group__municipality",
    "assignment__user",
    "assignment__centre__district__municipality",
    "assignment__district__municipality",
    "assignment__municipality",
    "assignment__region",
)


def _readable_document(request: HttpRequest, pk: int) -> Document:
    """The document, if the user may read it: one they may not is answered as missing (it lies
    outside their area), as a page without an assignment is refused."""
    document = get_object_or_404(Document.objects.select_related(*DOCUMENT_RELATED), pk=pk)
    if not request.user.has_perm("coordination.view_document", document):
        raise Http404
    return document


# /samordning/dokument/
@login_required
def document_list(request: HttpRequest) -> HttpResponse:
    form = f.DocumentFilterForm(request.GET)
    filters = form.filters()
    documents = documents_for_user(request.user).select_related(*DOCUMENT_RELATED)
    if filters.get("q"):
        documents = documents.filter(title__icontains=filters["q"])
    if filters.get("kind"):
        documents = documents.filter(kind=filters["kind"])
    if filters.get("valid") == "ja":
        documents = documents.filter(in_force_on(timezone.localdate(), "valid_from", "valid_to"))
    order, columns = sorting(
        request,
        {
            "title": (gettext_lazy("Title"), ["title", "pk"]),
            "kind": (gettext_lazy("Kind"), ["kind", "title", "pk"]),
            "valid_from": (gettext_lazy("Valid from"), ["valid_from", "title", "pk"]),
        },
        default="-valid_from",
    )
    return render(
        request,
        "coordination/document_list.html",
        {
            "form": form,
            "page": paginate(request, documents.order_by(*order)),
            "columns": columns,
            "can_add": request.user.has_perm("coordination.add_document"),
        },
    )


# /samordning/dokument/<pk>/
@login_required
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = _readable_document(request, pk)
    return render(
        request,
        "coordination/document_detail.html",
        {
            "document": document,
            "agreements": document.agreements.order_by("-valid_from", "title"),
            "can_change": request.user.has_perm("coordination.change_document", document),
        },
    )


# /samordning/dokument/<pk>/fil/
@login_required
def document_file(request: HttpRequest, pk: int) -> FileResponse:
    return _pdf(_readable_document(request, pk).file)


def _document_edit(request: HttpRequest, document: Document | None) -> HttpResponse:
    instance = document or Document(uploaded_by=request.user)
    initial = {}
    for kind in ("steering_group", "assignment"):
        # "Add a remit" on a steering group's page or in the assignment list preselects it
        # (the form offers it only if the user may keep documents for it).
        if request.GET.get(kind, "").isdigit() and document is None:
            initial["scope"] = f"{kind}:{request.GET[kind]}"
            initial["kind"] = DocumentKind.UPPDRAGSBESKRIVNING
    form = f.DocumentForm(
        request.POST or None,
        request.FILES or None,
        instance=instance,
        initial=initial,
        user=request.user,
    )
    if request.method == "POST" and form.is_valid():
        require_perm(request, "coordination.change_document", form.instance)
        if document is None or "file" in form.changed_data:
            form.instance.uploaded_by = request.user
            form.instance.uploaded_at = timezone.now()
        document = form.save()
        messages.success(request, _("The document was saved."))
        return redirect(document)
    return form_page(
        request,
        title=_("Edit document") if document else _("New document"),
        form=form,
        cancel_url=document.get_absolute_url()
        if document
        else reverse("coordination:document-list"),
        multipart=True,
    )


# /samordning/dokument/ny/
@login_required
def document_create(request: HttpRequest) -> HttpResponse:
    require_perm(request, "coordination.add_document")
    return _document_edit(request, None)


# /samordning/dokument/<pk>/andra/
@login_required
def document_edit(request: HttpRequest, pk: int) -> HttpResponse:
    document = _readable_document(request, pk)
    require_perm(request, "coordination.change_document", document)
    return _document_edit(request, document)


# /samordning/dokument/<pk>/ta-bort/
@login_required
def document_delete(request: HttpRequest, pk: int) -> HttpResponse:
    document = _readable_document(request, pk)
    require_perm(request, "coordination.delete_document", document)
    if request.method == "POST":
        storage, name = document.file.storage, document.file.name
        document.delete()
        # The file goes once the removal is committed: a rolled-back one keeps its file.
        transaction.on_commit(lambda: storage.delete(name))
        messages.success(request, _("The document was removed."))
        return redirect("coordination:document-list")
    return render(
        request,
        "coordination/document_confirm_delete.html",
        {
            "document": document,
            "agreements": document.agreements.order_by("title"),
            "cancel_url": document.get_absolute_url(),
        },
    )
