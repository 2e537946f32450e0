"""Form fields every app's forms share."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Rows an inline formset takes at most (a meeting's decisions, a group's members, an
# indicator's targets: a handful each). A post claiming thousands is refused on the formset
# instead of building thousands of forms.
FORMSET_LIMITS = {"max_num": 100, "absolute_max": 100, "validate_max": True}

# A date field as the browser's date picker; the value in the ISO form the picker reads. Each
# form field gets its own copy of a widget, so one instance serves every form.
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

# What a database integer key can hold (PostgreSQL bigint, SQLite INTEGER).
KEY_RANGE = range(-(2**63), 2**63)


class DecimalField(forms.DecimalField):
    """A decimal number typed the Swedish way, "0,5" or "1 200,5" (a point is read too): a
    text box, since type="number" refuses or misreads the comma in some browsers, read and
    shown back in the locale's format (sv: comma, no trailing zeros). Use it as a ModelForm's
    `field_classes` entry for every decimal the user types (FTE, targets, amounts)."""

    widget = forms.TextInput
    default_error_messages = {"invalid": _("Enter a number, e.g. 12 or 12,5.")}

    def __init__(self, **kwargs) -> None:
        kwargs["localize"] = True
        if isinstance(kwargs.get("widget"), forms.NumberInput):
            kwargs["widget"] = forms.TextInput(attrs=kwargs["widget"].attrs)
        super().__init__(**kwargs)

    def widget_attrs(self, widget: forms.Widget) -> dict:
        attrs = super().widget_attrs(widget)
        attrs.pop("step", None)  # only a NumberInput's: the browser checks nothing, we do
        return {**attrs, "inputmode": "decimal", "autocomplete": "off"}

    def prepare_value(self, value):
        # 0.50 from the database is shown as "0,5", 100 as "100" (not "1E+2").
        if isinstance(value, Decimal) and value.is_finite():
            value = Decimal(f"{value.normalize():f}")
        return super().prepare_value(value)


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
