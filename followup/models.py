"""Follow-up: goals, indicators, periods and the periodic report of each centre.

A report is one per centre and period. Its values are aggregate head counts and rates, never
anything about a single family. "Ej aktuellt" and "uppgift saknas" are statuses of a value,
stored apart from the number zero (DESIGN.md rule 5).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from centres.models import District, FamilyCentre, Municipality, Region, ServiceType
from coordination.models import PRIVACY_HELP, OneScope, one_scope_constraint
from familjecentral.spans import (
    is_in_force,
    not_ended_by,
    overlapping,
    span_constraint,
    span_errors,
)


class ChildRightsArticle(models.Model):
    """An article of Barnkonventionen (the UN Convention on the Rights of the Child)."""

    number = models.PositiveSmallIntegerField(_("article number"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    history = HistoricalRecords()

    class Meta:
        ordering = ["number"]
        verbose_name = _("Barnkonventionen article")
        verbose_name_plural = _("Barnkonventionen articles")

    def __str__(self) -> str:
        return _("Article %(number)s: %(title)s") % {"number": self.number, "title": self.title}


def owned_by_q(municipalities, regions, prefix: str = "") -> Q:
    """Owned by one of `municipalities` or one of `regions` (querysets or lists); `prefix` leads
    to the owner's keys, e.g. "goal__" from an indicator."""
    return Q(**{f"{prefix}municipality__in": municipalities}) | Q(
        **{f"{prefix}region__in": regions}
    )


class OwnedQuerySet(models.QuerySet):
    def owned_by(self, municipalities, regions) -> OwnedQuerySet:
        return self.filter(owned_by_q(municipalities, regions))


class Owned(OneScope):
    """Follow-up that belongs to one municipality, or to one region as a set shared by all the
    region's municipalities (DESIGN.md rule 8). Exactly one of the two keys is set."""

    SCOPE_KINDS = ("municipality", "region")  # the owner, chosen as a "scope" in forms
    SCOPE_MESSAGE = _("Choose exactly one owner: a municipality or a region.")

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("The municipality that owns it. Leave empty when a region owns it."),
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("A region that shares it with all its municipalities."),
    )

    objects = OwnedQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def owner(self) -> Municipality | Region | None:
        """The scope (coordination.models.OneScope), under its name in follow-up."""
        return self.scope

    @property
    def owner_label(self) -> str:
        """ "Göteborg", or "Västra Götalandsregionen (gemensam)" for a region's shared set."""
        if self.region_id:
            return str(_("%(region)s (shared)") % {"region": self.region})
        return str(self.municipality) if self.municipality_id else ""

    @property
    def owner_field(self) -> str:
        """The key that holds the owner: where an error about the owner belongs."""
        return "region" if self.region_id else "municipality"

    def owner_q(self, prefix: str = "") -> Q:
        """Filter for the objects with the same owner as this one."""
        if self.municipality_id:
            return Q(**{f"{prefix}municipality_id": self.municipality_id})
        return Q(**{f"{prefix}region_id": self.region_id})

    def unique_per_owner(self, field: str, message: str, **lookups: object) -> dict:
        """An error on `field` when another object of the same owner has the same `lookups`
        (the database constraint, said in Swedish before it is hit)."""
        if not (self.municipality_id or self.region_id):
            return {}
        same = type(self).objects.filter(self.owner_q(), **lookups).exclude(pk=self.pk)
        return {field: message} if same.exists() else {}


def owner_constraints(model: str, *fields: str) -> list[models.BaseConstraint]:
    """Exactly one owner, and `fields` unique per owner."""
    return [
        one_scope_constraint(Owned.SCOPE_KINDS, f"followup_{model}_one_owner"),
        *(
            models.UniqueConstraint(
                fields=[owner, *fields], name=f"followup_{model}_unique_per_{owner}"
            )
            for owner in Owned.SCOPE_KINDS
        ),
    ]


class ValiditySpan(models.Model):
    """From and to: a goal or an indicator set up for next year does not appear in this
    year's reports, and one that has ended no longer does (issue 19, item 7)."""

    valid_from = models.DateField(
        _("valid from"),
        null=True,
        blank=True,
        help_text=_("Left empty: from the start. Reports of periods before it do not ask for it."),
    )
    valid_to = models.DateField(
        _("valid to"),
        null=True,
        blank=True,
        help_text=_(
            "Left empty: until further notice. Reports of periods after it do not ask for it."
        ),
    )

    class Meta:
        abstract = True

    def is_valid_between(self, start: datetime.date, end: datetime.date) -> bool:
        return is_in_force(self.valid_from, self.valid_to, start, end)

    def clean_validity(self) -> dict:
        return span_errors(
            self,
            "valid_from",
            "valid_to",
            _("The end of the validity cannot be before its start."),
        )


def validity_constraint(model: str) -> models.CheckConstraint:
    return span_constraint(f"followup_{model}_valid_span", "valid_from", "valid_to")


