"""Django admin for follow-up. Every model keeps its edit history (SimpleHistoryAdmin)."""

from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from followup.models import (
    ChildRightsArticle,
    Goal,
    GoalAssessment,
    Indicator,
    IndicatorTarget,
    Period,
    Report,
    ReportEvent,
    Value,
)


@admin.register(ChildRightsArticle)
class ChildRightsArticleAdmin(SimpleHistoryAdmin):
    list_display = ["number", "title"]
    search_fields = ["title", "number"]


class IndicatorInline(admin.TabularInline):
    model = Indicator
    fk_name = "goal"
    fields = ["code", "name", "unit", "kind", "required", "is_active"]
    show_change_link = True
    extra = 0


@admin.register(Goal)
class GoalAdmin(SimpleHistoryAdmin):
    list_display = ["order", "code", "name", "is_active"]
    list_display_links = ["code", "name"]
    list_filter = ["is_active", "articles"]
    search_fields = ["code", "name", "description"]
    filter_horizontal = ["articles"]
    inlines = [IndicatorInline]


class IndicatorTargetInline(admin.TabularInline):
    model = IndicatorTarget
    extra = 1


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "goal", "service_type", "unit", "kind", "required", "is_active"]
    list_filter = ["goal", "service_type", "unit", "kind", "required", "is_active"]
    search_fields = ["code", "name", "description"]
    list_select_related = ["goal", "service_type"]
    autocomplete_fields = ["numerator", "denominator"]
    inlines = [IndicatorTargetInline]


@admin.register(IndicatorTarget)
class IndicatorTargetAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "year", "target"]
    list_filter = ["year"]
    search_fields = ["indicator__code", "indicator__name"]
    list_select_related = ["indicator"]


@admin.register(Period)
class PeriodAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "start", "end", "deadline", "grace_days", "locked"]
    list_filter = ["kind", "locked"]
    search_fields = ["name"]
    date_hierarchy = "start"


class ValueInline(admin.TabularInline):
    model = Value
    fields = ["indicator", "number", "status", "comment"]
    autocomplete_fields = ["indicator"]
    extra = 0


class GoalAssessmentInline(admin.StackedInline):
    model = GoalAssessment
    extra = 0


class ReportEventInline(admin.TabularInline):
    model = ReportEvent
    fields = ["created_at", "user", "action", "from_status", "to_status", "reason", "changes"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Report)
class ReportAdmin(SimpleHistoryAdmin):
    list_display = ["centre", "period", "status", "submitted_at", "approved_at", "version"]
    list_filter = ["status", "period", "centre__district__municipality", "centre__district"]
    search_fields = ["centre__name", "period__name"]
    list_select_related = ["centre", "period"]
    autocomplete_fields = ["centre"]
    readonly_fields = ["version", "created_at", "updated_at", "updated_by"]
    filter_horizontal = ["articles"]
    inlines = [ValueInline, GoalAssessmentInline, ReportEventInline]


@admin.register(Value)
class ValueAdmin(SimpleHistoryAdmin):
    list_display = ["report", "indicator", "number", "status"]
    list_filter = ["status", "indicator__goal"]
    search_fields = ["report__centre__name", "indicator__code", "indicator__name"]
    list_select_related = ["report__centre", "report__period", "indicator"]


@admin.register(GoalAssessment)
class GoalAssessmentAdmin(SimpleHistoryAdmin):
    list_display = ["report", "goal", "status"]
    list_filter = ["status", "goal"]
    search_fields = ["report__centre__name", "goal__name"]
    list_select_related = ["report__centre", "report__period", "goal"]


@admin.register(ReportEvent)
class ReportEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "report", "user", "action", "from_status", "to_status"]
    list_filter = ["action", "to_status"]
    search_fields = ["report__centre__name", "user__username", "reason"]
    list_select_related = ["report__centre", "report__period", "user"]
    date_hierarchy = "created_at"
