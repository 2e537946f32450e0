"""The register's portal pages. Everyone logged in may read the register; a centre's facts and
staffing are kept by those whose assignments cover it, its services by the processledare and
koordinator over it (`coordination.rules`)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import models
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from centres.area import ALL, in_area, limit_choices, own_area, within
from centres.forms import (
    CentreFactsForm,
    CentreFilterForm,
    CentreServiceFormSet,
    DistrictFilterForm,
    MeetingPlaceFilterForm,
    MeetingPlaceForm,
    MethodFilterForm,
    MunicipalityFilterForm,
    StaffingFormSet,
    valid_filters,
)
from centres.models import (
    CentreService,
    Classification,
    District,
    EvidenceLevel,
    FamilyCentre,
    MeetingPlace,
    Method,
    Municipality,
    Profession,
    ServiceType,
    Staffing,
    stale_before,
)
from familjecentral.lists import paginate, sorting
from familjecentral.pages import form_page
from familjecentral.permissions import require_perm


def _core_types() -> list[ServiceType]:
    return list(ServiceType.objects.filter(is_core=True))


def _classify_all(centres, on: datetime.date) -> None:
    """Attach `result` (classification with what is missing) to centres whose services are
    prefetched."""
    core_types = _core_types()
    for centre in centres:
        centre.result = centre.classify(on, core_types=core_types)


def _can_admin(request: HttpRequest, perm: str) -> bool:
    return request.user.is_staff and request.user.has_perm(perm)


CLASSIFICATION_RANK = models.Case(
    models.When(classification=Classification.FAMILJECENTRAL, then=models.Value(1)),
    models.When(classification=Classification.LIKNANDE, then=models.Value(2)),
    default=models.Value(3),
    output_field=models.IntegerField(),
)

EVIDENCE_RANK = models.Case(
    *(
        models.When(evidence_level=level, then=models.Value(rank))
        for rank, level in enumerate(EvidenceLevel.values)
    ),
    output_field=models.IntegerField(),
)


# /register/centraler/
@login_required
def centre_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    area = None if request.GET.get("scope") == ALL else own_area(request.user)
    form = CentreFilterForm(request.GET)
    limit_choices(form, area)
    filters = valid_filters(form)
    centres = (
        FamilyCentre.objects.with_classification(today)
        .annotate(classification_rank=CLASSIFICATION_RANK)
        .select_related("district__municipality")
        .prefetch_related("services")
    )
    centres = within(centres, area, "centres")
    if not filters.get("include_closed"):
        centres = centres.open_on(today)
    if filters.get("municipality"):
        centres = centres.filter(district__municipality=filters["municipality"])
    if filters.get("district"):
        centres = centres.filter(district=filters["district"])
    if filters.get("classification"):
        centres = centres.filter(classification=filters["classification"])
    if filters.get("q"):
        centres = centres.filter(name__icontains=filters["q"])
    if filters.get("stale"):
        centres = centres.filter(
            models.Q(facts_confirmed_on__isnull=True)
            | models.Q(facts_confirmed_on__lte=stale_before(today))
        )
    order, columns = sorting(
        request,
        {
            "name": (_("Name"), ["name"]),
            "district": (_("District"), ["district__name", "name"]),
            "municipality": (_("Municipality"), ["district__municipality__name", "name"]),
            "classification": (_("Classification"), ["classification_rank", "name"]),
            "opened_on": (_("Opened"), ["opened_on", "name"]),
        },
        default="name",
    )
    page = paginate(request, centres.order_by(*order))
    _classify_all(page.object_list, today)
    return render(
        request,
        "centres/centre_list.html",
        {"form": form, "page": page, "columns": columns, "today": today},
    )


# /register/centraler/<pk>/
@login_required
def centre_detail(request: HttpRequest, pk: int) -> HttpResponse:
    today = timezone.localdate()
    services = CentreService.objects.select_related("service_type").prefetch_related(
        Prefetch("staffing", Staffing.objects.select_related("profession"))
    )
    centre = get_object_or_404(
        FamilyCentre.objects.select_related(
            "district__municipality", "facts_confirmed_by"
        ).prefetch_related(
            Prefetch("services", services),
            Prefetch("methods", Method.objects.prefetch_related("labels")),
        ),
        pk=pk,
    )
    result = centre.classify(today)
    current = [s for s in centre.services.all() if s.is_active_on(today)]
    other = [s for s in centre.services.all() if not s.is_active_on(today)]
    by_profession: dict[Profession, Decimal] = defaultdict(Decimal)
    for service in current:
        for staffing in service.staffing.all():
            by_profession[staffing.profession] += staffing.fte
    return render(
        request,
        "centres/centre_detail.html",
        {
            "centre": centre,
            "result": result,
            "current_services": current,
            "other_services": other,
            "staffing_by_profession": sorted(by_profession.items(), key=lambda i: i[0].name),
            "total_fte": sum(by_profession.values(), Decimal("0")),
            "facts_stale": centre.facts_are_stale(today),
            "changes": centre.history.select_related("history_user").order_by("-history_date")[:5],
            "can_edit": request.user.has_perm("centres.change_familycentre", centre),
            "can_edit_services": request.user.has_perm("centres.change_centreservice", centre),
            "can_admin": _can_admin(request, "centres.change_familycentre"),
            "today": today,
        },
    )


def _centre_to_change(request: HttpRequest, pk: int, perm: str) -> FamilyCentre:
    """The centre, when the user may change it (`perm`); the register is readable by everyone,
    so anyone else gets 403."""
    centre = get_object_or_404(FamilyCentre.objects.select_related("district__municipality"), pk=pk)
    require_perm(request, perm, centre)
    return centre


def _confirm(centre: FamilyCentre, user) -> None:
    centre.facts_confirmed_on = timezone.localdate()
    centre.facts_confirmed_by = user
    centre.save()


# /register/centraler/<pk>/uppgifter/
@login_required
def centre_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The samordnare (and the processledare and koordinator over the centre) keep its facts
    current: contact details, address, opening hours, description, methods and staffing.
    Saving confirms the facts."""
    centre = _centre_to_change(request, pk, "centres.change_familycentre")
    data = request.POST or None
    form = CentreFactsForm(data, instance=centre)
    staffing = StaffingFormSet(
        data,
        queryset=Staffing.objects.filter(centre_service__centre=centre).select_related(
            "centre_service__service_type", "profession"
        ),
        prefix="staffing",
        form_kwargs={"centre": centre},
    )
    if request.method == "POST" and form.is_valid() and staffing.is_valid():
        centre = form.save(commit=False)
        _confirm(centre, request.user)
        form.save_m2m()
        staffing.save()
        messages.success(request, _("The centre's facts were saved and confirmed today."))
        return redirect(centre)
    return form_page(
        request,
        cancel_url=centre.get_absolute_url(),
        title=_("Facts of %(centre)s") % {"centre": centre.name},
        form=form,
        formsets=[(_("Staffing per service (full-time equivalents)"), staffing)],
        intro=_("Saving also confirms that the centre's facts are right today."),
    )


