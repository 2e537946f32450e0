"""Forms of the coordination app: they validate and normalise, nothing else."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from centres.area import AreaField
from centres.models import District, Municipality, Profession
from coordination.models import (
    ROLE_SCOPES,
    Agreement,
    AgreementStatus,
    Assignment,
    CostCategory,
    CostEntry,
    Decision,
    Dilemma,
    DilemmaStatus,
    Document,
    DocumentKind,
    Meeting,
    MeetingKind,
    Role,
    SteeringGroup,
    SteeringGroupMember,
    TrainingEvent,
    TrainingLevel,
    TrainingParticipation,
)
from coordination.rules import (
    centres_for_user,
    colleagues_for,
    districts_for_user,
    document_places,
    documents_for_user,
    lies_within,
    managed_scopes,
    meeting_scopes,
)
from familjecentral.forms import DATE, FORMSET_LIMITS, DecimalField, ModelMultipleChoiceField
from familjecentral.spans import END_BEFORE_START

User = get_user_model()
SCOPE_FIELDS = ("centre", "district", "municipality", "region")
KIND_LABELS = {
    "centre": _("Family centres"),
    "district": _("Districts"),
    "municipality": _("Municipalities"),
    "region": _("Regions"),
    "steering_group": _("Steering groups"),
    "assignment": _("Assignments"),
}
# How a scope select lists each kind (by name, unless said here).
SCOPE_ORDER = {
    "assignment": ("user__first_name", "user__last_name", "role"),
}


PERSON_NOT_OFFERED = _("Choose a person from the list: people who work in or over your area.")
DISTRICT_NOT_OFFERED = _("Choose one of your districts from the list.")


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
    """A model form with one "scope" select instead of the model's scope keys (its
    `SCOPE_KINDS`: centre, district, municipality or region). The choices are the scopes the
    user may use (`scopes`, by kind; default: those they manage), plus the object's own; any
    other posted value is refused on the field."""

    scope = _scope_field()

    def __init__(self, *args, user, scopes: dict | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        kinds = self._meta.model.SCOPE_KINDS
        available = scopes if scopes is not None else managed_scopes(user)
        current = self.instance.scope if self.instance.pk else None
        self._objects: dict[str, object] = {}
        choices: list = [("", "---------")]
        for kind in kinds:
            queryset = available.get(kind)
            if queryset is None:
                continue
            if kind == "centre":
                queryset = queryset.select_related("district")
            objects = list(queryset.order_by(*SCOPE_ORDER.get(kind, ("name",))))
            if current is not None and self.instance.scope_kind == kind and current not in objects:
                objects.append(current)
            for obj in objects:
                self._objects[f"{kind}:{obj.pk}"] = obj
            if objects:
                label = (lambda o: f"{o.name} ({o.district.name})") if kind == "centre" else str
                choices.append((KIND_LABELS[kind], [(f"{kind}:{o.pk}", label(o)) for o in objects]))
        self.fields["scope"].choices = choices
        if current is not None:
            self.initial["scope"] = f"{self.instance.scope_kind}:{current.pk}"
        elif len(self._objects) == 1 and "scope" not in self.initial:
            self.initial["scope"] = next(iter(self._objects))  # the only choice, preselected
        self.order_fields(["scope"])

    def clean_scope(self) -> str:
        value = self.cleaned_data["scope"]
        scope = self._objects.get(value)
        if scope is None:
            raise forms.ValidationError(
                self.fields["scope"].error_messages["invalid_choice"], code="invalid_choice"
            )
        kind = value.split(":", 1)[0]
        for k in self._meta.model.SCOPE_KINDS:
            setattr(self.instance, k, scope if k == kind else None)
        return value

    @property
    def chosen_scope(self) -> object | None:
        """The scope chosen in the form, once `clean_scope` has accepted it."""
        value = getattr(self, "cleaned_data", {}).get("scope")
        return self._objects.get(value) if value else None


def _in_scope(queryset: QuerySet, current_pk: int | None) -> QuerySet:
    """`queryset`, plus the object already chosen (kept when an old value is saved again)."""
    if current_pk is None:
        return queryset
    model = queryset.model
    return model.objects.filter(Q(pk__in=queryset.values("pk")) | Q(pk=current_pk))


class SteeringGroupForm(ScopedForm):
    class Meta:
        model = SteeringGroup
        fields = ["name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class MemberForm(forms.ModelForm):
    """A member: offered are the people working in or over the manager's area."""

    user = UserChoiceField(queryset=_users(), required=False, label=_("User"))

    class Meta:
        model = SteeringGroupMember
        fields = ["user", "name", "title", "organisation", "party"]

    def __init__(self, *args, manager, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        users = _in_scope(colleagues_for(manager), self.instance.user_id)
        self.fields["user"].queryset = users.order_by("first_name", "last_name", "username")
        self.fields["user"].error_messages["invalid_choice"] = PERSON_NOT_OFFERED


MemberFormSet = forms.inlineformset_factory(
    SteeringGroup, SteeringGroupMember, form=MemberForm, extra=3, can_delete=True, **FORMSET_LIMITS
)


class MeetingForm(ScopedForm):
    """A meeting: in a scope the user manages or a samordnare's own centre; its steering group
    is one of those scopes' and lies in the meeting's scope."""

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

    def __init__(self, *args, user, **kwargs) -> None:
        scopes = meeting_scopes(user)  # a samordnare: their own centre
        super().__init__(*args, user=user, scopes=scopes, **kwargs)
        self.fields["steering_group"].queryset = _in_scope(
            managed_steering_groups(user, scopes), self.instance.steering_group_id
        ).select_related(*SCOPE_RELATED)
        self.fields["steering_group"].error_messages["invalid_choice"] = _(
            "Choose a steering group from the list."
        )

    def clean(self) -> dict:
        cleaned = super().clean()
        group, scope = cleaned.get("steering_group"), self.chosen_scope
        if group is not None and scope is not None and not lies_within(group.scope, scope):
            self.add_error(
                "steering_group",
                _(
                    "%(group)s belongs to %(group_scope)s, outside the meeting's scope "
                    "%(scope)s. Choose a group of the meeting's scope, or change the scope."
                )
                % {"group": group, "group_scope": group.scope, "scope": scope},
            )
        return cleaned


class DecisionForm(forms.ModelForm):
    """A decision: offered as responsible are the people working in or over the manager's
    area."""

    responsible = UserChoiceField(queryset=_users(), required=False, label=_("Responsible"))

    class Meta:
        model = Decision
        fields = ["text", "responsible", "due_date", "status"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2}), "due_date": DATE}

    def __init__(self, *args, manager, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        users = _in_scope(colleagues_for(manager), self.instance.responsible_id)
        self.fields["responsible"].queryset = users.order_by("first_name", "last_name", "username")
        self.fields["responsible"].error_messages["invalid_choice"] = PERSON_NOT_OFFERED


def managed_steering_groups(user, scopes: dict | None = None) -> QuerySet[SteeringGroup]:
    """The steering groups of the scopes the user manages (admins: all), or of `scopes`."""
    scopes = scopes if scopes is not None else managed_scopes(user)
    return SteeringGroup.objects.filter(
        Q(centre__in=scopes["centre"].values("pk"))
        | Q(district__in=scopes["district"].values("pk"))
        | Q(municipality__in=scopes["municipality"].values("pk"))
    )


SCOPE_RELATED = ("centre__district", "district__municipality", "municipality")

DecisionFormSet = forms.inlineformset_factory(
    Meeting, Decision, form=DecisionForm, extra=2, can_delete=True, **FORMSET_LIMITS
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
        self.fields["district"].error_messages["invalid_choice"] = DISTRICT_NOT_OFFERED


class TrainingEventForm(ScopedForm):
    professions = ModelMultipleChoiceField(
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
    """Participants from one district: offered are the districts the manager manages, or
    whose centres they manage."""

    class Meta:
        model = TrainingParticipation
        fields = ["district", "party", "count"]

    def __init__(self, *args, manager, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        scopes = managed_scopes(manager)
        districts = District.objects.filter(
            Q(pk__in=scopes["district"].values("pk")) | Q(centres__in=scopes["centre"].values("pk"))
        ).distinct()
        self.fields["district"].queryset = _in_scope(
            districts, self.instance.district_id
        ).select_related("municipality")
        self.fields["district"].error_messages["invalid_choice"] = DISTRICT_NOT_OFFERED


ParticipationFormSet = forms.inlineformset_factory(
    TrainingEvent,
    TrainingParticipation,
    form=ParticipationForm,
    extra=3,
    can_delete=True,
    **FORMSET_LIMITS,
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
            "intent_document",
            "note",
        ]
        widgets = {
            "valid_from": DATE,
            "valid_to": DATE,
            "note": forms.Textarea(attrs={"rows": 3}),
        }
        field_classes = {
            "share_region_percent": DecimalField,
            "share_municipality_percent": DecimalField,
        }

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, user=user, **kwargs)
        # Only the avsiktsförklaringar the user may read: any other is refused on the field.
        readable = documents_for_user(user).filter(kind=DocumentKind.AVSIKTSFORKLARING)
        if self.instance.intent_document_id:
            readable |= Document.objects.filter(pk=self.instance.intent_document_id)
        self.fields["intent_document"].queryset = readable.order_by("-valid_from", "title")
        self.fields["intent_document"].empty_label = _("None")


class DocumentForm(ScopedForm):
    """A document of the library, kept for a region, municipality, district, steering group or
    assignment the user may keep documents for."""

    class Meta:
        model = Document
        fields = ["title", "kind", "version", "valid_from", "valid_to", "file"]
        widgets = {"valid_from": DATE, "valid_to": DATE}

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, user=user, scopes=document_places(user), **kwargs)
        self.fields["scope"].label = _("Kept for")
        self.fields["file"].widget.attrs["accept"] = "application/pdf,.pdf"


class CostEntryForm(forms.ModelForm):
    class Meta:
        model = CostEntry
        fields = ["date", "category", "amount", "paid_by", "note"]
        widgets = {"date": DATE}
        field_classes = {"amount": DecimalField}


class AssignmentForm(ScopedForm):
    """A koordinator gives a role within their municipality (an admin anywhere, also a
    region's regional koordinator). Offered are the roles that fit a scope they may use."""

    user = UserChoiceField(queryset=_users(), label=_("User"))

    class Meta:
        model = Assignment
        fields = ["user", "role", "party", "valid_from", "valid_to"]
        widgets = {"valid_from": DATE, "valid_to": DATE}

    def __init__(self, *args, scopes: dict, **kwargs) -> None:
        super().__init__(*args, user=None, scopes=scopes, **kwargs)
        self.fields["user"].queryset = _users()
        kinds = {key.split(":", 1)[0] for key in self._objects}
        self.fields["role"].choices = [
            ("", "---------"),
            *((value, label) for value, label in Role.choices if ROLE_SCOPES[value] & kinds),
        ]
        self.order_fields(["user", "role", "scope"])


class EndAssignmentForm(forms.Form):
    valid_to = forms.DateField(label=_("Last day"), widget=DATE)

    def __init__(self, *args, assignment: Assignment, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.assignment = assignment

    def clean_valid_to(self):
        value = self.cleaned_data["valid_to"]
        if value < self.assignment.valid_from:
            raise forms.ValidationError(END_BEFORE_START)
        return value


# Filters of the list pages: invalid values are ignored, never an error page.


class FilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)

    def filters(self) -> dict:
        """The valid filter values; an invalid one is left out rather than shown as an error."""
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "", [])}


