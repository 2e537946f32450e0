"""The register: regions, municipalities, districts, family centres and what runs in them."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Count, Exists, F, Func, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from familjecentral.spans import (
    clean_span,
    in_force_on,
    is_in_force,
    overlapping,
    span_constraint,
)


class Principal(models.TextChoices):
    """Huvudman: who runs a service. Also the two parties of every agreement."""

    REGION = "region", _("Region")
    MUNICIPALITY = "kommun", _("Municipality")


class Region(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    code = models.CharField(
        _("region code"),
        max_length=2,
        unique=True,
        validators=[RegexValidator(r"^\d{2}$", _("The region code is two digits."))],
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name


def _count(queryset: models.QuerySet) -> Coalesce:
    """The number of rows of a correlated subquery, as an annotation (0 when there are none).

    COUNT as a plain function rather than an aggregate keeps Django from adding a GROUP BY.
    """
    counted = queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Coalesce(Subquery(counted, output_field=models.IntegerField()), 0)


class MunicipalityQuerySet(models.QuerySet):
    def with_coverage(self, on: datetime.date | None = None) -> MunicipalityQuerySet:
        """Annotate active districts, open centres by classification and districts that lack a
        familjecentral (rule 2 of DESIGN.md)."""
        on = on or timezone.localdate()
        districts = District.objects.active_on(on).filter(municipality=OuterRef("pk"))
        centres = (
            FamilyCentre.objects.open_on(on)
            .with_classification(on)
            .filter(district__municipality=OuterRef("pk"))
        )
        return self.annotate(
            district_count=_count(districts),
            unmet_district_count=_count(
                districts.with_familjecentral_count(on).filter(familjecentral_count=0)
            ),
            centre_count=_count(centres),
            familjecentral_count=_count(
                centres.filter(classification=Classification.FAMILJECENTRAL)
            ),
            liknande_count=_count(centres.filter(classification=Classification.LIKNANDE)),
        )


class Municipality(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    code = models.CharField(
        _("municipality code"),
        max_length=4,
        unique=True,
        help_text=_("Four digits, e.g. 1480 for Göteborg."),
        validators=[RegexValidator(r"^\d{4}$", _("The municipality code is four digits."))],
    )
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="municipalities"
    )
    history = HistoricalRecords()

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("centres:municipality-detail", args=[self.pk])


class DistrictQuerySet(models.QuerySet):
    def active_on(self, on: datetime.date) -> DistrictQuerySet:
        return self.filter(in_force_on(on, "valid_from", "valid_to"))

    def with_coverage(self, on: datetime.date | None = None) -> DistrictQuerySet:
        """Annotate the district's open centres, and how many are familjecentraler or
        familjecentralsliknande verksamheter."""
        on = on or timezone.localdate()
        centres = (
            FamilyCentre.objects.open_on(on).with_classification(on).filter(district=OuterRef("pk"))
        )
        return self.with_familjecentral_count(on).annotate(
            centre_count=_count(centres),
            liknande_count=_count(centres.filter(classification=Classification.LIKNANDE)),
        )

    def with_familjecentral_count(self, on: datetime.date | None = None) -> DistrictQuerySet:
        """Annotate how many open centres of the district are full familjecentraler."""
        on = on or timezone.localdate()
        full = (
            FamilyCentre.objects.open_on(on)
            .with_classification(on)
            .filter(district=OuterRef("pk"), classification=Classification.FAMILJECENTRAL)
            .order_by()
            .values("district")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(familjecentral_count=Coalesce(Subquery(full), 0))


class District(models.Model):
    """A stadsdel or område. Districts are reorganised over time, hence validity and successor."""

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="districts",
    )
    name = models.CharField(_("name"), max_length=200)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("successor"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="predecessors",
        help_text=_("The district that took over when this one was dissolved."),
    )
    child_population = models.PositiveIntegerField(
        _("children 0–5 years"),
        null=True,
        blank=True,
        help_text=_("Number of children aged 0–5 living in the district, for measuring reach."),
    )
    history = HistoricalRecords()

    objects = DistrictQuerySet.as_manager()

    class Meta:
        ordering = ["municipality__name", "name"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="centres_district_unique_name"
            ),
            span_constraint("centres_district_valid_range", "valid_from", "valid_to"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("centres:district-detail", args=[self.pk])

    def clean(self) -> None:
        clean_span(self, "valid_from", "valid_to")
        if self.successor_id and self.successor_id == self.pk:
            raise ValidationError({"successor": _("A district cannot succeed itself.")})

    def is_active_between(self, start: datetime.date, end: datetime.date) -> bool:
        """Active on at least one day of [start, end]."""
        return is_in_force(self.valid_from, self.valid_to, start, end)

    def is_active_on(self, on: datetime.date) -> bool:
        return is_in_force(self.valid_from, self.valid_to, on)

    @property
    def is_active(self) -> bool:
        return self.is_active_on(timezone.localdate())


class Profession(models.Model):
    """A profession staffing is counted in: barnmorska, BVC-sjuksköterska, förskollärare, …"""

    name = models.CharField(_("name"), max_length=100, unique=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("profession")
        verbose_name_plural = _("professions")

    def __str__(self) -> str:
        return self.name


class ServiceType(models.Model):
    """A kind of service on a centre. The four basverksamheter are marked `is_core`."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    principal = models.CharField(
        _("principal"), max_length=10, choices=Principal.choices, default=Principal.MUNICIPALITY
    )
    is_core = models.BooleanField(
        _("core service"),
        default=False,
        help_text=_("One of the basverksamheter every familjecentral must have co-located."),
    )
    is_child_health = models.BooleanField(
        _("child health care"),
        default=False,
        help_text=_(
            "Barnhälsovård (BVC): together with a municipal core service it makes a "
            "familjecentralsliknande verksamhet."
        ),
    )
    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-is_core", "name"]
        verbose_name = _("service type")
        verbose_name_plural = _("service types")

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        return self.short_name or self.name


