"""Forms of the follow-up pages. They validate and normalise only; writes go through services."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import F, Q
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from centres.area import Area, AreaField, limit_choices
from centres.models import District, FamilyCentre, Municipality, Region
from coordination.forms import ScopedForm
from coordination.rules import followup_owners_for_user
from familjecentral.forms import DATE, FORMSET_LIMITS, DecimalField, ModelMultipleChoiceField
from followup.dashboards.figures import series_q
from followup.models import (
    PRIVACY_HELP,
    REPORTING_KINDS,
    Characteristic,
    ChildRightsArticle,
    Goal,
    GoalStatus,
    Indicator,
    IndicatorKind,
    IndicatorTarget,
    Period,
    PeriodKind,
    Report,
    ReportStatus,
    Score,
    Unit,
    ValueStatus,
    field_key,
    format_number,
    owned_by_q,
)
from followup.services import REPORT_BOOL_FIELDS, REPORT_TEXT_FIELDS, ReportData


class NumberField(forms.DecimalField):
    """A number typed the Swedish way: 1 200 or 12,5. Shown back without thousand separators."""

    default_error_messages = {
        "invalid": _("Enter a number, e.g. 12 or 12,5."),
        "whole": _("A count is a whole number, e.g. 12."),
    }

    def __init__(self, *, whole: bool = False, **kwargs: Any) -> None:
        self.whole = whole  # a count: "3,5" is refused
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})
        )
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Decimal | None:
        if isinstance(value, str):
            value = value.strip().replace("\xa0", "").replace(" ", "").replace(",", ".")
        return super().to_python(value)

    def validate(self, value: Decimal | None) -> None:
        super().validate(value)
        if self.whole and value is not None and value != value.to_integral():
            raise forms.ValidationError(self.error_messages["whole"], code="whole")

    def prepare_value(self, value: Any) -> Any:
        return format_number(value) if isinstance(value, Decimal) else value

    def widget_attrs(self, widget: forms.Widget) -> dict:
        # Not type="number": it would refuse "12,5". The browser checks nothing, we do.
        attrs = super().widget_attrs(widget)
        attrs.pop("step", None)
        attrs.pop("max", None)
        attrs.pop("min", None)
        return attrs


YES_NO_CHOICES = [("1", _("Yes")), ("0", _("No"))]


def _yes_no_field(label: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO_CHOICES,
        coerce=lambda v: v == "1",
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )


def _text(label: str, rows: int = 3, **kwargs: Any) -> forms.CharField:
    """A text box of the report. The privacy reminder is given once, at the top of the form,
    not under each of its many boxes."""
    return forms.CharField(
        label=label, required=False, widget=forms.Textarea(attrs={"rows": rows}), **kwargs
    )


def _naming(label: str, subject: str) -> str:
    """A label that names its indicator or goal for a screen reader, where the layout already
    shows it to the eye: "Status – Besök barn"."""
    return format_html('{}<span class="visually-hidden"> – {}</span>', label, subject)


STALE_FORM = _("The form is out of date. Reload the page and try again.")


class ReportForm(forms.Form):
    """The whole report: one number, status and comment per entered indicator, one assessment
    per goal, and the barnrättsperspektiv. Field names come from `field_key()` so that a rule
    broken on submit is shown next to its field."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    articles = ModelMultipleChoiceField(
        label=_("Barnkonventionen articles the work supported"),
        queryset=ChildRightsArticle.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    children_views_gathered = _yes_no_field(_("Were children's views gathered this period?"))
    children_views_how = _text(_("How were children's views gathered?"), rows=2)
    parents_views_gathered = _yes_no_field(_("Were parents' views gathered this period?"))
    parents_views_how = _text(_("How were parents' views gathered?"), rows=2)
    development_areas = _text(_("Development areas"), rows=4)

    def __init__(
        self,
        data: Any = None,
        *,
        report: Report,
        indicators: list[Indicator],
        goals: list[Goal],
        saved: ReportData,
        characteristics: list[Characteristic] = (),
    ) -> None:
        self.indicators = [i for i in indicators if not i.is_calculated]
        self.goals = goals
        self.characteristics = characteristics
        initial: dict[str, Any] = {
            "version": report.version,
            "articles": list(saved["articles"]),
            **{f: saved[f] for f in REPORT_TEXT_FIELDS},
        }
        for f in REPORT_BOOL_FIELDS:
            initial[f] = "" if saved[f] is None else ("1" if saved[f] else "0")
        super().__init__(data, initial=initial)
        for ind in self.indicators:
            entry = saved["values"].get(ind.pk) or {}
            unit = f" ({ind.get_unit_display().lower()})"
            # Ja / Nej is a choice stored as 1 / 0; ej aktuellt and uppgift saknas are statuses.
            widget = forms.Select(choices=[("", "–"), *YES_NO_CHOICES]) if ind.is_yes_no else None
            self.fields[field_key("number", ind.pk)] = NumberField(
                label=f"{ind.name}{unit}",
                required=False,
                initial=entry.get("number"),
                whole=ind.unit == Unit.COUNT,
                **({"widget": widget} if widget else {}),
            )
            self.fields[field_key("status", ind.pk)] = forms.ChoiceField(
                label=_naming(_("Status"), ind.name),
                choices=ValueStatus.choices,
                initial=entry.get("status") or ValueStatus.REPORTED,
            )
            self.fields[field_key("comment", ind.pk)] = _text(
                _naming(_("Comment"), ind.name), rows=1, initial=entry.get("comment", "")
            )
        for goal in goals:
            entry = saved["assessments"].get(goal.pk) or {}
            self.fields[field_key("goal_status", goal.pk)] = forms.ChoiceField(
                label=_naming(_("Assessment"), goal.name),
                choices=GoalStatus.choices,
                initial=entry.get("status") or GoalStatus.NOT_ASSESSED,
            )
            self.fields[field_key("goal_analysis", goal.pk)] = _text(
                _naming(_("Analysis"), goal.name), initial=entry.get("analysis", "")
            )
            self.fields[field_key("goal_next_steps", goal.pk)] = _text(
                _naming(_("Next steps"), goal.name), rows=2, initial=entry.get("next_steps", "")
            )
        if characteristics:
            # A self-assessment rates the characteristics and nothing else.
            for name in ("articles", *REPORT_BOOL_FIELDS, *REPORT_TEXT_FIELDS):
                del self.fields[name]
        for c in characteristics:
            entry = saved["ratings"].get(c.pk) or {}
            self.fields[field_key("score", c.pk)] = forms.TypedChoiceField(
                label=_naming(_("Score"), c.name),
                choices=[("", "–"), *Score.choices],
                coerce=int,
                empty_value=None,
                required=False,
                initial=entry.get("score"),
            )
            self.fields[field_key("comment", c.pk)] = _text(
                _naming(_("Comment"), c.name),
                rows=2,
                max_length=500,
                initial=entry.get("comment", ""),
            )
            self.fields[field_key("improvement", c.pk)] = _text(
                _naming(_("Planned improvement"), c.name),
                rows=2,
                max_length=500,
                initial=entry.get("improvement", ""),
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.errors.pop("version", None):
            # A missing or tampered version is shown above the form: a hidden field's own error
            # would be shown nowhere.
            self.add_error(None, STALE_FORM)
        for ind in self.indicators:
            number_key = field_key("number", ind.pk)
            status = cleaned.get(field_key("status", ind.pk))
            if status and status != ValueStatus.REPORTED and cleaned.get(number_key) is not None:
                self.add_error(
                    number_key,
                    _("Leave the number empty when the value is ej aktuellt or uppgift saknas."),
                )
        return cleaned

    def to_data(self) -> ReportData:
        c = self.cleaned_data
        return {
            "values": {
                ind.pk: {
                    "number": c.get(field_key("number", ind.pk)),
                    "status": c.get(field_key("status", ind.pk)) or ValueStatus.REPORTED,
                    "comment": c.get(field_key("comment", ind.pk), ""),
                }
                for ind in self.indicators
            },
            "assessments": {
                goal.pk: {
                    "status": c.get(field_key("goal_status", goal.pk)),
                    "analysis": c.get(field_key("goal_analysis", goal.pk), ""),
                    "next_steps": c.get(field_key("goal_next_steps", goal.pk), ""),
                }
                for goal in self.goals
            },
            "ratings": {
                ch.pk: {
                    "score": c.get(field_key("score", ch.pk)),
                    "comment": c.get(field_key("comment", ch.pk), ""),
                    "improvement": c.get(field_key("improvement", ch.pk), ""),
                }
                for ch in self.characteristics
            },
            **({"articles": {a.pk for a in c.get("articles", [])}} if "articles" in c else {}),
            **{f: c.get(f) for f in REPORT_BOOL_FIELDS + REPORT_TEXT_FIELDS if f in self.fields},
        }


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=PRIVACY_HELP,
        error_messages={"required": _("Give a reason, so the centre knows what to change.")},
    )


