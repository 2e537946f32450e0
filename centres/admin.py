"""Django admin for the register. Every model keeps its edit history (admin_base.ModelAdmin)."""

from __future__ import annotations

from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import localize
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from centres.models import (
    CentreService,
    Classification,
    District,
    DistrictPopulation,
    FamilyCentre,
    MeetingPlace,
    Method,
    MethodLabel,
    Municipality,
    Profession,
    Region,
    ServiceType,
    Staffing,
)
from familjecentral.admin_base import ModelAdmin
from familjecentral.admin_inline import TabularInline


def classification_badge(value: str) -> str:
    return format_html(
        '<span class="badge badge-classification-{}">{}</span>',
        value,
        Classification(value).label,
    )


class ClassificationFilter(admin.SimpleListFilter):
    title = _("classification")
    parameter_name = "classification"

    def lookups(self, request, model_admin):
        return Classification.choices

    def queryset(self, request, queryset):
        if self.value() in Classification.values:
            return queryset.filter(classification=self.value())
        return queryset


class OpenFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("open", _("Open")), ("closed", _("Closed"))]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "open":
            return queryset.open_on(today)
        if self.value() == "closed":
            return queryset.exclude(pk__in=FamilyCentre.objects.open_on(today).values("pk"))
        return queryset


class ActiveDistrictFilter(admin.SimpleListFilter):
    title = _("validity")
    parameter_name = "active"

    def lookups(self, request, model_admin):
        return [("yes", _("Active")), ("no", _("Dissolved or not yet started"))]

    def queryset(self, request, queryset):
        active = District.objects.active_on(timezone.localdate()).values("pk")
        if self.value() == "yes":
            return queryset.filter(pk__in=active)
        if self.value() == "no":
            return queryset.exclude(pk__in=active)
        return queryset