class Goal(Owned, ValiditySpan):
    """A familjecentral goal from the seeds, e.g. "Erbjuda lättillgängligt stöd"."""

    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    articles = models.ManyToManyField(
        ChildRightsArticle,
        verbose_name=_("Barnkonventionen articles"),
        blank=True,
        related_name="goals",
    )
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Only active goals are assessed in new reports.")
    )
    history = HistoricalRecords(m2m_fields=[articles])

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        constraints = [
            *owner_constraints("goal", "code"),
            models.UniqueConstraint(
                fields=["municipality", "name"], name="followup_goal_name_unique_per_municipality"
            ),
            models.UniqueConstraint(
                fields=["region", "name"], name="followup_goal_name_unique_per_region"
            ),
            validity_constraint("goal"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("followup:goal-edit", args=[self.pk])

    def clean(self) -> None:
        self.clean_scope()
        errors = {
            **self.unique_per_owner(
                "code", _("The owner already has a goal with this code."), code=self.code
            ),
            **self.unique_per_owner(
                "name", _("The owner already has a goal with this name."), name=self.name
            ),
            **self.clean_validity(),
        }
        if self.pk and not errors:
            errors = self._check_move()
        if errors:
            raise ValidationError(errors)

    def _check_move(self) -> dict:
        """A goal given another owner takes its indicators along: their codes must be free
        there, and no calculated indicator may then use a part of another owner."""
        before = Goal.objects.filter(pk=self.pk).values_list("municipality_id", "region_id")
        if before.first() == (self.municipality_id, self.region_id):
            return {}
        mine = Indicator.objects.filter(goal=self)
        codes = set(mine.values_list("code", flat=True))
        clash = (
            Indicator.objects.filter(self.owner_q("goal__"), code__in=codes)
            .exclude(goal=self)
            .values_list("code", flat=True)
        )
        if clash:
            return {
                "code": _("The new owner already has indicators with the codes %(codes)s.")
                % {"codes": ", ".join(sorted(clash))}
            }
        tied = Indicator.objects.filter(
            Q(goal=self) | Q(numerator__goal=self) | Q(denominator__goal=self)
        ).select_related("numerator", "denominator")
        for indicator in tied:
            parts = [p for p in (indicator.numerator, indicator.denominator) if p is not None]
            if any((p.goal_id == self.pk) != (indicator.goal_id == self.pk) for p in parts):
                return {
                    self.owner_field: _(
                        "The calculated indicator %(code)s ties this goal to another goal of its "
                        "owner: move them together, or change the indicator first."
                    )
                    % {"code": indicator.code}
                }
        return {}


class Unit(models.TextChoices):
    COUNT = "antal", _("Count")
    PERCENT = "procent", _("Percent")
    HOURS = "timmar", _("Hours")
    KRONOR = "kronor", _("Kronor")
    YES_NO = "ja-nej", _("Yes/no")
    # Staffing in full-time equivalents: summed like a count, but "0,5" is a figure, not a typo.
    FTE = "arsarbete", _("Full-time equivalents")


UNIT_SUFFIX = {
    Unit.COUNT: "",
    Unit.PERCENT: " %",
    Unit.HOURS: " h",
    Unit.KRONOR: " kr",
    Unit.FTE: " åa",
}


# The kinds of period goals and indicators are reported in (PeriodKind less the
# self-assessment, which rates the arbetssätt instead).
REPORTING_KINDS = [
    ("ar", _("Year")),
    ("halvar", _("Half-year")),
    ("tertial", _("Tertial")),
    ("kvartal", _("Quarter")),
]


class IndicatorKind(models.TextChoices):
    ENTERED = "inmatad", _("Entered")
    CALCULATED = "beraknad", _("Calculated")


@dataclass(frozen=True)
class Calculation:
    """The result of a calculated indicator: a number, or why there is none."""

    number: Decimal | None
    status: str  # a ValueStatus
    problem: str = ""  # "zero" (division by zero) or "missing" (a part is not filled in)


class Indicator(ValiditySpan):
    """A nyckeltal reported every period of one series: the periods of its goal's owner of
    one kind (the region's years, a municipality's quarters). It is entered once, in that
    series, and counted once: a report asks only for the indicators of its own period's owner
    and kind (issue 19, item 2)."""

    code = models.CharField(
        _("code"), max_length=30, help_text=_("Unique among the indicators of the goal's owner.")
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices, default=Unit.COUNT)
    goal = models.ForeignKey(
        Goal, verbose_name=_("goal"), on_delete=models.PROTECT, related_name="indicators"
    )
    service_type = models.ForeignKey(
        ServiceType,
        verbose_name=_("service type"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="indicators",
        help_text=_("Leave empty for indicators about the whole centre."),
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=IndicatorKind.choices, default=IndicatorKind.ENTERED
    )
    period_kind = models.CharField(
        _("reported per"),
        max_length=10,
        choices=REPORTING_KINDS,
        default="kvartal",
        help_text=_(
            "The kind of period the indicator is reported in: it is asked for only in the "
            "owner's periods of this kind, so a figure is entered and counted once."
        ),
    )
    numerator = models.ForeignKey(
        "self",
        verbose_name=_("numerator"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": IndicatorKind.ENTERED},
    )
    denominator = models.ForeignKey(
        "self",
        verbose_name=_("denominator"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": IndicatorKind.ENTERED},
    )
    factor = models.DecimalField(
        _("factor"),
        max_digits=10,
        decimal_places=4,
        default=Decimal("1"),
        help_text=_("The quotient is multiplied by this, e.g. 100 for a percentage."),
    )
    minimum = models.DecimalField(
        _("minimum"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    maximum = models.DecimalField(
        _("maximum"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    required = models.BooleanField(
        _("required"),
        default=False,
        help_text=_("A report cannot be submitted without a value or an explicit status."),
    )
    higher_is_better = models.BooleanField(_("higher is better"), default=True)
    counts_children_reached = models.BooleanField(
        _("counts children reached"),
        default=False,
        help_text=_(
            "The figure is the number of children reached in the period (e.g. first visits to "
            "the öppen förskola): summed over a year's periods and divided by the district's "
            "children 0–5, it gives the reach."
        ),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["goal__order", "goal__code", "order", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="inmatad", numerator__isnull=True, denominator__isnull=True)
                | Q(kind="beraknad", numerator__isnull=False, denominator__isnull=False),
                name="followup_indicator_calculated_has_parts",
            ),
            models.CheckConstraint(
                condition=Q(minimum__isnull=True)
                | Q(maximum__isnull=True)
                | Q(maximum__gte=models.F("minimum")),
                name="followup_indicator_valid_range",
            ),
            validity_constraint("indicator"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("followup:indicator-edit", args=[self.pk])

    @property
    def owner(self) -> Municipality | Region | None:
        """An indicator measures a goal and belongs to the goal's owner."""
        return self.goal.owner if self.goal_id else None

    @property
    def is_calculated(self) -> bool:
        return self.kind == IndicatorKind.CALCULATED

    @property
    def is_yes_no(self) -> bool:
        return self.unit == Unit.YES_NO

    @property
    def unit_suffix(self) -> str:
        return UNIT_SUFFIX.get(self.unit, "")

    def display(self, number: Decimal | None, status: str | None = None) -> str:
        """A figure of this indicator as people read it: "12,5 %", "Ja", "Ej aktuellt"."""
        if status and status != ValueStatus.REPORTED:
            return str(ValueStatus(status).label)
        if number is None:
            return ""
        if self.is_yes_no and number in (0, 1):
            return str(_("Yes") if number else _("No"))
        return f"{format_number(number)}{self.unit_suffix}"

    def clean(self) -> None:
        errors = {}
        if self.is_calculated:
            if not self.numerator_id:
                errors["numerator"] = _("A calculated indicator needs a numerator.")
            if not self.denominator_id:
                errors["denominator"] = _("A calculated indicator needs a denominator.")
            for field in ("numerator", "denominator"):
                part = getattr(self, field) if getattr(self, f"{field}_id") else None
                if part is not None and (part.pk == self.pk or part.is_calculated):
                    errors[field] = _("Choose an entered indicator, not a calculated one.")
                elif part is not None and self.goal_id and part.goal.owner != self.goal.owner:
                    errors[field] = _("Choose an indicator of the same owner as the goal.")
                elif part is not None and part.period_kind != self.period_kind:
                    errors[field] = _("Choose an indicator reported in the same kind of period.")
        else:
            if self.numerator_id or self.denominator_id:
                errors["kind"] = _("Only calculated indicators have a numerator and a denominator.")
        if self.minimum is not None and self.maximum is not None and self.maximum < self.minimum:
            errors["maximum"] = _("The maximum cannot be lower than the minimum.")
        errors |= self.clean_validity()
        if self.goal_id and self.code:
            same_owner = Indicator.objects.filter(self.goal.owner_q("goal__"), code=self.code)
            if same_owner.exclude(pk=self.pk).exists():
                errors["code"] = _("The goal's owner already has an indicator with this code.")
        if errors:
            raise ValidationError(errors)

    def calculate(
        self, numerator: tuple[Decimal | None, str], denominator: tuple[Decimal | None, str]
    ) -> Calculation:
        """numerator / denominator × factor from the parts' (number, status).

        A part that is ej aktuellt or uppgift saknas makes the result the same; a zero
        denominator makes it not computable.
        """
        for status in (ValueStatus.NOT_AVAILABLE, ValueStatus.NOT_APPLICABLE):
            if status in (numerator[1], denominator[1]):
                return Calculation(None, status)
        if numerator[0] is None or denominator[0] is None:
            return Calculation(None, ValueStatus.REPORTED, "missing")
        if denominator[0] == 0:
            return Calculation(None, ValueStatus.REPORTED, "zero")
        try:
            result = numerator[0] / denominator[0] * self.factor
        except InvalidOperation:  # pragma: no cover – overflow on absurd input
            return Calculation(None, ValueStatus.REPORTED, "zero")
        return Calculation(result.quantize(Decimal("0.1"), ROUND_HALF_UP), ValueStatus.REPORTED)

    @property
    def is_additive(self) -> bool:
        """Whether figures of several centres or periods add up (counts, hours, kronor), as
        opposed to rates (percentages, calculated ratios) and yes/no answers."""
        return not self.is_calculated and self.unit in (
            Unit.COUNT,
            Unit.HOURS,
            Unit.KRONOR,
            Unit.FTE,
        )

    def target_for(self, year: int, period_kind: str) -> IndicatorTarget | None:
        """The target set for a period of `period_kind` in `year`, or None: a yearly target
        is never the target of a quarter, nor a quarterly one of a year (use
        prefetch_related('targets'))."""
        for target in self.targets.all():
            if target.year == year and target.period_kind == period_kind:
                return target
        return None


class TargetLevel(models.TextChoices):
    CENTRE = "central", _("Per centre")
    DISTRICT = "omrade", _("Per district")
    MUNICIPALITY = "kommun", _("Per municipality")


# How a target's level is said after its figure, and what a total multiplies it by.
LEVEL_UNITS = {
    TargetLevel.CENTRE: (_("per centre"), _("%(count)s centres")),
    TargetLevel.DISTRICT: (_("per district"), _("%(count)s districts")),
    TargetLevel.MUNICIPALITY: (_("per municipality"), _("%(count)s municipalities")),
}
PER_PERIOD = {
    "ar": _("and year"),
    "halvar": _("and half-year"),
    "tertial": _("and tertial"),
    "kvartal": _("and quarter"),
}


@dataclass(frozen=True)
class TargetComparison:
    """A target made comparable with one figure: the figure's own level and span."""

    target: IndicatorTarget
    value: Decimal  # what the figure is held against
    times: int  # the target × this (1 for a rate, or a figure at the target's own level)
    units: str  # "12 centres": what `times` counts, empty when 1 is the target's own level

    @property
    def legend(self) -> str:
        """ "110 per central och kvartal × 12 centraler = 1 320", or "85 % per central och
        kvartal" for a rate."""
        own = self.target.describe()
        if not self.units:
            return own
        return f"{own} × {self.units} = {self.target.indicator.display(self.value)}"


def centre_target(indicator: Indicator, year: int, period_kind: str) -> IndicatorTarget | None:
    """The target one centre's figure for a period of `period_kind` is held against: a rate's
    target, or a count's set per centre; a district's or municipality's count target says
    nothing about one centre."""
    target = indicator.target_for(year, period_kind)
    if target is None or indicator.is_yes_no:
        return None
    if indicator.is_additive and target.level != TargetLevel.CENTRE:
        return None
    return target


class IndicatorTarget(models.Model):
    """A target for one indicator, year and kind of period, set at one level: a count's
    target per centre (each centre's quarter), per district or per municipality. A total is
    compared with the target × the number of units at that level in it; a rate's target holds
    at every level as it is."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="targets"
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000)], help_text=_("e.g. 2026")
    )
    period_kind = models.CharField(
        _("per period"),
        max_length=10,
        choices=REPORTING_KINDS,
        default="kvartal",
        help_text=_("A quarter's target is compared with quarters, a year's with whole years."),
    )
    level = models.CharField(
        _("level"),
        max_length=10,
        choices=TargetLevel.choices,
        default=TargetLevel.CENTRE,
        help_text=_(
            "Whom the target is for: each centre, each district or the whole municipality. A "
            "total of several is compared with the target times their number."
        ),
    )
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "year", "period_kind"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year", "period_kind"],
                name="followup_indicatortarget_one_per_year_and_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.year}: {self.describe()}"

    def describe(self) -> str:
        """ "110 per central och kvartal" """
        per, _units = LEVEL_UNITS[self.level]
        figure = self.indicator.display(self.target)
        return f"{figure} {per} {PER_PERIOD.get(self.period_kind, '')}".strip()

    def compare(
        self, *, centres: int, districts: int = 1, municipalities: int = 1
    ) -> TargetComparison | None:
        """The target for a total of one period of this kind over `centres` centres (in
        `districts` districts and `municipalities` municipalities): a count's target × the
        units at its level; a rate's as it is. None where nothing is comparable: no centre,
        or a yes/no indicator."""
        indicator = self.indicator
        if centres < 1 or indicator.is_yes_no:
            return None
        if not indicator.is_additive:
            return TargetComparison(self, self.target, 1, "")
        count = {
            TargetLevel.CENTRE: centres,
            TargetLevel.DISTRICT: districts,
            TargetLevel.MUNICIPALITY: municipalities,
        }[self.level]
        _per, units = LEVEL_UNITS[self.level]
        return TargetComparison(
            self, self.target * count, count, str(units % {"count": count}) if count != 1 else ""
        )


class PeriodKind(models.TextChoices):
    YEAR = "ar", _("Year")
    HALF_YEAR = "halvar", _("Half-year")
    TERTIAL = "tertial", _("Tertial")
    QUARTER = "kvartal", _("Quarter")
    SELF_ASSESSMENT = "arbetssatt", _("Arbetssätt self-assessment")


# Months per period kind: the number of a period is counted from January.
PERIOD_MONTHS = {
    PeriodKind.YEAR: 12,
    PeriodKind.HALF_YEAR: 6,
    PeriodKind.TERTIAL: 4,
    PeriodKind.QUARTER: 3,
    PeriodKind.SELF_ASSESSMENT: 12,
}


class LastDayOnTime(models.Func):
    """Period.last_day_on_time in the database (`prefix` leads to a period): the deadline
    plus its grace days, so that lists sort by the one due date."""

    output_field = models.DateField()

    def __init__(self, prefix: str = "") -> None:
        super().__init__(models.F(f"{prefix}deadline"), models.F(f"{prefix}grace_days"))

    def as_sql(self, compiler, connection, **extra_context):
        # PostgreSQL: date + integer is the date that many days later.
        extra_context.update(template="(%(expressions)s)", arg_joiner=" + ")
        return super().as_sql(compiler, connection, **extra_context)

    def as_sqlite(self, compiler, connection, **extra_context):
        extra_context.update(template="date(%(expressions)s || ' days')", arg_joiner=", '+' || ")
        return super().as_sql(compiler, connection, **extra_context)


class Period(Owned):
    """A follow-up period of one owner. Every centre of the owner (the municipality's, or all
    the region's) open on some day of it is expected to report."""

    kind = models.CharField(
        _("kind"), max_length=10, choices=PeriodKind.choices, default=PeriodKind.QUARTER
    )
    name = models.CharField(
        _("name"), max_length=100, blank=True, help_text=_('Left empty: e.g. "2026 kvartal 3".')
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    deadline = models.DateField(_("deadline"))
    grace_days = models.PositiveSmallIntegerField(
        _("grace days"),
        default=0,
        help_text=_("Days after the deadline that still count as on time."),
    )
    locked = models.BooleanField(
        _("locked"), default=False, help_text=_("A locked period accepts no changes.")
    )
    early_submission = models.BooleanField(
        _("submission before the end allowed"),
        default=False,
        help_text=_(
            "Reports may be submitted before the period has ended. Otherwise they can be "
            "saved, but submitted only from the day after its last day."
        ),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start", "kind"]
        verbose_name = _("period")
        verbose_name_plural = _("periods")
        constraints = [
            *owner_constraints("period", "kind", "start"),
            span_constraint("followup_period_valid_range", open_start=False, open_end=False),
            models.CheckConstraint(
                condition=Q(deadline__gte=models.F("end")),
                name="followup_period_deadline_after_end",
            ),
        ]

    def __str__(self) -> str:
        return self.name or self.default_name()

    def save(self, *args, **kwargs) -> None:
        if not self.name:
            self.name = self.default_name()
            if "update_fields" in kwargs and kwargs["update_fields"] is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "name"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("followup:period-edit", args=[self.pk])

    def default_name(self) -> str:
        if not self.start:
            return ""
        year = self.start.year
        months = PERIOD_MONTHS.get(self.kind, 12)
        number = (self.start.month - 1) // months + 1
        labels = {
            PeriodKind.YEAR: _("%(year)s"),
            PeriodKind.HALF_YEAR: _("%(year)s half-year %(number)s"),
            PeriodKind.TERTIAL: _("%(year)s tertial %(number)s"),
            PeriodKind.QUARTER: _("%(year)s quarter %(number)s"),
            PeriodKind.SELF_ASSESSMENT: _("Arbetssätt self-assessment %(year)s"),
        }
        return str(
            labels.get(self.kind, labels[PeriodKind.YEAR]) % {"year": year, "number": number}
        )

    @property
    def is_self_assessment(self) -> bool:
        """A yearly self-assessment of the arbetssätt: its reports rate the characteristics
        instead of reporting goals and indicators."""
        return self.kind == PeriodKind.SELF_ASSESSMENT

    @property
    def label(self) -> str:
        """The name with its owner, where periods of several owners are listed together."""
        return f"{self} – {self.owner_label}" if self.owner else str(self)

    def clean(self) -> None:
        self.clean_scope()
        errors = span_errors(self)
        if self.end and self.deadline and self.deadline < self.end:
            errors["deadline"] = _("The deadline cannot be before the end of the period.")
        if self.start and self.kind:
            errors |= self.unique_per_owner(
                "start",
                _("The owner already has a period of this kind starting on this day."),
                kind=self.kind,
                start=self.start,
            )
        if errors:
            raise ValidationError(errors)

    def centres_q(self) -> Q:
        """The centres of the owner: the municipality's, or those of every municipality of the
        region."""
        if self.municipality_id:
            return Q(district__municipality_id=self.municipality_id)
        return Q(district__municipality__region_id=self.region_id)

    def applies_to(self, centre: FamilyCentre) -> bool:
        """Whether the centre reports in this period: its municipality's and its region's."""
        municipality = centre.district.municipality
        return (
            self.municipality_id == municipality.pk
            if self.municipality_id
            else self.region_id == municipality.region_id
        )

    def not_for(self, centre: FamilyCentre) -> str:
        """Why the centre has no report in this period (when `applies_to` says no)."""
        return _(
            "%(centre)s does not report in %(period)s: choose a period of its municipality or "
            "its region."
        ) % {"centre": centre, "period": self.label}

    def sets_q(self, prefix: str = "") -> Q:
        """The goals and indicators a report in this period holds: its owner's, valid on some
        day of it, and for indicators those reported in periods of its kind. A region's shared
        set is reported in the region's periods only, a municipality's own set in its own:
        each figure is entered once and counted once (issue 19, item 2)."""
        return self.owner_q(prefix) & overlapping(
            self.start, self.end, "valid_from", "valid_to", prefix
        )

    def indicators_q(self, prefix: str = "") -> Q:
        """The indicators (`prefix` leads to one) a report in this period asks for."""
        return (
            self.sets_q(f"{prefix}goal__")
            & overlapping(self.start, self.end, "valid_from", "valid_to", prefix)
            & Q(**{f"{prefix}period_kind": self.kind})
        )

    @property
    def last_day_on_time(self) -> datetime.date:
        """The one deadline every page shows and counts by: the deadline plus its grace
        days ("Sista dag")."""
        return self.deadline + datetime.timedelta(days=self.grace_days)

    def on_time(self, first_submitted: datetime.datetime | None) -> bool:
        """Whether a report first submitted at `first_submitted` was on time: by the last day
        on time. A report returned and submitted again keeps its first submission's answer."""
        return first_submitted is not None and (
            timezone.localdate(first_submitted) <= self.last_day_on_time
        )

    def submission_counts(
        self, first_submissions: Iterable[datetime.datetime | None]
    ) -> tuple[int, int]:
        """(submitted, on time) of the period's reports with these first submissions
        (Report.first_submission; None: never submitted). Submitted: first submitted, whatever
        the status now (a returned report counts, and is also shown apart as återskickad); on
        time: first submitted by the last day on time. So submitted ≥ on time, and the
        completeness dashboard, the period list and the inbox print the same two numbers for
        the same period and area (issue 19, item 4)."""
        firsts = [first for first in first_submissions if first is not None]
        return len(firsts), sum(self.on_time(first) for first in firsts)

    def is_late(
        self, first_submitted: datetime.datetime | None, today: datetime.date | None = None
    ) -> bool:
        """Late: first submitted after the last day on time, or not submitted yet and the
        last day on time has passed (`today`). Report.is_late, the dashboards and the inbox
        all ask this."""
        if first_submitted is not None:
            return not self.on_time(first_submitted)
        return self.is_overdue(today)

    def has_ended(self, today: datetime.date | None = None) -> bool:
        return (today or timezone.localdate()) > self.end

    def may_submit(self, today: datetime.date | None = None) -> bool:
        """Reports are submitted once the period has ended, or earlier where allowed."""
        return self.early_submission or self.has_ended(today)

    def expected_centres(self) -> models.QuerySet[FamilyCentre]:
        """The owner's centres open on at least one day of the period, in a district that had
        not ended before it: each must report (issue 19, item 6)."""
        return (
            FamilyCentre.objects.open_between(self.start, self.end)
            .filter(self.centres_q())
            .filter(not_ended_by(self.start, "valid_to", "district__"))
        )

    def expects(self, centre: FamilyCentre) -> bool:
        """Whether `expected_centres` holds the centre (loaded with its district and
        municipality): a page that has the centres already asks without a query per period."""
        return (
            self.applies_to(centre)
            and centre.is_open_between(self.start, self.end)
            and is_in_force(None, centre.district.valid_to, self.start)
        )

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        return (today or timezone.localdate()) > self.last_day_on_time

    def previous(self) -> Period | None:
        """The period of the same kind just before this one."""
        return (
            Period.objects.filter(self.owner_q(), kind=self.kind, start__lt=self.start)
            .order_by("-start")
            .first()
        )


class ReportStatus(models.TextChoices):
    DRAFT = "utkast", _("Draft")
    SUBMITTED = "inlamnad", _("Submitted")
    APPROVED = "godkand", _("Approved")
    RETURNED = "aterskickad", _("Returned")


EDITABLE_STATUSES = (ReportStatus.DRAFT, ReportStatus.RETURNED)
PUBLISHED_STATUSES = (ReportStatus.SUBMITTED, ReportStatus.APPROVED)


class ReportQuerySet(models.QuerySet):
    def published(self) -> ReportQuerySet:
        return self.filter(status__in=PUBLISHED_STATUSES)

    def submitted(self) -> ReportQuerySet:
        """Reports submitted at least once, whatever their status now (Report.is_submitted):
        the one "inlämnade" of the completeness dashboard, the period list and the inbox."""
        return self.filter(Q(first_submitted_at__isnull=False) | Q(submitted_at__isnull=False))

    def of_expected_centres(self) -> ReportQuerySet:
        """Reports of centres their period expects (Period.expected_centres, Period.expects):
        a report of a centre after it closed, or of a district ended before the period, is
        not counted, as the completeness dashboard and the inbox do not count it."""
        start, end = models.F("period__start"), models.F("period__end")
        return self.filter(
            overlapping(start, end, "opened_on", "closed_on", "centre__"),
            not_ended_by(start, "valid_to", "centre__district__"),
        )

    def with_first_submission(self) -> ReportQuerySet:
        """Annotates `first_submitted`, Report.first_submission in the database, for pages
        that read plain rows and count them with Period.submission_counts."""
        return self.annotate(first_submitted=Coalesce("first_submitted_at", "submitted_at"))


class Report(models.Model):
    """One centre's follow-up report for one period: values, goal assessments and the
    barnrättsperspektiv."""

    centre = models.ForeignKey(
        FamilyCentre,
        verbose_name=_("family centre"),
        on_delete=models.PROTECT,
        related_name="reports",
    )
    period = models.ForeignKey(
        Period, verbose_name=_("period"), on_delete=models.PROTECT, related_name="reports"
    )
    district = models.ForeignKey(
        District,
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        related_name="reports",
        help_text=_(
            "The district the centre belonged to when the report was made: a report stays "
            "under it when the centre later moves to a successor district."
        ),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    version = models.PositiveIntegerField(
        _("version"), default=1, help_text=_("Raised by every save, to detect concurrent edits.")
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    first_submitted_at = models.DateTimeField(
        _("first submitted"),
        null=True,
        blank=True,
        help_text=_("Kept when the report is returned and submitted again: it decides on time."),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    returned_at = models.DateTimeField(_("returned"), null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("returned by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    return_reason = models.TextField(_("reason for return"), blank=True, help_text=PRIVACY_HELP)
    articles = models.ManyToManyField(
        ChildRightsArticle,
        verbose_name=_("Barnkonventionen articles the work supported"),
        blank=True,
        related_name="reports",
    )
    children_views_gathered = models.BooleanField(
        _("children's views gathered"), null=True, blank=True
    )
    children_views_how = models.TextField(
        _("how children's views were gathered"), blank=True, help_text=PRIVACY_HELP
    )
    parents_views_gathered = models.BooleanField(
        _("parents' views gathered"), null=True, blank=True
    )
    parents_views_how = models.TextField(
        _("how parents' views were gathered"), blank=True, help_text=PRIVACY_HELP
    )
    development_areas = models.TextField(_("development areas"), blank=True, help_text=PRIVACY_HELP)
    history = HistoricalRecords(m2m_fields=[articles])

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-period__start", "centre__name"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "period"], name="followup_report_one_per_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.centre} – {self.period}"

    def save(self, *args, **kwargs) -> None:
        if self.district_id is None and self.centre_id:
            self.district_id = (
                self.centre.district_id
                if "centre" in self._state.fields_cache
                else FamilyCentre.objects.values_list("district_id", flat=True).get(
                    pk=self.centre_id
                )
            )
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("followup:report-detail", args=[self.pk])

    def clean(self) -> None:
        if self.centre_id and self.period_id and not self.period.applies_to(self.centre):
            raise ValidationError({"period": self.period.not_for(self.centre)})

    @property
    def is_self_assessment(self) -> bool:
        return self.period.is_self_assessment

    @property
    def is_editable(self) -> bool:
        """Draft or returned, in an open period."""
        return self.status in EDITABLE_STATUSES and not self.period.locked

    @property
    def first_submission(self) -> datetime.datetime | None:
        """When the report was first submitted: first_submitted_at, set once by report_submit
        and kept through return and resubmission (migration 0012 filled it from each report's
        history), else submitted_at for a row written without it."""
        return self.first_submitted_at or self.submitted_at

    @property
    def is_submitted(self) -> bool:
        """Submitted at least once, whatever its status now: a returned or reopened report
        still counts among the submitted (ReportQuerySet.submitted, Period.submission_counts).
        """
        return self.first_submission is not None

    @property
    def is_late(self) -> bool:
        """First submitted after the period's last day on time, or not yet submitted past it
        (Period.on_time: the rule every page uses)."""
        return self.period.is_late(self.first_submission)


class ValueStatus(models.TextChoices):
    REPORTED = "rapporterad", _("Reported")
    NOT_APPLICABLE = "ej-aktuellt", _("Ej aktuellt")
    NOT_AVAILABLE = "uppgift-saknas", _("Uppgift saknas")


class Value(models.Model):
    """One indicator's figure in one report. Ej aktuellt / uppgift saknas are not zero."""

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="values"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="values"
    )
    number = models.DecimalField(_("value"), max_digits=14, decimal_places=2, null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=15, choices=ValueStatus.choices, default=ValueStatus.REPORTED
    )
    comment = models.TextField(_("comment"), blank=True, help_text=PRIVACY_HELP)
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator__goal__order", "indicator__order", "indicator__code"]
        verbose_name = _("value")
        verbose_name_plural = _("values")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "indicator"], name="followup_value_one_per_indicator"
            ),
            models.CheckConstraint(
                condition=Q(status="rapporterad") | Q(number__isnull=True),
                name="followup_value_number_only_when_reported",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code}: {self.display}"

    @property
    def display(self) -> str:
        return self.indicator.display(self.number, self.status)


def format_number(number: Decimal | None) -> str:
    """Swedish notation without thousand separators: 12,5 — as typed in the form."""
    if number is None:
        return ""
    text = f"{number.normalize():f}"
    return text.replace(".", ",")


class GoalStatus(models.TextChoices):
    MET = "uppfyllt", _("Uppfyllt")
    PARTLY = "delvis", _("Delvis uppfyllt")
    NOT_MET = "ej-uppfyllt", _("Ej uppfyllt")
    NOT_ASSESSED = "ej-bedomt", _("Ej bedömt")


class GoalAssessment(models.Model):
    """The centre's own assessment of one goal for the period (traffic light + analysis)."""

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="assessments"
    )
    goal = models.ForeignKey(
        Goal, verbose_name=_("goal"), on_delete=models.PROTECT, related_name="assessments"
    )
    status = models.CharField(
        _("assessment"),
        max_length=12,
        choices=GoalStatus.choices,
        default=GoalStatus.NOT_ASSESSED,
    )
    analysis = models.TextField(_("analysis"), blank=True, help_text=PRIVACY_HELP)
    next_steps = models.TextField(_("next steps"), blank=True, help_text=PRIVACY_HELP)
    history = HistoricalRecords()

    class Meta:
        ordering = ["goal__order", "goal__code"]
        verbose_name = _("goal assessment")
        verbose_name_plural = _("goal assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "goal"], name="followup_goalassessment_one_per_goal"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.goal}: {self.get_status_display()}"


class Characteristic(models.Model):
    """One of the six characteristics of familjecentrerat arbetssätt (the definition agreed by
    Temagrupp Barn och Unga in 2013) that a centre's team rates itself on once a year."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("characteristic of the arbetssätt")
        verbose_name_plural = _("characteristics of the arbetssätt")

    def __str__(self) -> str:
        return self.name


class Score(models.IntegerChoices):
    NOT_AT_ALL = 1, _("1 – Not at all")
    PARTLY = 2, _("2 – Partly")
    LARGELY = 3, _("3 – Largely")
    FULLY = 4, _("4 – Fully")


class Rating(models.Model):
    """A centre's rating of one characteristic in its self-assessment (a report in a
    self-assessment period): a score 1–4, a short comment and one planned improvement."""

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="ratings"
    )
    characteristic = models.ForeignKey(
        Characteristic,
        verbose_name=_("characteristic"),
        on_delete=models.PROTECT,
        related_name="ratings",
    )
    score = models.PositiveSmallIntegerField(
        _("score"), choices=Score.choices, null=True, blank=True
    )
    comment = models.CharField(_("comment"), max_length=500, blank=True, help_text=PRIVACY_HELP)
    improvement = models.CharField(
        _("planned improvement"), max_length=500, blank=True, help_text=PRIVACY_HELP
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["characteristic__number"]
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "characteristic"], name="followup_rating_one_per_characteristic"
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=1, score__lte=4),
                name="followup_rating_score_1_to_4",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.characteristic}: {self.score or '–'}"


class ReportAction(models.TextChoices):
    CREATED = "skapad", _("Created")
    SAVED = "sparad", _("Saved")
    SUBMITTED = "inlamnad", _("Submitted")
    RETURNED = "aterskickad", _("Returned")
    APPROVED = "godkand", _("Approved")
    REOPENED = "oppnad", _("Reopened")


class ReportEvent(models.Model):
    """Who did what to a report and when; saves list the fields they changed."""

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="events"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=12, choices=ReportAction.choices)
    from_status = models.CharField(
        _("from status"), max_length=12, choices=ReportStatus.choices, blank=True
    )
    to_status = models.CharField(
        _("to status"), max_length=12, choices=ReportStatus.choices, blank=True
    )
    reason = models.TextField(_("reason"), blank=True, help_text=PRIVACY_HELP)
    changes = models.JSONField(
        _("changes"),
        default=list,
        blank=True,
        help_text=_('A list of {"field", "old", "new"} for the fields a save changed.'),
    )
    created_at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("report event")
        verbose_name_plural = _("report events")

    def __str__(self) -> str:
        return f"{self.report}: {self.get_action_display()}"


def field_key(kind: str, pk: int) -> str:
    """The form field name for one part of a report, shared by the form and the services so a
    rule broken on submit is shown next to its field: number_12, status_12, goal_analysis_3."""
    return f"{kind}_{pk}"
