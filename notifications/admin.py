"""Django admin for notifications. What was sent is a record: listed and shown, never changed
here. The preferences are the users' own choices ("Mina aviseringar"); an administrator may
correct one. Neither model keeps a history, so these are Django's plain model admins with the
portal's hardened related fields."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from familjecentral.admin_base import HardenedRelatedFields
from notifications.models import Notification, Preference


@admin.register(Notification)
class NotificationAdmin(HardenedRelatedFields, admin.ModelAdmin):
    list_display = ["user", "kind", "subject", "created_at", "sent_at"]
    list_filter = ["kind", "sent_at"]
    search_fields = ["subject", "key", "user__username", "user__first_name", "user__last_name"]
    list_select_related = ["user"]
    date_hierarchy = "created_at"
    fields = ["user", "kind", "subject", "url", "key", "created_at", "sent_at"]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Preference)
class PreferenceAdmin(HardenedRelatedFields, admin.ModelAdmin):
    list_display = ["user", "kind", "enabled"]
    list_filter = ["kind", "enabled"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    list_select_related = ["user"]
    autocomplete_fields = ["user"]
