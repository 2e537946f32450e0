"""Django admin's model admin for the portal: history (simple_history), and related fields that
answer a hand-made post with a message on the field, never a 500.

Django's own autocomplete widgets put the posted ids into a database query when they show the
form again, so an id that is not a number (`<script>`) or too large for a key column fails there;
its select of many passes a too-large id to the database in the same way. Both are replaced
here, for every admin and inline of the portal.
"""

from __future__ import annotations

from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from simple_history.admin import SimpleHistoryAdmin

from familjecentral.forms import KEY_RANGE, ModelMultipleChoiceField


class _KnownKeysOnly:
    """Shows again only the posted ids a key column could hold; the field itself refuses the
    rest with its own message."""

    def optgroups(self, name, value, attr=None):
        target = self.field.target_field
        kept = []
        for key in value:
            try:
                python = target.to_python(key)
            except (ValidationError, TypeError, ValueError):
                continue
            if isinstance(python, int) and python not in KEY_RANGE:
                continue
            kept.append(key)
        return super().optgroups(name, kept, attr)


class SafeAutocompleteSelect(_KnownKeysOnly, AutocompleteSelect):
    pass


class SafeAutocompleteSelectMultiple(_KnownKeysOnly, AutocompleteSelectMultiple):
    pass


class HardenedRelatedFields:
    """For a ModelAdmin or an inline: the safe widgets and select-of-many above."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        kwargs.setdefault("form_class", ModelMultipleChoiceField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ModelAdmin(HardenedRelatedFields, SimpleHistoryAdmin):
    """Every register and follow-up model's admin: history and hardened related fields."""
