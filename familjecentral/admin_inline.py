"""Django admin's tabular inline, with a name for every field.

The tabular inline names its columns in header cells, which are not labels: a screen reader
reads an unnamed box, and axe-core reports `label` (critical). Every input gets its column's
name as `aria-label`, the delete box included. Related fields are hardened as in
`familjecentral.admin_base`.
"""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext

from familjecentral.admin_base import HardenedRelatedFields


class _NamedDeletion:
    def add_fields(self, form, index) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].widget.attrs["aria-label"] = gettext("Delete")


class TabularInline(HardenedRelatedFields, admin.TabularInline):
    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        for field in formset.form.base_fields.values():
            field.widget.attrs.setdefault("aria-label", str(field.label))
        return type(formset.__name__, (_NamedDeletion, formset), {})
