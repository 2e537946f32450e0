"""Filter forms for the register's list pages. They validate only; the views filter."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from centres.area import AreaField
from centres.models import Classification, District, EvidenceLevel, MethodLabel, Municipality


class DistrictChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: District) -> str:
        return f"{obj.name} ({obj.municipality.name})"


class CentreFilterForm(forms.Form):
    scope = AreaField()
    q = forms.CharField(label=_("Search by name"), required=False, max_length=100)
    municipality = forms.ModelChoiceField(
        Municipality.objects.all(),
        label=_("Municipality"),
        required=False,
        empty_label=_("All municipalities"),
    )
    district = DistrictChoiceField(
        District.objects.select_related("municipality"),
        label=_("District"),
        required=False,
        empty_label=_("All districts"),
    )
    classification = forms.ChoiceField(
        label=_("Classification"),
        choices=[("", _("All classifications")), *Classification.choices],
        required=False,
    )
    include_closed = forms.BooleanField(label=_("Include closed centres"), required=False)


class DistrictFilterForm(forms.Form):
    scope = AreaField()
    q = forms.CharField(label=_("Search by name"), required=False, max_length=100)
    municipality = forms.ModelChoiceField(
        Municipality.objects.all(),
        label=_("Municipality"),
        required=False,
        empty_label=_("All municipalities"),
    )
    include_inactive = forms.BooleanField(label=_("Include dissolved districts"), required=False)


class MunicipalityFilterForm(forms.Form):
    scope = AreaField()
    q = forms.CharField(
        label=_("Search by name or municipality code"), required=False, max_length=100
    )


class MethodFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    label = forms.ModelChoiceField(
        MethodLabel.objects.all(), label=_("Label"), required=False, empty_label=_("All labels")
    )
    evidence_level = forms.ChoiceField(
        label=_("Evidence level"),
        choices=[("", _("All evidence levels")), *EvidenceLevel.choices],
        required=False,
    )


def valid_filters(form: forms.Form) -> dict:
    """The values of the fields that validated: a bad value in one field (shown next to it)
    leaves the others working."""
    form.is_valid()
    return form.cleaned_data