class AreaFilterForm(FilterForm):
    """A list that shows the user's own area by default, with "Visa alla"."""

    scope = AreaField()


def _optional(choices) -> list:
    return [("", _("All")), *choices]


class DocumentFilterForm(FilterForm):
    """The documents a user may read are those of their area already."""

    kind = forms.ChoiceField(
        label=_("Kind of document"), required=False, choices=_optional(DocumentKind.choices)
    )
    valid = forms.ChoiceField(
        label=_("In force"),
        required=False,
        choices=[("", _("All")), ("ja", _("In force today"))],
    )


class SteeringGroupFilterForm(AreaFilterForm):
    municipality = forms.ModelChoiceField(
        Municipality.objects.all(), required=False, label=_("Municipality"), empty_label=_("All")
    )
    partsammansatt = forms.ChoiceField(
        label=_("Partsammansatt"),
        required=False,
        choices=_optional([("ja", _("Yes")), ("nej", _("No"))]),
    )


class MeetingFilterForm(AreaFilterForm):
    kind = forms.ChoiceField(
        label=_("Kind of meeting"), required=False, choices=_optional(MeetingKind.choices)
    )
    municipality = forms.ModelChoiceField(
        Municipality.objects.all(), required=False, label=_("Municipality"), empty_label=_("All")
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)