@admin.register(Region)
class RegionAdmin(ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


class DistrictInline(TabularInline):
    model = District
    fk_name = "municipality"
    fields = ["name", "valid_from", "valid_to", "child_population"]
    extra = 0
    show_change_link = True


@admin.register(Municipality)
class MunicipalityAdmin(ModelAdmin):
    list_display = ["name", "code", "region"]
    list_filter = ["region"]
    search_fields = ["name", "code"]
    inlines = [DistrictInline]


class FamilyCentreInline(TabularInline):
    model = FamilyCentre
    fields = ["name", "opened_on", "closed_on"]
    readonly_fields = ["name", "opened_on", "closed_on"]
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class DistrictPopulationInline(TabularInline):
    model = DistrictPopulation
    fields = ["year", "children", "source"]
    extra = 1


@admin.register(DistrictPopulation)
class DistrictPopulationAdmin(ModelAdmin):
    """Children 0–5 per district and year; many at once with `manage.py import_population`."""

    list_display = ["district", "year", "children", "source"]
    list_filter = ["year", "district__municipality"]
    search_fields = ["district__name", "district__municipality__name"]
    list_select_related = ["district__municipality"]
    autocomplete_fields = ["district"]


@admin.register(District)
class DistrictAdmin(ModelAdmin):
    class Media:
        css = {"all": ["css/centres-admin.css"]}

    list_display = [
        "name",
        "municipality",
        "valid_from",
        "valid_to",
        "successor",
        "child_population",
        "familjecentraler",
    ]
    list_filter = ["municipality", ActiveDistrictFilter]
    search_fields = ["name", "municipality__name"]
    list_select_related = ["municipality", "successor"]
    autocomplete_fields = ["successor"]
    inlines = [DistrictPopulationInline, FamilyCentreInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[District]:
        return super().get_queryset(request).with_familjecentral_count()

    @admin.display(description=_("familjecentraler"), ordering="familjecentral_count")
    def familjecentraler(self, obj: District) -> str:
        if obj.familjecentral_count:
            return str(obj.familjecentral_count)
        return format_html("<strong>{}</strong>", _("No familjecentral"))


@admin.register(Profession)
class ProfessionAdmin(ModelAdmin):
    list_display = ["name"]
    search_fields = ["name"]


@admin.register(ServiceType)
class ServiceTypeAdmin(ModelAdmin):
    list_display = ["name", "short_name", "code", "principal", "is_core", "is_child_health"]
    list_filter = ["principal", "is_core", "is_child_health"]
    search_fields = ["name", "short_name", "code"]
    prepopulated_fields = {"code": ["name"]}


@admin.register(MethodLabel)
class MethodLabelAdmin(ModelAdmin):
    list_display = ["name"]
    search_fields = ["name"]


@admin.register(Method)
class MethodAdmin(ModelAdmin):
    list_display = ["name", "evidence_level", "target_group", "label_list"]
    list_filter = ["evidence_level", "labels"]
    search_fields = ["name", "summary", "target_group"]
    filter_horizontal = ["labels"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Method]:
        return super().get_queryset(request).prefetch_related("labels")

    @admin.display(description=_("labels"))
    def label_list(self, obj: Method) -> str:
        return ", ".join(label.name for label in obj.labels.all())


class CentreServiceInline(TabularInline):
    """Services on the centre. Staffing is edited on the service's own page (the link)."""

    model = CentreService
    fields = ["service_type", "provider", "co_located", "started_on", "ended_on", "staffing"]
    readonly_fields = ["staffing"]
    extra = 0
    show_change_link = True

    def get_queryset(self, request: HttpRequest) -> QuerySet[CentreService]:
        return (
            super()
            .get_queryset(request)
            .select_related("service_type")
            .prefetch_related("staffing__profession")
        )

    @admin.display(description=_("staffing (FTE)"))
    def staffing(self, obj: CentreService) -> str:
        if not obj.pk:
            return "–"
        rows = format_html_join(
            ", ", "{}: {}", ((s.profession, localize(s.fte)) for s in obj.staffing.all())
        )
        link = reverse("admin:centres_centreservice_change", args=[obj.pk])
        return format_html('{} <a href="{}">{}</a>', rows or "–", link, _("Edit staffing"))


@admin.register(FamilyCentre)
class FamilyCentreAdmin(ModelAdmin):
    class Media:
        css = {"all": ["css/centres-admin.css"]}

    list_display = [
        "name",
        "district",
        "municipality",
        "classification_display",
        "opened_on",
        "closed_on",
        "is_demo",
    ]
    list_filter = [
        ClassificationFilter,
        OpenFilter,
        "district__municipality",
        "district",
        "is_demo",
    ]
    search_fields = ["name", "street_address", "city", "district__name"]
    list_select_related = ["district__municipality"]
    autocomplete_fields = ["district"]
    filter_horizontal = ["methods"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    readonly_fields = [
        "classification_detail",
        "is_demo",
        "facts_confirmed_on",
        "facts_confirmed_by",
    ]
    fieldsets = [
        (None, {"fields": ["name", "district", "classification_detail", "is_demo"]}),
        (_("Address and contact"), {"fields": ["street_address", "postal_code", "city"]}),
        (None, {"fields": ["phone", "email", "website"]}),
        (_("Opened and closed"), {"fields": ["opened_on", "closed_on"]}),
        (_("Content"), {"fields": ["opening_hours", "description", "methods"]}),
        # Confirmed on the centre's page by those who keep its facts, not set here.
        (_("Facts confirmed"), {"fields": ["facts_confirmed_on", "facts_confirmed_by"]}),
    ]
    inlines = [CentreServiceInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[FamilyCentre]:
        return super().get_queryset(request).with_classification()

    @admin.display(description=_("municipality"), ordering="district__municipality__name")
    def municipality(self, obj: FamilyCentre) -> Municipality:
        return obj.district.municipality

    @admin.display(description=_("classification"), ordering="classification")
    def classification_display(self, obj: FamilyCentre) -> str:
        return classification_badge(obj.classification)

    @admin.display(description=_("classification"))
    def classification_detail(self, obj: FamilyCentre) -> str:
        if not obj.pk:
            return "–"
        result = obj.classify()
        if not result.missing:
            return classification_badge(result.classification)
        return format_html(
            "{} {}: {}",
            classification_badge(result.classification),
            _("Missing"),
            result.missing_names,
        )


class StaffingInline(TabularInline):
    model = Staffing
    fields = ["profession", "fte"]
    extra = 1


@admin.register(CentreService)
class CentreServiceAdmin(ModelAdmin):
    list_display = [
        "service_type",
        "centre",
        "provider",
        "co_located",
        "started_on",
        "ended_on",
        "total_fte_display",
    ]
    list_filter = ["service_type", "co_located", "centre__district__municipality"]
    search_fields = ["centre__name", "provider", "service_type__name"]
    list_select_related = ["service_type", "centre"]
    autocomplete_fields = ["centre"]
    inlines = [StaffingInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[CentreService]:
        return super().get_queryset(request).prefetch_related("staffing")

    @admin.display(description=_("total FTE"))
    def total_fte_display(self, obj: CentreService):
        return obj.total_fte


@admin.register(Staffing)
class StaffingAdmin(ModelAdmin):
    list_display = ["profession", "fte", "centre_service"]
    list_filter = ["profession", "centre_service__service_type"]
    search_fields = ["centre_service__centre__name", "profession__name"]
    list_select_related = ["profession", "centre_service__centre", "centre_service__service_type"]
    autocomplete_fields = ["centre_service"]


@admin.register(MeetingPlace)
class MeetingPlaceAdmin(ModelAdmin):
    list_display = ["name", "kind", "district", "provider", "opened_on", "closed_on"]
    list_filter = ["kind", "district__municipality"]
    search_fields = ["name", "provider", "district__name"]
    list_select_related = ["district__municipality"]
    autocomplete_fields = ["district"]