class PeriodChoiceField(forms.ModelChoiceField):
    """Periods named with their owner: Göteborg's and the region's quarter look alike."""

    def label_from_instance(self, obj: Period) -> str:
        return obj.label


class ReportCreateForm(forms.Form):
    """A new report: offered are the user's centres and the open periods of their
    municipalities and regions (`services.report_create` refuses a period the chosen centre
    does not report in, on the period field)."""

    centre = forms.ModelChoiceField(
        label=_("Family centre"),
        queryset=FamilyCentre.objects.none(),
        error_messages={"invalid_choice": _("Choose one of your family centres.")},
    )
    period = PeriodChoiceField(
        label=_("Period"),
        queryset=Period.objects.none(),
        error_messages={"invalid_choice": _("Choose an open period from the list.")},
    )

    def __init__(self, *args: Any, centres, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["centre"].queryset = centres
        municipalities = District.objects.filter(centres__in=centres).values("municipality")
        self.fields["period"].queryset = (
            Period.objects.filter(locked=False)
            .filter(
                Q(municipality__in=municipalities) | Q(region__municipalities__in=municipalities)
            )
            .distinct()
            .select_related("municipality", "region")
        )


class ReportFilterForm(forms.Form):
    scope = AreaField(
        help_text=_("My area: the centres of your assignments. All: every report you may read.")
    )
    period = PeriodChoiceField(
        label=_("Period"),
        queryset=Period.objects.select_related("municipality", "region"),
        required=False,
    )
    district = forms.ModelChoiceField(
        label=_("District"),
        queryset=District.objects.select_related("municipality"),
        required=False,
    )
    centre = forms.ModelChoiceField(
        label=_("Family centre"), queryset=FamilyCentre.objects.all(), required=False
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All statuses")), *ReportStatus.choices],
        required=False,
    )

    def __init__(self, *args: Any, area: Area | None = None, **kwargs: Any) -> None:
        """In "Mitt område" (`area`) the filters offer the area's periods (its
        municipalities' and their regions'), districts and centres, not the country's."""
        super().__init__(*args, **kwargs)
        if area is None:
            return
        fields = self.fields
        fields["period"].queryset = fields["period"].queryset.filter(
            Q(municipality__in=area.municipalities.values("pk"))
            | Q(region__in=area.municipalities.values("region"))
        )
        limit_choices(self, area)
        # A report stays under the district it was made in: the districts the area's ones
        # succeeded are offered too.
        fields["district"].queryset = District.objects.filter(
            Q(pk__in=area.districts.values("pk")) | Q(successor__in=area.districts.values("pk"))
        ).select_related("municipality")


class GoalChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Goal) -> str:
        return f"{obj.code} {obj.name} ({obj.owner_label})"