class DilemmaFilterForm(AreaFilterForm):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=_optional(DilemmaStatus.choices)
    )
    district = forms.ModelChoiceField(
        District.objects.select_related("municipality"),
        required=False,
        label=_("District"),
        empty_label=_("All"),
    )


class TrainingFilterForm(AreaFilterForm):
    level = forms.ChoiceField(
        label=_("Level"), required=False, choices=_optional(TrainingLevel.choices)
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)


class AgreementFilterForm(AreaFilterForm):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=_optional(AgreementStatus.choices)
    )
    municipality = forms.ModelChoiceField(
        Municipality.objects.all(), required=False, label=_("Municipality"), empty_label=_("All")
    )


class BudgetForm(forms.Form):
    """One amount per cost category for one year; an empty field means no budget for it."""

    def __init__(self, *args, initial_amounts: dict[str, Decimal], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for value, label in CostCategory.choices:
            self.fields[value] = DecimalField(
                label=label,
                required=False,
                min_value=0,
                max_digits=12,
                decimal_places=2,
                initial=initial_amounts.get(value),
                error_messages={"min_value": _("The amount cannot be negative.")},
            )

    def amounts(self) -> dict[str, Decimal | None]:
        return {value: self.cleaned_data.get(value) for value, _label in CostCategory.choices}
