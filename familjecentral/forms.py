"""Form fields every app's forms share."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

# Rows an inline formset takes at most (a meeting's decisions, a group's members, an
# indicator's targets: a handful each). A post claiming thousands is refused on the formset
# instead of building thousands of forms.
FORMSET_LIMITS = {"max_num": 100, "absolute_max": 100, "validate_max": True}

# A date field as the browser's date picker; the value in the ISO form the picker reads. Each
# form field gets its own copy of a widget, so one instance serves every form.
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

# What a database integer key can hold (PostgreSQL bigint, SQLite INTEGER).
KEY_RANGE = range(-(2**63), 2**63)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's, refusing an id no key column can hold like any other unknown id. Django's own
    passes it to the database, where `pk__in` fails (SQLite: OverflowError, PostgreSQL:
    DataError) and a hand-made post gets a 500 instead of a message on the field."""

    def _check_values(self, value):
        for pk in value or []:
            try:
                number = int(str(pk))
            except (TypeError, ValueError):
                continue  # not a number at all: Django's own check says so
            if number not in KEY_RANGE:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)