class OwnerFilterField(forms.ChoiceField):
    """Whose follow-up a list shows: "mine" (the sets of the user's own area, the default),
    one municipality's or region's ("municipality:4", "region:1"), or everyone's ("alla")."""

    MINE, ALL = "", "alla"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(label=_("Owner"), required=False, **kwargs)

    def set_owners(self, municipalities, regions) -> None:
        self.choices = [
            (self.MINE, _("My area")),
            (self.ALL, _("Show all")),
            (_("Regions (shared)"), [(f"region:{r.pk}", str(r)) for r in regions]),
            (_("Municipalities"), [(f"municipality:{m.pk}", str(m)) for m in municipalities]),
        ]


class SetupFilterForm(forms.Form):
    """The search box of the goal and indicator lists."""

    owner = OwnerFilterField()
    q = forms.CharField(label=_("Search"), required=False)
    goal = GoalChoiceField(
        label=_("Goal"),
        queryset=Goal.objects.select_related("municipality", "region"),
        required=False,
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[("", _("All kinds")), *IndicatorKind.choices],
        required=False,
    )


class PeriodFilterForm(forms.Form):
    owner = OwnerFilterField()
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[("", _("All kinds")), *Period._meta.get_field("kind").choices],
        required=False,
    )


def valid_filters(form: forms.Form) -> dict[str, Any]:
    """The filters that were valid; a bad value in one is ignored rather than an error page."""
    form.is_valid()
    return {k: v for k, v in getattr(form, "cleaned_data", {}).items() if v not in (None, "")}