class MethodLabel(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("method label")
        verbose_name_plural = _("method labels")

    def __str__(self) -> str:
        return self.name


class EvidenceLevel(models.TextChoices):
    EVIDENCE_BASED = "evidens", _("Evidence-based")
    PROMISING = "lovande", _("Research-based or promising")
    DEVELOPING = "utveckling", _("Under development, evidence lacking")
    UNKNOWN = "okand", _("Not assessed")


class Method(models.Model):
    """A method or way of working from the catalogue, e.g. familjeorienterat arbetssätt."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    summary = models.TextField(_("summary"), blank=True)
    target_group = models.CharField(_("target group"), max_length=300, blank=True)
    evidence_level = models.CharField(
        _("evidence level"),
        max_length=12,
        choices=EvidenceLevel.choices,
        default=EvidenceLevel.UNKNOWN,
    )
    labels = models.ManyToManyField(
        MethodLabel, verbose_name=_("labels"), blank=True, related_name="methods"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("method")
        verbose_name_plural = _("methods")

    def __str__(self) -> str:
        return self.name


class Classification(models.TextChoices):
    FAMILJECENTRAL = "familjecentral", _("Familjecentral")
    LIKNANDE = "liknande", _("Familjecentralsliknande verksamhet")
    NEITHER = "ingen", _("Neither")


@dataclass(frozen=True)
class ClassificationResult:
    classification: str
    missing: list[ServiceType]

    @property
    def label(self) -> str:
        return Classification(self.classification).label

    @property
    def value(self) -> str:
        return Classification(self.classification).value

    @property
    def missing_names(self) -> str:
        """The missing basverksamheter, for "Saknas: Mödrahälsovård, Öppen förskola"."""
        return ", ".join(t.name for t in self.missing)


def classify(colocated: set[int], core_types: list[ServiceType]) -> ClassificationResult:
    """The rule from DESIGN.md, on the ids of the service types a centre has co-located now.

    A familjecentral has every core service co-located. A familjecentralsliknande verksamhet has
    child health care (BVC) co-located with at least one municipal core service.
    """
    missing = [t for t in core_types if t.pk not in colocated]
    if core_types and not missing:
        return ClassificationResult(Classification.FAMILJECENTRAL, missing)
    has_bvc = any(t.is_child_health and t.pk in colocated for t in core_types)
    has_municipal = any(
        t.principal == Principal.MUNICIPALITY and t.pk in colocated for t in core_types
    )
    if has_bvc and has_municipal:
        return ClassificationResult(Classification.LIKNANDE, missing)
    return ClassificationResult(Classification.NEITHER, missing)


class DistrictPopulation(models.Model):
    """The number of children aged 0–5 living in a district in a year (from the municipality's
    or SCB's statistics): the denominator of reach."""

    district = models.ForeignKey(
        District,
        verbose_name=_("district"),
        on_delete=models.CASCADE,
        related_name="populations",
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000)], help_text=_("e.g. 2026")
    )
    children = models.PositiveIntegerField(_("children 0–5 years"))
    source = models.CharField(
        _("source"), max_length=200, blank=True, help_text=_("E.g. SCB, 31 December 2025.")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["district__municipality__name", "district__name", "-year"]
        verbose_name = _("child population")
        verbose_name_plural = _("child population")
        constraints = [
            models.UniqueConstraint(
                fields=["district", "year"], name="centres_districtpopulation_one_per_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.district} {self.year}: {self.children}"


class OpenQuerySet(models.QuerySet):
    """Places with `opened_on` and `closed_on`: centres and öppna mötesplatser."""

    def open_on(self, on: datetime.date) -> OpenQuerySet:
        return self.open_between(on, on)

    def open_between(self, start: datetime.date, end: datetime.date) -> OpenQuerySet:
        """Open on at least one day of [start, end]."""
        return self.filter(overlapping(start, end, "opened_on", "closed_on"))


class OpenDates:
    """`OpenQuerySet`'s rule for one place already loaded."""

    def is_open_on(self, on: datetime.date) -> bool:
        return self.is_open_between(on, on)

    def is_open_between(self, start: datetime.date, end: datetime.date) -> bool:
        """Open on at least one day of [start, end], as `open_between()` in the database."""
        return is_in_force(self.opened_on, self.closed_on, start, end)


class FamilyCentreQuerySet(OpenQuerySet):
    def with_classification(self, on: datetime.date | None = None) -> FamilyCentreQuerySet:
        """Annotate `classification` in the database, by the same rule as `classify()`."""
        on = on or timezone.localdate()
        colocated = CentreService.objects.active_on(on).filter(
            centre=OuterRef("pk"), co_located=True, service_type__is_core=True
        )
        core = ServiceType.objects.filter(is_core=True)
        core_missing = core.exclude(
            Exists(
                CentreService.objects.active_on(on).filter(
                    centre=OuterRef(OuterRef("pk")), service_type=OuterRef("pk"), co_located=True
                )
            )
        )
        return self.annotate(
            classification=models.Case(
                models.When(
                    Exists(core) & ~Exists(core_missing),
                    then=models.Value(Classification.FAMILJECENTRAL.value),
                ),
                models.When(
                    Exists(colocated.filter(service_type__is_child_health=True))
                    & Exists(colocated.filter(service_type__principal=Principal.MUNICIPALITY)),
                    then=models.Value(Classification.LIKNANDE.value),
                ),
                default=models.Value(Classification.NEITHER.value),
                output_field=models.CharField(),
            )
        )


def _address(place) -> str:
    """Street, postal code and city of a centre or meeting place, as one line."""
    town = " ".join(p for p in [place.postal_code, place.city] if p)
    return ", ".join(p for p in [place.street_address, town] if p)


def year_before(day: datetime.date) -> datetime.date:
    """The same day a year earlier (28 February for 29 February)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def stale_before(on: datetime.date) -> datetime.date:
    """Facts confirmed on or before this day are twelve months old on `on`."""
    return year_before(on)


class FamilyCentre(OpenDates, models.Model):
    district = models.ForeignKey(
        District, verbose_name=_("district"), on_delete=models.PROTECT, related_name="centres"
    )
    name = models.CharField(_("name"), max_length=200)
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    postal_code = models.CharField(
        _("postal code"),
        max_length=6,
        blank=True,
        validators=[RegexValidator(r"^\d{3} ?\d{2}$", _("Enter a postal code like 415 05."))],
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("Do not enter personal details about families or children."),
    )
    opening_hours = models.TextField(
        _("opening hours of the öppen förskola"),
        blank=True,
        help_text=_("E.g. Mon–Thu 9–12, Fri closed. One line per day or group of days."),
    )
    opened_on = models.DateField(_("opened on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    facts_confirmed_on = models.DateField(
        _("facts confirmed on"),
        null=True,
        blank=True,
        help_text=_("The day someone who keeps the centre's facts said they are still right."),
    )
    facts_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("facts confirmed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    methods = models.ManyToManyField(
        Method, verbose_name=_("methods"), blank=True, related_name="centres"
    )
    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)
    history = HistoricalRecords(m2m_fields=[methods])

    objects = FamilyCentreQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("family centre")
        verbose_name_plural = _("family centres")
        constraints = [
            models.UniqueConstraint(fields=["district", "name"], name="centres_centre_unique_name"),
            span_constraint("centres_centre_open_range", "opened_on", "closed_on"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("centres:centre-detail", args=[self.pk])

    def facts_are_stale(self, on: datetime.date | None = None) -> bool:
        """Not confirmed (or edited in the portal) for twelve months, or never."""
        on = on or timezone.localdate()
        return self.facts_confirmed_on is None or self.facts_confirmed_on <= stale_before(on)

    def clean(self) -> None:
        clean_span(
            self,
            "opened_on",
            "closed_on",
            _("The closing date cannot be before the opening date."),
        )

    @property
    def is_open(self) -> bool:
        return self.is_open_on(timezone.localdate())

    def classify(
        self, on: datetime.date | None = None, core_types: list[ServiceType] | None = None
    ) -> ClassificationResult:
        """Classification from the centre's services (use prefetch_related('services'))."""
        on = on or timezone.localdate()
        if core_types is None:
            core_types = list(ServiceType.objects.filter(is_core=True))
        colocated = {
            s.service_type_id for s in self.services.all() if s.co_located and s.is_active_on(on)
        }
        return classify(colocated, core_types)

    @property
    def address(self) -> str:
        return _address(self)


class CentreServiceQuerySet(models.QuerySet):
    def active_on(self, on: datetime.date) -> CentreServiceQuerySet:
        return self.filter(in_force_on(on, "started_on", "ended_on"))


class CentreService(models.Model):
    """A service type run on (or with) a centre, by a provider, with its staffing."""

    centre = models.ForeignKey(
        FamilyCentre,
        verbose_name=_("family centre"),
        on_delete=models.CASCADE,
        related_name="services",
    )
    service_type = models.ForeignKey(
        ServiceType,
        verbose_name=_("service type"),
        on_delete=models.PROTECT,
        related_name="centre_services",
    )
    provider = models.CharField(
        _("provider"),
        max_length=200,
        blank=True,
        help_text=_("The unit or organisation that runs the service."),
    )
    co_located = models.BooleanField(
        _("co-located"), default=True, help_text=_("The service is run on the centre's premises.")
    )
    started_on = models.DateField(_("from"), null=True, blank=True)
    ended_on = models.DateField(_("to"), null=True, blank=True)
    history = HistoricalRecords()

    objects = CentreServiceQuerySet.as_manager()

    class Meta:
        ordering = ["-service_type__is_core", "service_type__name", "started_on"]
        verbose_name = _("service on the centre")
        verbose_name_plural = _("services on the centre")
        constraints = [
            span_constraint("centres_centreservice_date_range", "started_on", "ended_on"),
        ]

    def __str__(self) -> str:
        return f"{self.service_type} – {self.centre}"

    def clean(self) -> None:
        clean_span(self, "started_on", "ended_on")

    def is_active_between(self, start: datetime.date, end: datetime.date) -> bool:
        """Active on at least one day of [start, end]."""
        return is_in_force(self.started_on, self.ended_on, start, end)

    def is_active_on(self, on: datetime.date) -> bool:
        return is_in_force(self.started_on, self.ended_on, on)

    @property
    def is_active(self) -> bool:
        return self.is_active_on(timezone.localdate())

    @property
    def total_fte(self) -> Decimal:
        return sum((s.fte for s in self.staffing.all()), Decimal("0"))


class Staffing(models.Model):
    """Full-time equivalents of one profession in one service on a centre."""

    centre_service = models.ForeignKey(
        CentreService,
        verbose_name=_("service"),
        on_delete=models.CASCADE,
        related_name="staffing",
    )
    profession = models.ForeignKey(
        Profession, verbose_name=_("profession"), on_delete=models.PROTECT, related_name="+"
    )
    fte = models.DecimalField(
        _("FTE"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Full-time equivalents, e.g. 0.5."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["profession__name"]
        verbose_name = _("staffing")
        verbose_name_plural = _("staffing")
        constraints = [
            models.UniqueConstraint(
                fields=["centre_service", "profession"], name="centres_staffing_one_per_profession"
            ),
            models.CheckConstraint(condition=Q(fte__gte=0), name="centres_staffing_fte_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.profession}: {self.fte}"


class MeetingPlaceKind(models.TextChoices):
    OPEN_PRESCHOOL = "oppen-forskola", _("Öppen förskola outside a family centre")
    OTHER = "motesplats", _("Other öppen mötesplats")


class MeetingPlace(OpenDates, models.Model):
    """An öppen förskola outside a familjecentral or another öppen mötesplats: part of a
    district's offer ("en av grunderna i organiseringen"), never expected to report."""

    district = models.ForeignKey(
        District,
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        related_name="meeting_places",
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=MeetingPlaceKind.choices)
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    postal_code = models.CharField(
        _("postal code"),
        max_length=6,
        blank=True,
        validators=[RegexValidator(r"^\d{3} ?\d{2}$", _("Enter a postal code like 415 05."))],
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    provider = models.CharField(
        _("provider"), max_length=200, blank=True, help_text=_("Who runs it, e.g. Svenska kyrkan.")
    )
    opening_hours = models.TextField(_("opening hours"), blank=True)
    opened_on = models.DateField(_("from"), null=True, blank=True)
    closed_on = models.DateField(_("to"), null=True, blank=True)
    history = HistoricalRecords()

    objects = OpenQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("öppen mötesplats")
        verbose_name_plural = _("öppna mötesplatser")
        constraints = [
            models.UniqueConstraint(
                fields=["district", "name"], name="centres_meetingplace_unique_name"
            ),
            span_constraint("centres_meetingplace_open_range", "opened_on", "closed_on"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("centres:meeting-place-detail", args=[self.pk])

    def clean(self) -> None:
        clean_span(self, "opened_on", "closed_on")

    @property
    def address(self) -> str:
        return _address(self)
