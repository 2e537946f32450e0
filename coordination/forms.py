"""Forms of the coordination app: they validate and normalise, nothing else."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from centres.models import District, Municipality, Profession
from coordination.models import (
    Agreement,
    AgreementStatus,
    Assignment,
    CostEntry,
    Decision,
    Dilemma,
    DilemmaStatus,
    Meeting,
    MeetingKind,
    Role,
    SteeringGroup,
    SteeringGroupMember,
    TrainingEvent,
    TrainingLevel,
    TrainingParticipation,
)
from coordination.rules import centres_for_user, districts_for_user, managed_scopes

User = get_user_model()
SCOPE_FIELDS = ("centre", "district", "municipality")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
KIND_LABELS = {
    "centre": _("Family centres"),
    "district": _("Districts"),
    "municipality": _("Municipalities"),
}


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        name = obj.get_full_name()
        return f"{name} ({obj.get_username()})" if name else obj.get_username()


def _users() -> QuerySet:
    return User.objects.filter(is_active=True).order_by("first_name", "last_name", "username")


def _scope_field() -> forms.ChoiceField:
    # Django's own invalid-choice message would show the internal value ("district:4").
    return forms.ChoiceField(
        label=_("Scope"), error_messages={"invalid_choice": _("Choose a scope from the list.")}
    )


class ScopeErrorsMixin:
    """Errors the model puts on its centre/district/municipality keys, or raises with code
    "scope", belong to the "scope" field; one that field already has is enough."""

    def add_error(self, field, error) -> None:
        if isinstance(error, forms.ValidationError) and hasattr(error, "error_dict"):
            moved = {}
            for name, errors in error.error_dict.items():
                for e in errors:
                    key = "scope" if name in SCOPE_FIELDS or e.code == "scope" else name
                    if key == "scope" and self.has_error("scope"):
                        continue
                    moved.setdefault(key, []).append(e)
            if not moved:
                return
            error = forms.ValidationError(moved)
        elif field in SCOPE_FIELDS:
            field = "scope"
        super().add_error(field, error)


class ScopedForm(ScopeErrorsMixin, forms.ModelForm):
    """A model form with one "scope" select instead of the model's centre/district/municipality
    keys. The choices are the scopes the user may use (`scopes`), plus the object's own."""

    scope = _scope_field()

    def __init__(self, *args, user, scopes=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        kinds = self._meta.model.SCOPE_KINDS
        available = dict(
            zip(("centre", "district", "municipality"), scopes or managed_scopes(user), strict=True)
        )
        current = self.instance.scope if self.instance.pk else None
        self._objects: dict[str, object] = {}
        choices: list = [("", "---------")]
        for kind in kinds:
            queryset = available[kind]
            if kind == "centre":
                queryset = queryset.select_related("district")
            objects = list(queryset.order_by("name"))
            if (
                current is not None
                and getattr(self.instance, f"{kind}_id")
                and current not in objects
            ):
                objects.append(current)
            for obj in objects:
                self._objects[f"{kind}:{obj.pk}"] = obj
            if objects:
                label = (lambda o: f"{o.name} ({o.district.name})") if kind == "centre" else str
                choices.append((KIND_LABELS[kind], [(f"{kind}:{o.pk}", label(o)) for o in objects]))
        self.fields["scope"].choices = choices
        if current is not None:
            kind = next(k for k in kinds if getattr(self.instance, f"{k}_id"))
            self.initial["scope"] = f"{kind}:{current.pk}"
        self.order_fields(["scope"])

    def clean_scope(self) -> str:
        value = self.cleaned_data["scope"]
        scope = self._objects.get(value)
        if scope is None:
            raise forms.ValidationError(_("Choose a scope from the list."), code="invalid_choice")
        kind = value.split(":", 1)[0]
        for k in self._meta.model.SCOPE_KINDS:
            setattr(self.instance, k, scope if k == kind else None)
        return value


class SteeringGroupForm(ScopedForm):
    class Meta:
        model = SteeringGroup
        fields = ["name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class MemberForm(forms.ModelForm):
    user = UserChoiceField(queryset=_users(), required=False, label=_("User"))

    class Meta:
        model = SteeringGroupMember
        fields = ["user", "name", "title", "organisation", "party"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = _users()


MemberFormSet = forms.inlineformset_factory(
    SteeringGroup, SteeringGroupMember, form=MemberForm, extra=3, can_delete=True
)


class MeetingForm(ScopedForm):
    class Meta:
        model = Meeting
        fields = [
            "kind",
            "steering_group",
            "title",
            "date",
            "participants",
            "participants_municipality",
            "participants_region",
            "agenda",
            "minutes",
        ]
        widgets = {
            "date": DATE,
            "participants": forms.Textarea(attrs={"rows": 2}),
            "agenda": forms.Textarea(attrs={"rows": 4}),
            "minutes": forms.Textarea(attrs={"rows": 6}),
        }


class DecisionForm(forms.ModelForm):
    responsible = UserChoiceField(queryset=_users(), required=False, label=_("Responsible"))

    class Meta:
        model = Decision
        fields = ["text", "responsible", "due_date", "status"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2}), "due_date": DATE}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = _users()


DecisionFormSet = forms.inlineformset_factory(
    Meeting, Decision, form=DecisionForm, extra=2, can_delete=True
)


class DecisionStatusForm(forms.ModelForm):
    class Meta:
        model = Decision
        fields = ["status"]


def dilemma_districts(user) -> QuerySet[District]:
    """Districts the user works in: over them, or samordnare of one of their centres."""
    return District.objects.filter(
        Q(pk__in=districts_for_user(user).values("pk"))
        | Q(pk__in=centres_for_user(user, [Role.SAMORDNARE]).values("district"))
    )


class DilemmaForm(forms.ModelForm):
    class Meta:
        model = Dilemma
        fields = [
            "district",
            "title",
            "description",
            "raised_on",
            "status",
            "proposed_solution",
            "decision",
            "decided_on",
        ]
        widgets = {
            "raised_on": DATE,
            "decided_on": DATE,
            "description": forms.Textarea(attrs={"rows": 4}),
            "proposed_solution": forms.Textarea(attrs={"rows": 3}),
            "decision": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        districts = dilemma_districts(user).select_related("municipality")
        if self.instance.pk:
            districts = districts | District.objects.filter(pk=self.instance.district_id)
        self.fields["district"].queryset = districts.distinct().order_by("name")


class TrainingEventForm(ScopedForm):
    professions = forms.ModelMultipleChoiceField(
        queryset=Profession.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Target professions"),
    )

    class Meta:
        model = TrainingEvent
        fields = ["title", "date", "level", "professions", "organiser", "description"]
        widgets = {"date": DATE, "description": forms.Textarea(attrs={"rows": 3})}


class ParticipationForm(forms.ModelForm):
    class Meta:
        model = TrainingParticipation
        fields = ["district", "party", "count"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = District.objects.select_related("municipality")


ParticipationFormSet = forms.inlineformset_factory(
    TrainingEvent, TrainingParticipation, form=ParticipationForm, extra=3, can_delete=True
)


class AgreementForm(ScopedForm):
    class Meta:
        model = Agreement
        fields = [
            "title",
            "party_region",
            "party_municipality",
            "valid_from",
            "valid_to",
            "share_region_percent",
            "share_municipality_percent",
            "document",
            "note",
        ]
        widgets = {
            "valid_from": DATE,
            "valid_to": DATE,
            "note": forms.Textarea(attrs={"rows": 3}),
        }
        localized_fields = ["share_region_percent", "share_municipality_percent"]


class CostEntryForm(forms.ModelForm):
    class Meta:
        model = CostEntry
        fields = ["date", "category", "amount", "paid_by", "note"]
        widgets = {"date": DATE}
        localized_fields = ["amount"]


class AssignmentForm(ScopeErrorsMixin, forms.ModelForm):
    """A koordinator gives a role within their municipality."""

    user = UserChoiceField(queryset=_users(), label=_("User"))
    scope = _scope_field()

    class Meta:
        model = Assignment
        fields = ["user", "role", "party", "valid_from", "valid_to"]
        widgets = {"valid_from": DATE, "valid_to": DATE}

    def __init__(self, *args, scopes: tuple, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = _users()
        self._objects: dict[str, object] = {}
        choices: list = [("", "---------")]
        for kind, queryset in zip(("centre", "district", "municipality"), scopes, strict=True):
            objects = list(queryset.order_by("name"))
            for obj in objects:
                self._objects[f"{kind}:{obj.pk}"] = obj
            if objects:
                choices.append((KIND_LABELS[kind], [(f"{kind}:{o.pk}", str(o)) for o in objects]))
        self.fields["scope"].choices = choices
        self.order_fields(["user", "role", "scope"])

    def clean_scope(self) -> str:
        value = self.cleaned_data["scope"]
        scope = self._objects.get(value)
        if scope is None:
            raise forms.ValidationError(_("Choose a scope from the list."), code="invalid_choice")
        kind = value.split(":", 1)[0]
        for k in ("centre", "district", "municipality"):
            setattr(self.instance, k, scope if k == kind else None)
        return value


class EndAssignmentForm(forms.Form):
    valid_to = forms.DateField(label=_("Last day"), widget=DATE)

    def __init__(self, *args, assignment: Assignment, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.assignment = assignment

    def clean_valid_to(self):
        value = self.cleaned_data["valid_to"]
        if value < self.assignment.valid_from:
            raise forms.ValidationError(_("The end date cannot be before the start date."))
        return value


# Filters of the list pages: invalid values are ignored, never an error page.


class FilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)

    def filters(self) -> dict:
        """The valid filter values; an invalid one is left out rather than shown as an error."""
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "", [])}


def _optional(choices) -> list:
    return [("", _("All")), *choices]


class SteeringGroupFilterForm(FilterForm):
    municipality = forms.ModelChoiceField(
        Municipality.objects.all(), required=False, label=_("Municipality"), empty_label=_("All")
    )
    partsammansatt = forms.ChoiceField(
        label=_("Partsammansatt"),
        required=False,
        choices=_optional([("ja", _("Yes")), ("nej", _("No"))]),
    )


class MeetingFilterForm(FilterForm):
    kind = forms.ChoiceField(
        label=_("Kind of meeting"), required=False, choices=_optional(MeetingKind.choices)
    )
    municipality = forms.ModelChoiceField(
        Municipality.objects.all(), required=False, label=_("Municipality"), empty_label=_("All")
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)


class DilemmaFilterForm(FilterForm):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=_optional(DilemmaStatus.choices)
    )
    district = forms.ModelChoiceField(
        District.objects.select_related("municipality"),
        required=False,
        label=_("District"),
        empty_label=_("All"),
    )


class TrainingFilterForm(FilterForm):
    level = forms.ChoiceField(
        label=_("Level"), required=False, choices=_optional(TrainingLevel.choices)
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)


class AgreementFilterForm(FilterForm):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=_optional(AgreementStatus.choices)
    )
    municipality = forms.ModelChoiceField(
        Municipality.objects.all(), required=False, label=_("Municipality"), empty_label=_("All")
    )