class OwnedForm(ScopedForm):
    """A goal or period: its owner is chosen among the municipalities and regions whose
    follow-up the user sets up (admins: all); any other posted owner is refused."""

    def __init__(self, *args: Any, user, **kwargs: Any) -> None:
        municipalities, regions = followup_owners_for_user(user)
        super().__init__(
            *args, user=user, scopes={"municipality": municipalities, "region": regions}, **kwargs
        )
        self.fields["scope"].label = _("Owner")
        self.fields["scope"].help_text = _(
            "A municipality's own follow-up, or a region's set shared by all its municipalities."
        )
        self.fields["scope"].error_messages["invalid_choice"] = _("Choose an owner from the list.")


class GoalForm(OwnedForm):
    class Meta:
        model = Goal
        fields = [
            "code",
            "name",
            "description",
            "order",
            "articles",
            "valid_from",
            "valid_to",
            "is_active",
        ]
        widgets = {
            "articles": forms.CheckboxSelectMultiple,
            "valid_from": DATE,
            "valid_to": DATE,
        }
        field_classes = {"articles": ModelMultipleChoiceField}


class IndicatorForm(forms.ModelForm):
    """An indicator belongs to its goal's owner: offered are the goals, and the entered
    indicators to calculate from, of the owners whose follow-up the user sets up."""

    goal = GoalChoiceField(
        label=_("Goal"),
        queryset=Goal.objects.none(),
        error_messages={"invalid_choice": _("Choose a goal from the list.")},
    )

    class Meta:
        model = Indicator
        fields = [
            "code",
            "name",
            "description",
            "goal",
            "service_type",
            "unit",
            "period_kind",
            "kind",
            "numerator",
            "denominator",
            "factor",
            "minimum",
            "maximum",
            "required",
            "higher_is_better",
            "counts_children_reached",
            "valid_from",
            "valid_to",
            "order",
            "is_active",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "valid_from": DATE,
            "valid_to": DATE,
        }
        field_classes = {"factor": DecimalField, "minimum": DecimalField, "maximum": DecimalField}

    def __init__(self, *args: Any, user, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        goals = Goal.objects.owned_by(*followup_owners_for_user(user))
        current = self.instance.goal_id if self.instance.pk else None
        if current:
            goals = Goal.objects.filter(Q(pk__in=goals.values("pk")) | Q(pk=current))
        self.fields["goal"].queryset = goals.select_related("municipality", "region").order_by(
            "region", "municipality", "order", "code"
        )
        parts = Indicator.objects.filter(
            kind=IndicatorKind.ENTERED, goal__in=goals.values("pk")
        ).exclude(pk=self.instance.pk)
        for name in ("numerator", "denominator"):
            self.fields[name].queryset = parts.select_related("goal").order_by("code")
            self.fields[name].error_messages["invalid_choice"] = _(
                "Choose an entered indicator of the same owner from the list."
            )

    def _update_errors(self, errors: forms.ValidationError) -> None:
        # A field refused already (a goal or part not offered) keeps that one error: the
        # model's rule about the then missing value would only repeat it less clearly.
        if hasattr(errors, "error_dict"):
            errors = forms.ValidationError(
                {k: v for k, v in errors.error_dict.items() if k not in self._errors}
            )
        super()._update_errors(errors)


class BaseTargetFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        """One target a year and kind of period, said with both: Django's own message names
        the fields."""
        seen: set[tuple[int, str]] = set()
        kinds = dict(REPORTING_KINDS)
        for form in self.forms:
            if not form.is_valid() or form.cleaned_data.get("DELETE"):
                continue
            key = (form.cleaned_data.get("year"), form.cleaned_data.get("period_kind"))
            if key in seen:
                form.add_error(
                    "year",
                    _("There is already a target for %(year)s per %(kind)s.")
                    % {"year": key[0], "kind": str(kinds.get(key[1], key[1])).lower()},
                )
            elif None not in key:
                seen.add(key)
        super().clean()


TargetFormSet = forms.inlineformset_factory(
    Indicator,
    IndicatorTarget,
    formset=BaseTargetFormSet,
    fields=["year", "period_kind", "level", "target"],
    field_classes={"target": DecimalField},
    extra=2,
    can_delete=True,
    **FORMSET_LIMITS,
)


class PeriodForm(OwnedForm):
    class Meta:
        model = Period
        fields = ["kind", "name", "start", "end", "deadline", "grace_days", "early_submission"]
        widgets = {
            "start": DATE,
            "end": DATE,
            "deadline": DATE,
        }


class DashboardFilterForm(forms.Form):
    """The filters of every dashboard: offered are only the municipalities, districts, periods
    and owners of the centres the user's dashboards show (`centres`)."""

    municipality = forms.ModelChoiceField(
        label=_("Municipality"), queryset=Municipality.objects.none(), required=False
    )
    district = forms.ModelChoiceField(
        label=_("District"), queryset=District.objects.none(), required=False
    )
    kind = forms.ChoiceField(
        label=_("Kind of period"),
        choices=[("", _("All kinds")), *PeriodKind.choices],
        required=False,
    )
    period = PeriodChoiceField(label=_("Period"), queryset=Period.objects.none(), required=False)
    owner = forms.ChoiceField(label=_("Owner of the indicator set"), required=False)

    def __init__(self, *args: Any, centres, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Where the centres lie, read once: each choice below filters by a short list of ids.
        places = set(
            centres.order_by().values_list(
                "district_id", "district__municipality_id", "district__municipality__region_id"
            )
        )
        district_ids, municipality_ids, region_ids = (
            sorted({p[i] for p in places}) for i in range(3)
        )
        municipalities = Municipality.objects.filter(pk__in=municipality_ids)
        regions = self.regions = Region.objects.filter(pk__in=region_ids)
        self.fields["municipality"].queryset = municipalities
        self.fields["district"].queryset = District.objects.filter(
            pk__in=district_ids
        ).select_related("municipality")
        self.fields["period"].queryset = (
            Period.objects.owned_by(municipalities, regions)
            .select_related("municipality", "region")
            .order_by("-start", "kind")
        )
        self.fields["municipality"].empty_label = self.fields["district"].empty_label = _("All")
        self.fields["period"].empty_label = _("The last twelve months")
        self.fields["owner"].choices = [
            ("", _("All")),
            *((f"region:{r.pk}", _("%(region)s (shared)") % {"region": r}) for r in regions),
            *((f"municipality:{m.pk}", str(m)) for m in municipalities),
        ]


class CoverageFilterForm(DashboardFilterForm):
    """Coverage is the register on one day: today, or the last day of the chosen period."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("kind", "owner"):
            del self.fields[name]
        self.fields["period"].empty_label = _("Today")
        self.fields["period"].help_text = _("The register as it was on the period's last day.")


class EconomyFilterForm(DashboardFilterForm):
    """Figures of a calendar year (the economy, reach): a year, or the year of a period.
    Kinds of period and owners of indicator sets do not apply."""

    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("kind", "owner"):
            del self.fields[name]
        self.fields["period"].empty_label = _("All")
        self.fields["period"].help_text = _("Its year is shown.")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("period") and not cleaned.get("year"):
            cleaned["year"] = cleaned["period"].start.year
        return cleaned


class SelfAssessmentFilterForm(DashboardFilterForm):
    """The self-assessments of one year in the user's area: a municipality or a district."""

    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("kind", "owner", "period"):
            del self.fields[name]


class IndicatorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Indicator) -> str:
        return f"{obj.code} {obj.name} ({obj.goal.owner_label})"


class IndicatorMultipleChoiceField(ModelMultipleChoiceField):
    def label_from_instance(self, obj: Indicator) -> str:
        return f"{obj.code} {obj.name}"


# More small charts than this on one page are no longer read at a glance.
MAX_COMPARED_INDICATORS = 12


class IndicatorDashboardForm(DashboardFilterForm):
    """The dashboard filters, one indicator of the sets the area reports on, and others to
    compare side by side (small multiples). The periods offered are the indicator's own
    series (its goal's owner's periods of its kind); the kind and owner follow from it."""

    indicator = IndicatorChoiceField(
        label=_("Indicator"), queryset=Indicator.objects.none(), required=False
    )
    indicators = IndicatorMultipleChoiceField(
        label=_("Compare indicators"),
        queryset=Indicator.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Shown side by side as small charts, each in its own periods."),
        error_messages={
            "invalid_choice": _("Choose indicators of your area: %(value)s is not one of them."),
            "invalid_pk_value": _("Choose indicators of your area: “%(pk)s” is not one of them."),
        },
    )

    def __init__(self, *args: Any, centres, **kwargs: Any) -> None:
        super().__init__(*args, centres=centres, **kwargs)
        for name in ("kind", "owner"):
            del self.fields[name]
        municipalities = self.fields["municipality"].queryset
        self.fields["indicator"].queryset = self.fields["indicators"].queryset = (
            Indicator.objects.filter(
                owned_by_q(municipalities.values("pk"), self.regions.values("pk"), "goal__"),
                is_active=True,
            )
            .select_related("goal__municipality", "goal__region", "numerator", "denominator")
            .prefetch_related("targets")
            # The municipalities' own first, the region's shared set after, on every database.
            .order_by(
                F("goal__region").asc(nulls_first=True),
                "goal__municipality__name",
                "goal__order",
                "order",
                "code",
            )
        )
        self.fields["indicator"].empty_label = None
        self.order_fields(["indicator"])
        # Every period of the area, for the indicators compared; the one indicator's series
        # for the period chosen.
        self.offered_periods = self.fields["period"].queryset
        self.chosen_indicator = self._chosen_indicator()
        if self.chosen_indicator is not None:
            self.fields["period"].queryset = self.offered_periods.filter(
                series_q(self.chosen_indicator)
            )

    def _chosen_indicator(self) -> Indicator | None:
        """The indicator asked for if it is one of the area's, else the first."""
        choices = self.fields["indicator"].queryset
        asked = str(self.data.get("indicator", ""))
        if asked.isdigit() and len(asked) < 10:
            return choices.filter(pk=int(asked)).first() or choices.first()
        return choices.first()

    def clean_indicators(self) -> list[Indicator]:
        indicators = list(self.cleaned_data.get("indicators") or [])
        if len(indicators) > MAX_COMPARED_INDICATORS:
            raise forms.ValidationError(
                _("Choose at most %(count)s indicators to compare.")
                % {"count": MAX_COMPARED_INDICATORS}
            )
        return indicators
