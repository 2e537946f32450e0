"""Django admin for follow-up. Every model keeps its edit history (admin_base.ModelAdmin).

Reports follow the workflow here too: the status and its dates are read-only (the portal's
approve / return / reopen change them), a report's content can be changed only while the
workflow allows it (draft or returned, in an open period), and every change is recorded in the
report's history like a save in the portal.
"""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from coordination.rules import followup_owners_for_user
from familjecentral.admin_base import ModelAdmin
from familjecentral.admin_inline import TabularInline
from followup import services
from followup.forms import BaseTargetFormSet
from followup.models import (
    Characteristic,
    ChildRightsArticle,
    Goal,
    GoalAssessment,
    Indicator,
    IndicatorTarget,
    Period,
    Rating,
    Report,
    ReportEvent,
    Value,
    owned_by_q,
)


@admin.register(ChildRightsArticle)
class ChildRightsArticleAdmin(ModelAdmin):
    list_display = ["number", "title"]
    search_fields = ["title", "number"]


class OwnedAdminMixin:
    """Each organisation owns its follow-up here too: a koordinator with admin access (the
    demo's set-up group) sees and changes only the goals, indicators, targets and periods of
    the owners they set up, and may choose only those owners, goals and indicators. Superusers
    see everything."""

    owner_prefix = ""  # the path to the owner's keys, e.g. "goal__" for an indicator

    def _owners(self, request) -> tuple[QuerySet, QuerySet] | None:
        return None if request.user.is_superuser else followup_owners_for_user(request.user)

    def _owned(self, request, queryset: QuerySet, prefix: str) -> QuerySet:
        owners = self._owners(request)
        if owners is None:
            return queryset
        return queryset.filter(owned_by_q(*(q.values("pk") for q in owners), prefix=prefix))

    def get_queryset(self, request) -> QuerySet:
        return self._owned(request, super().get_queryset(request), self.owner_prefix)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        owners = self._owners(request)
        if owners is not None:
            if db_field.name == "municipality":
                kwargs["queryset"] = owners[0]
            elif db_field.name == "region":
                kwargs["queryset"] = owners[1]
            elif db_field.name == "goal":
                kwargs["queryset"] = self._owned(request, Goal.objects.all(), "")
            elif db_field.name in ("numerator", "denominator", "indicator"):
                kwargs["queryset"] = self._owned(request, Indicator.objects.all(), "goal__")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.display(description=_("owner"))
def owner_column(obj) -> str:
    return obj.owner_label


class IndicatorInline(TabularInline):
    model = Indicator
    fk_name = "goal"
    fields = ["code", "name", "unit", "kind", "required", "is_active"]
    show_change_link = True
    extra = 0


@admin.register(Goal)
class GoalAdmin(OwnedAdminMixin, ModelAdmin):
    list_display = ["order", "code", "name", owner_column, "is_active"]
    list_display_links = ["code", "name"]
    list_filter = ["municipality", "region", "is_active", "articles"]
    list_select_related = ["municipality", "region"]
    search_fields = ["code", "name", "description"]
    filter_horizontal = ["articles"]
    inlines = [IndicatorInline]


class IndicatorTargetInline(TabularInline):
    model = IndicatorTarget
    formset = BaseTargetFormSet  # one target a year, said in Swedish with the year
    extra = 1


@admin.register(Indicator)
class IndicatorAdmin(OwnedAdminMixin, ModelAdmin):
    owner_prefix = "goal__"
    list_display = ["code", "name", "goal", "service_type", "unit", "kind", "required", "is_active"]
    list_filter = [
        "goal__municipality",
        "goal__region",
        "service_type",
        "unit",
        "kind",
        "required",
        "is_active",
    ]
    search_fields = ["code", "name", "description"]
    list_select_related = ["goal", "service_type"]
    autocomplete_fields = ["numerator", "denominator"]
    inlines = [IndicatorTargetInline]


@admin.register(IndicatorTarget)
class IndicatorTargetAdmin(OwnedAdminMixin, ModelAdmin):
    owner_prefix = "indicator__goal__"
    list_display = ["indicator", "year", "target"]
    list_filter = ["year"]
    search_fields = ["indicator__code", "indicator__name"]
    list_select_related = ["indicator"]


@admin.register(Period)
class PeriodAdmin(OwnedAdminMixin, ModelAdmin):
    list_display = [
        "name",
        owner_column,
        "kind",
        "start",
        "end",
        "deadline",
        "grace_days",
        "locked",
    ]
    list_filter = ["municipality", "region", "kind", "locked"]
    list_select_related = ["municipality", "region"]
    search_fields = ["name"]
    date_hierarchy = "start"


