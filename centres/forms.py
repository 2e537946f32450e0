"""The register's forms: filters for the list pages (they validate only; the views filter), and
the centre's facts, staffing and services kept in the portal."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from centres.area import AreaField
from centres.models import (
    CentreService,
    Classification,
    District,
    EvidenceLevel,
    FamilyCentre,
    MeetingPlace,
    MeetingPlaceKind,
    Method,
    MethodLabel,
    Municipality,
    Staffing,
)
from familjecentral.forms import DATE, FORMSET_LIMITS, DecimalField, ModelMultipleChoiceField


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
    stale = forms.BooleanField(label=_("Facts not confirmed for 12 months"), required=False)


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


class CentreFactsForm(forms.ModelForm):
    """What a samordnare keeps current about their own centre (DESIGN.md: the register)."""

    website = FamilyCentre._meta.get_field("website").formfield(assume_scheme="https")

    class Meta:
        model = FamilyCentre
        fields = [
            "street_address",
            "postal_code",
            "city",
            "phone",
            "email",
            "website",
            "opening_hours",
            "description",
            "methods",
        ]
        widgets = {
            "opening_hours": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 4}),
            "methods": forms.CheckboxSelectMultiple,
        }
        field_classes = {"methods": ModelMultipleChoiceField}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["methods"].queryset = Method.objects.order_by("name")


class ServiceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: CentreService) -> str:
        return str(obj.service_type)


class StaffingForm(forms.ModelForm):
    """Full-time equivalents of one profession in one of this centre's services."""

    class Meta:
        model = Staffing
        fields = ["centre_service", "profession", "fte"]
        field_classes = {"centre_service": ServiceChoiceField, "fte": DecimalField}

    def __init__(self, *args, centre: FamilyCentre, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Only this centre's services: another centre's, posted by hand, is refused here.
        self.fields["centre_service"].queryset = centre.services.select_related("service_type")


StaffingFormSet = forms.modelformset_factory(
    Staffing, form=StaffingForm, extra=1, can_delete=True, **FORMSET_LIMITS
)


class CentreServiceForm(forms.ModelForm):
    class Meta:
        model = CentreService
        fields = ["service_type", "provider", "co_located", "started_on", "ended_on"]
        widgets = {
            "started_on": DATE,
            "ended_on": DATE,
        }


CentreServiceFormSet = forms.inlineformset_factory(
    FamilyCentre,
    CentreService,
    form=CentreServiceForm,
    extra=1,
    can_delete=True,
    **FORMSET_LIMITS,
)


class MeetingPlaceFilterForm(forms.Form):
    scope = AreaField()
    q = forms.CharField(label=_("Search by name"), required=False, max_length=100)
    district = DistrictChoiceField(
        District.objects.select_related("municipality"),
        label=_("District"),
        required=False,
        empty_label=_("All districts"),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All kinds")), *MeetingPlaceKind.choices], required=False
    )
    include_closed = forms.BooleanField(label=_("Include closed places"), required=False)


class MeetingPlaceForm(forms.ModelForm):
    """An öppen mötesplats in a district the user manages (processledare, koordinator)."""

    district = DistrictChoiceField(District.objects.none(), label=_("District"))

    class Meta:
        model = MeetingPlace
        fields = [
            "name",
            "kind",
            "district",
            "street_address",
            "postal_code",
            "city",
            "provider",
            "opening_hours",
            "opened_on",
            "closed_on",
        ]
        widgets = {
            "opening_hours": forms.Textarea(attrs={"rows": 3}),
            "opened_on": DATE,
            "closed_on": DATE,
        }

    def __init__(self, *args, districts, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Only districts the user manages (and the place's own): any other is refused here.
        own = Q(pk=self.instance.district_id) if self.instance.district_id else Q(pk__in=[])
        self.fields["district"].queryset = District.objects.filter(
            Q(pk__in=districts.values("pk")) | own
        ).select_related("municipality")
        self.fields["district"].error_messages["invalid_choice"] = _(
            "Choose a district you manage from the list."
        )
