"""Django admin for assignments and governance: filters, search, inlines and edit history."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coordination.models import (
    Agreement,
    AgreementStatus,
    Assignment,
    Budget,
    CostEntry,
    Decision,
    Dilemma,
    Document,
    Meeting,
    SteeringGroup,
    SteeringGroupMember,
    TrainingEvent,
    TrainingParticipation,
)
from familjecentral.admin_base import HardenedRelatedFields, ModelAdmin
from familjecentral.admin_inline import TabularInline


class ActiveFilter(admin.SimpleListFilter):
    title = _("active")
    parameter_name = "active"

    def lookups(self, request, model_admin):
        return [("yes", _("Active today")), ("no", _("Ended or not started"))]

    def queryset(self, request, queryset: QuerySet) -> QuerySet:
        active = queryset.model.objects.active(timezone.localdate())
        if self.value() == "yes":
            return queryset.filter(pk__in=active.values("pk"))
        if self.value() == "no":
            return queryset.exclude(pk__in=active.values("pk"))
        return queryset


class ScopeKindFilter(admin.SimpleListFilter):
    title = _("kind of scope")
    parameter_name = "scope"

    def lookups(self, request, model_admin):
        labels = {
            "centre": _("Family centre"),
            "district": _("District"),
            "municipality": _("Municipality"),
            "region": _("Region"),
        }
        return [(k, labels[k]) for k in _kinds(model_admin.model)]

    def queryset(self, request, queryset: QuerySet) -> QuerySet:
        if self.value() in _kinds(queryset.model):
            return queryset.filter(**{f"{self.value()}__isnull": False})
        return queryset


def _kinds(model) -> tuple[str, ...]:
    return getattr(model, "SCOPE_KINDS", ("centre", "district", "municipality"))


def _scope(obj) -> str:
    return str(obj.scope or "–")


@admin.register(Assignment)
class AssignmentAdmin(ModelAdmin):
    list_display = ["user", "role", "scope_display", "party", "valid_from", "valid_to"]
    list_filter = [
        "role",
        ScopeKindFilter,
        ActiveFilter,
        "party",
        ("region", admin.RelatedOnlyFieldListFilter),
        ("municipality", admin.RelatedOnlyFieldListFilter),
        ("district", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = [
        "user__username",
        "user__first_name",
        "user__last_name",
        "centre__name",
        "district__name",
        "municipality__name",
        "region__name",
    ]
    autocomplete_fields = ["user"]
    list_select_related = ["user", "centre", "district", "municipality", "region"]
    date_hierarchy = "valid_from"

    @admin.display(description=_("scope"))
    def scope_display(self, obj: Assignment) -> str:
        return _scope(obj)


class MemberInline(TabularInline):
    model = SteeringGroupMember
    extra = 1
    autocomplete_fields = ["user"]


@admin.register(SteeringGroup)
class SteeringGroupAdmin(ModelAdmin):
    list_display = ["name", "scope_display", "partsammansatt"]
    list_filter = [ScopeKindFilter, ("district", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "members__name", "members__organisation"]
    inlines = [MemberInline]
    list_select_related = ["centre", "district", "municipality"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("members")

    @admin.display(description=_("scope"))
    def scope_display(self, obj) -> str:
        return _scope(obj)

    @admin.display(description=_("Partsammansatt"), boolean=True)
    def partsammansatt(self, obj: SteeringGroup) -> bool:
        return obj.is_partsammansatt


@admin.register(SteeringGroupMember)
class SteeringGroupMemberAdmin(ModelAdmin):
    list_display = ["display_name", "title", "organisation", "party", "group"]
    list_filter = ["party"]
    search_fields = ["name", "user__username", "user__last_name", "organisation", "group__name"]
    list_select_related = ["group", "user"]
    autocomplete_fields = ["user", "group"]


class DecisionInline(TabularInline):
    model = Decision
    extra = 1
    autocomplete_fields = ["responsible"]


@admin.register(Meeting)
class MeetingAdmin(ModelAdmin):
    list_display = ["date", "heading", "kind", "scope_display", "steering_group"]
    list_filter = ["kind", ScopeKindFilter]
    search_fields = ["title", "agenda", "minutes", "steering_group__name"]
    date_hierarchy = "date"
    inlines = [DecisionInline]
    list_select_related = ["steering_group", "centre", "district", "municipality"]
    autocomplete_fields = ["steering_group"]

    @admin.display(description=_("scope"))
    def scope_display(self, obj) -> str:
        return _scope(obj)


class OverdueFilter(admin.SimpleListFilter):
    title = _("overdue")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("Overdue"))]

    def queryset(self, request, queryset: QuerySet) -> QuerySet:
        if self.value() == "yes":
            return queryset.overdue(timezone.localdate())
        return queryset


@admin.register(Decision)
class DecisionAdmin(ModelAdmin):
    list_display = ["__str__", "meeting", "responsible", "due_date", "status"]
    list_filter = ["status", OverdueFilter]
    search_fields = ["text", "responsible__username", "responsible__last_name"]
    list_select_related = ["meeting__steering_group", "responsible"]
    autocomplete_fields = ["responsible", "meeting"]


@admin.register(Dilemma)
class DilemmaAdmin(ModelAdmin):
    list_display = ["title", "district", "raised_by", "raised_on", "status"]
    list_filter = ["status", ("district", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["title", "description", "proposed_solution", "decision"]
    date_hierarchy = "raised_on"
    list_select_related = ["district", "raised_by"]
    autocomplete_fields = ["raised_by"]


class ParticipationInline(TabularInline):
    model = TrainingParticipation
    extra = 1


@admin.register(TrainingEvent)
class TrainingEventAdmin(ModelAdmin):
    list_display = ["title", "date", "level", "scope_display", "organiser"]
    list_filter = ["level", ScopeKindFilter]
    search_fields = ["title", "organiser", "description"]
    date_hierarchy = "date"
    filter_horizontal = ["professions"]
    inlines = [ParticipationInline]
    list_select_related = ["district", "municipality"]

    @admin.display(description=_("scope"))
    def scope_display(self, obj) -> str:
        return _scope(obj)


@admin.register(TrainingParticipation)
class TrainingParticipationAdmin(ModelAdmin):
    list_display = ["event", "district", "party", "count"]
    list_filter = ["party", ("district", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["event__title", "district__name"]
    list_select_related = ["event", "district"]


class CostEntryInline(TabularInline):
    model = CostEntry
    extra = 0


class BudgetInline(TabularInline):
    model = Budget
    extra = 0


class AgreementStatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return AgreementStatus.choices

    def queryset(self, request, queryset: QuerySet) -> QuerySet:
        if self.value():
            return queryset.with_status(timezone.localdate()).filter(status_value=self.value())
        return queryset


@admin.register(Agreement)
class AgreementAdmin(ModelAdmin):
    list_display = [
        "title",
        "scope_display",
        "valid_from",
        "valid_to",
        "share_region_percent",
        "share_municipality_percent",
        "status_display",
    ]
    list_filter = [AgreementStatusFilter, ScopeKindFilter]
    search_fields = ["title", "party_region", "party_municipality"]
    inlines = [BudgetInline, CostEntryInline]
    list_select_related = ["district", "municipality"]
    autocomplete_fields = ["intent_document"]

    @admin.display(description=_("scope"))
    def scope_display(self, obj) -> str:
        return _scope(obj)

    @admin.display(description=_("status"))
    def status_display(self, obj: Agreement) -> str:
        return obj.status.label


@admin.register(CostEntry)
class CostEntryAdmin(ModelAdmin):
    list_display = ["date", "agreement", "category", "amount", "paid_by"]
    list_filter = ["category", "paid_by", ("agreement", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["agreement__title", "note"]
    date_hierarchy = "date"
    list_select_related = ["agreement"]


class StaffUserAdmin(HardenedRelatedFields, UserAdmin):
    """Staff accounts. When someone last logged in and joined is recorded by Django, not
    typed: shown, not edited (and no unlabelled date and time boxes)."""

    readonly_fields = ("last_login", "date_joined")


admin.site.unregister(get_user_model())
admin.site.register(get_user_model(), StaffUserAdmin)


@admin.register(Document)
class DocumentAdmin(ModelAdmin):
    list_display = ["title", "kind", "version", "valid_from", "valid_to", "place_display"]
    list_filter = ["kind"]
    search_fields = ["title"]
    date_hierarchy = "valid_from"
    list_select_related = [
        "region",
        "municipality",
        "district",
        "steering_group",
        "assignment__user",
    ]
    autocomplete_fields = ["steering_group", "assignment"]
    readonly_fields = ["uploaded_at", "uploaded_by"]

    @admin.display(description=_("kept for"))
    def place_display(self, obj: Document) -> str:
        return str(obj.scope or "–")

    def save_model(self, request, obj: Document, form, change: bool) -> None:
        if not change or "file" in form.changed_data:
            obj.uploaded_by = request.user
            obj.uploaded_at = timezone.now()
        super().save_model(request, obj, form, change)