def _editable(report: Report | None) -> bool:
    """A new report, or one the workflow lets the centre change."""
    return report is None or report.is_editable


class NoRevertMixin:
    """Reverting to an old version would step around the workflow and its history."""

    def revert_disabled(self, request, obj=None) -> bool:
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class ReadOnlyAdminMixin(NoRevertMixin):
    """Listed and shown, never changed here: change it through the report."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReportContentInline:
    """Values and assessments: changeable only while the report is (`obj` is the report)."""

    extra = 0

    def has_add_permission(self, request, obj=None) -> bool:
        return _editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return _editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return _editable(obj) and super().has_delete_permission(request, obj)


class ValueInline(ReportContentInline, TabularInline):
    model = Value
    fields = ["indicator", "number", "status", "comment"]
    autocomplete_fields = ["indicator"]


class GoalAssessmentInline(ReportContentInline, admin.StackedInline):
    model = GoalAssessment


class RatingInline(ReportContentInline, TabularInline):
    """A self-assessment's ratings (a report in a self-assessment period)."""

    model = Rating
    fields = ["characteristic", "score", "comment", "improvement"]


class ReportEventInline(TabularInline):
    model = ReportEvent
    fields = ["created_at", "user", "action", "from_status", "to_status", "reason", "changes"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Report)
class ReportAdmin(NoRevertMixin, ModelAdmin):
    list_display = ["centre", "period", "status", "submitted_at", "approved_at", "version"]
    list_filter = ["status", "period", "district__municipality", "district"]
    search_fields = ["centre__name", "period__name"]
    list_select_related = ["centre", "period"]
    autocomplete_fields = ["centre"]
    readonly_fields = [
        "district",  # where the centre is when the report is made; it stays there
        "status",
        "version",
        "created_at",
        "updated_at",
        "updated_by",
        "submitted_at",
        "submitted_by",
        "approved_at",
        "approved_by",
        "returned_at",
        "returned_by",
        "return_reason",
    ]
    filter_horizontal = ["articles"]
    inlines = [ValueInline, GoalAssessmentInline, RatingInline, ReportEventInline]

    def get_readonly_fields(self, request, obj=None) -> list[str]:
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:  # a report stays with its centre and period
            fields += ["centre", "period"]
        return fields

    def get_actions(self, request):
        # Deleting in bulk would not ask whether each report may still change.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def has_change_permission(self, request, obj=None) -> bool:
        return _editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return _editable(obj) and super().has_delete_permission(request, obj)

    def save_model(self, request, obj: Report, form, change: bool) -> None:
        saved = Report.objects.get(pk=obj.pk) if change else None
        obj._admin_before = services.report_data(saved) if saved else None
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        report = form.instance
        services.report_admin_saved(
            report=report, user=request.user, before=getattr(report, "_admin_before", None)
        )


@admin.register(Value)
class ValueAdmin(ReadOnlyAdminMixin, ModelAdmin):
    list_display = ["report", "indicator", "number", "status"]
    list_filter = ["status", "indicator__goal"]
    search_fields = ["report__centre__name", "indicator__code", "indicator__name"]
    list_select_related = ["report__centre", "report__period", "indicator"]


@admin.register(GoalAssessment)
class GoalAssessmentAdmin(ReadOnlyAdminMixin, ModelAdmin):
    list_display = ["report", "goal", "status"]
    list_filter = ["status", "goal"]
    search_fields = ["report__centre__name", "goal__name"]
    list_select_related = ["report__centre", "report__period", "goal"]


@admin.register(Characteristic)
class CharacteristicAdmin(ModelAdmin):
    list_display = ["number", "name"]
    search_fields = ["name", "description"]


@admin.register(Rating)
class RatingAdmin(ReadOnlyAdminMixin, ModelAdmin):
    list_display = ["report", "characteristic", "score"]
    list_filter = ["score", "characteristic"]
    search_fields = ["report__centre__name", "characteristic__name"]
    list_select_related = ["report__centre", "report__period", "characteristic"]


@admin.register(ReportEvent)
class ReportEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "report", "user", "action", "from_status", "to_status"]
    list_filter = ["action", "to_status"]
    search_fields = ["report__centre__name", "user__username", "reason"]
    list_select_related = ["report__centre", "report__period", "user"]
    date_hierarchy = "created_at"