# /register/centraler/<pk>/verksamheter/
@login_required
def centre_services_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The processledare and koordinator over the centre: which services run there, by whom,
    co-located or not, and from when to when (what the classification rests on)."""
    centre = _centre_to_change(request, pk, "centres.change_centreservice")
    services = CentreServiceFormSet(request.POST or None, instance=centre, prefix="services")
    if request.method == "POST" and services.is_valid():
        services.save()
        messages.success(request, _("The centre's services were saved."))
        return redirect(centre)
    return form_page(
        request,
        cancel_url=centre.get_absolute_url(),
        title=_("Services of %(centre)s") % {"centre": centre.name},
        form=None,
        formsets=[(_("Services"), services)],
        intro=_(
            "A familjecentral has all four basverksamheter co-located. Deleting a service also "
            "deletes its staffing; give it an end date instead to keep its history."
        ),
    )


# /register/centraler/<pk>/bekrafta/
@login_required
@require_POST
def centre_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """One click: the facts are still right."""
    centre = _centre_to_change(request, pk, "centres.change_familycentre")
    _confirm(centre, request.user)
    messages.success(request, _("The centre's facts are confirmed as of today."))
    return redirect(centre)


# /register/stadsdelar/
@login_required
def district_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    area = None if request.GET.get("scope") == ALL else own_area(request.user)
    form = DistrictFilterForm(request.GET)
    limit_choices(form, area)
    filters = valid_filters(form)
    districts = District.objects.with_coverage(today).select_related("municipality", "successor")
    districts = within(districts, area, "districts")
    if not filters.get("include_inactive"):
        districts = districts.active_on(today)
    if filters.get("municipality"):
        districts = districts.filter(municipality=filters["municipality"])
    if filters.get("q"):
        districts = districts.filter(name__icontains=filters["q"])
    order, columns = sorting(
        request,
        {
            "name": (_("Name"), ["name"]),
            "municipality": (_("Municipality"), ["municipality__name", "name"]),
            "centres": (_("Centres"), ["centre_count", "name"]),
            "familjecentraler": (_("Familjecentraler"), ["familjecentral_count", "name"]),
        },
        default="municipality",
    )
    page = paginate(request, districts.order_by(*order))
    return render(
        request,
        "centres/district_list.html",
        {"form": form, "page": page, "columns": columns, "today": today},
    )


# /register/stadsdelar/<pk>/
@login_required
def district_detail(request: HttpRequest, pk: int) -> HttpResponse:
    today = timezone.localdate()
    district = get_object_or_404(
        District.objects.select_related("municipality__region", "successor__municipality"),
        pk=pk,
    )
    centres = list(
        district.centres.with_classification(today)
        .annotate(classification_rank=CLASSIFICATION_RANK)
        .prefetch_related("services")
        .order_by("classification_rank", "name")
    )
    _classify_all(centres, today)
    open_centres = [c for c in centres if c.is_open_on(today)]
    # `with_coverage`'s counts, from the centres this page lists anyway.
    district.centre_count = len(open_centres)
    district.familjecentral_count, district.liknande_count = (
        sum(c.classification == kind for c in open_centres)
        for kind in (Classification.FAMILJECENTRAL, Classification.LIKNANDE)
    )
    return render(
        request,
        "centres/district_detail.html",
        {
            "district": district,
            "open_centres": open_centres,
            "meeting_places": list(district.meeting_places.open_on(today).order_by("name")),
            "other_centres": [c for c in centres if not c.is_open_on(today)],
            "predecessors": district.predecessors.select_related("municipality"),
            "meets_rule": district.familjecentral_count > 0,
            "is_active": district.is_active_on(today),
            "can_admin": _can_admin(request, "centres.change_district"),
            "today": today,
        },
    )


# /register/kommuner/
@login_required
def municipality_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    form = MunicipalityFilterForm(request.GET)
    filters = valid_filters(form)
    municipalities = Municipality.objects.with_coverage(today).select_related("region")
    municipalities = in_area(municipalities, request.user, filters.get("scope"), "municipalities")
    if filters.get("q"):
        municipalities = municipalities.filter(
            models.Q(name__icontains=filters["q"]) | models.Q(code=filters["q"])
        )
    order, columns = sorting(
        request,
        {
            "name": (_("Municipality"), ["name"]),
            "code": (_("Municipality code"), ["code"]),
            "region": (_("Region"), ["region__name", "name"]),
            "unmet": (_("Districts without a familjecentral"), ["unmet_district_count", "name"]),
        },
        default="name",
    )
    page = paginate(request, municipalities.order_by(*order))
    return render(
        request,
        "centres/municipality_list.html",
        {"form": form, "page": page, "columns": columns, "today": today},
    )


# /register/kommuner/<pk>/
@login_required
def municipality_detail(request: HttpRequest, pk: int) -> HttpResponse:
    today = timezone.localdate()
    municipality = get_object_or_404(
        Municipality.objects.with_coverage(today).select_related("region"), pk=pk
    )
    districts = municipality.districts.with_coverage(today).select_related("successor")
    active = list(districts.active_on(today).order_by("name"))
    return render(
        request,
        "centres/municipality_detail.html",
        {
            "municipality": municipality,
            "districts": active,
            "inactive_districts": districts.exclude(
                pk__in=District.objects.active_on(today).values("pk")
            ).order_by("-valid_to", "name"),
            "child_population": sum(d.child_population or 0 for d in active),
            "can_admin": _can_admin(request, "centres.change_municipality"),
            "today": today,
        },
    )


# /register/metoder/
@login_required
def method_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    form = MethodFilterForm(request.GET)
    filters = valid_filters(form)
    methods = Method.objects.annotate(evidence_rank=EVIDENCE_RANK).prefetch_related(
        "labels",
        Prefetch(
            "centres",
            FamilyCentre.objects.open_on(today)
            .with_classification(today)
            .select_related("district")
            .order_by("name"),
        ),
    )
    if filters.get("label"):
        methods = methods.filter(labels=filters["label"])
    if filters.get("evidence_level"):
        methods = methods.filter(evidence_level=filters["evidence_level"])
    if filters.get("q"):
        methods = methods.filter(
            models.Q(name__icontains=filters["q"]) | models.Q(summary__icontains=filters["q"])
        )
    order, columns = sorting(
        request,
        {
            "name": (_("Method"), ["name"]),
            "evidence_level": (_("Evidence level"), ["evidence_rank", "name"]),
        },
        default="name",
    )
    page = paginate(request, methods.order_by(*order))
    return render(
        request,
        "centres/method_list.html",
        {"form": form, "page": page, "columns": columns, "today": today},
    )


# --- Öppna mötesplatser -----------------------------------------------------------------------


# /register/motesplatser/
@login_required
def meeting_place_list(request: HttpRequest) -> HttpResponse:
    """Öppna förskolor outside a familjecentral and other öppna mötesplatser, in the user's
    own area by default (the districts it covers)."""
    today = timezone.localdate()
    area = None if request.GET.get("scope") == ALL else own_area(request.user)
    form = MeetingPlaceFilterForm(request.GET)
    limit_choices(form, area)
    filters = valid_filters(form)
    places = MeetingPlace.objects.select_related("district__municipality")
    if area is not None:
        places = places.filter(district__in=area.districts.values("pk"))
    if not filters.get("include_closed"):
        places = places.open_on(today)
    if filters.get("district"):
        places = places.filter(district=filters["district"])
    if filters.get("kind"):
        places = places.filter(kind=filters["kind"])
    if filters.get("q"):
        places = places.filter(name__icontains=filters["q"])
    order, columns = sorting(
        request,
        {
            "name": (_("Name"), ["name"]),
            "kind": (_("Kind"), ["kind", "name"]),
            "district": (_("District"), ["district__name", "name"]),
            "provider": (_("Provider"), ["provider", "name"]),
        },
        default="name",
    )
    return render(
        request,
        "centres/meeting_place_list.html",
        {
            "form": form,
            "page": paginate(request, places.order_by(*order)),
            "columns": columns,
            "can_add": request.user.has_perm("centres.add_meetingplace"),
            "today": today,
        },
    )


# /register/motesplatser/<pk>/
@login_required
def meeting_place_detail(request: HttpRequest, pk: int) -> HttpResponse:
    place = get_object_or_404(MeetingPlace.objects.select_related("district__municipality"), pk=pk)
    return render(
        request,
        "centres/meeting_place_detail.html",
        {
            "place": place,
            "is_open": place.is_open_on(timezone.localdate()),
            "can_change": request.user.has_perm("centres.change_meetingplace", place),
        },
    )


def _managed_districts(request: HttpRequest):
    """The active districts the user manages (processledare, koordinator; admins: all)."""
    today = timezone.localdate()
    active = District.objects.active_on(today).select_related("municipality")
    if request.user.is_superuser:
        return active
    ids = [d.pk for d in active if request.user.has_perm("centres.change_district", d)]
    return District.objects.filter(pk__in=ids)


def _meeting_place_edit(request: HttpRequest, place: MeetingPlace | None) -> HttpResponse:
    form = MeetingPlaceForm(
        request.POST or None,
        instance=place or MeetingPlace(),
        districts=_managed_districts(request),
    )
    if request.method == "POST" and form.is_valid():
        place = form.save()
        messages.success(request, _("The meeting place was saved."))
        return redirect(place)
    return form_page(
        request,
        title=_("Edit %(place)s") % {"place": place.name} if place else _("New öppen mötesplats"),
        form=form,
        cancel_url=place.get_absolute_url() if place else reverse("centres:meeting-place-list"),
        intro=_(
            "An öppen förskola outside a familjecentral, or another öppen mötesplats. It is "
            "part of the district's offer and never reports."
        ),
    )


# /register/motesplatser/ny/
@login_required
def meeting_place_create(request: HttpRequest) -> HttpResponse:
    require_perm(request, "centres.add_meetingplace")
    return _meeting_place_edit(request, None)


# /register/motesplatser/<pk>/andra/
@login_required
def meeting_place_edit(request: HttpRequest, pk: int) -> HttpResponse:
    place = get_object_or_404(MeetingPlace, pk=pk)
    require_perm(request, "centres.change_meetingplace", place)
    return _meeting_place_edit(request, place)
