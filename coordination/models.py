"""People and governance: who coordinates what, steering groups, meetings, agreements, costs."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from centres.models import District, FamilyCentre, Municipality, Principal, Profession, Region
from familjecentral.spans import (
    begun_by,
    clean_span,
    in_force_on,
    is_in_force,
    span_constraint,
    span_errors,
)


class Role(models.TextChoices):
    SAMORDNARE = "samordnare", _("Samordnare")
    PROCESSLEDARE = "processledare", _("Processledare / FCA-koordinator")
    KOORDINATOR = "koordinator", _("Övergripande koordinator")
    CHEF = "chef", _("Chef / styrgruppsledamot")
    REGIONAL_KOORDINATOR = "regionkoordinator", _("Regional koordinator")


# Which scope each role is given for. The chef role reads a district or a whole municipality;
# the regional koordinator sets up the region's shared follow-up and reads the whole region.
ROLE_SCOPES: dict[str, set[str]] = {
    Role.SAMORDNARE: {"centre"},
    Role.PROCESSLEDARE: {"district"},
    Role.KOORDINATOR: {"municipality"},
    Role.CHEF: {"district", "municipality"},
    Role.REGIONAL_KOORDINATOR: {"region"},
}
ASSIGNMENT_SCOPES = ("centre", "district", "municipality", "region")


def scope_kind(scope: FamilyCentre | District | Municipality | Region) -> str:
    """The name of the key that holds `scope`: "centre", "district", "municipality", "region"."""
    return {
        FamilyCentre: "centre",
        District: "district",
        Municipality: "municipality",
        Region: "region",
    }[type(scope)]


EDITING_ROLES = (Role.SAMORDNARE, Role.PROCESSLEDARE, Role.KOORDINATOR)
REVIEWING_ROLES = (Role.PROCESSLEDARE, Role.KOORDINATOR)


def one_scope_constraint(kinds: tuple[str, ...], name: str) -> models.CheckConstraint:
    """Exactly one of the scope foreign keys `kinds` is set."""
    condition = Q()
    for kind in kinds:
        condition |= Q(**{f"{k}__isnull": k != kind for k in kinds})
    return models.CheckConstraint(condition=condition, name=name)


class OneScope(models.Model):
    """What an object is for: exactly one of its foreign keys `SCOPE_KINDS` is set. A model
    names the keys and the error of `clean_scope()`, and puts `one_scope_constraint()` in its
    Meta; the scope forms (coordination.forms.ScopedForm) offer the keys as one "scope"."""

    SCOPE_KINDS: ClassVar[tuple[str, ...]]
    SCOPE_MESSAGE: ClassVar[str]

    class Meta:
        abstract = True

    @property
    def scope_kind(self) -> str | None:
        """The name of the key that is set, e.g. "district"."""
        return next((k for k in self.SCOPE_KINDS if getattr(self, f"{k}_id")), None)

    @property
    def scope(self) -> models.Model | None:
        kind = self.scope_kind
        return getattr(self, kind) if kind else None

    def clean_scope(self) -> None:
        if sum(1 for k in self.SCOPE_KINDS if getattr(self, f"{k}_id")) != 1:
            raise ValidationError(self.SCOPE_MESSAGE, code="scope")


class AssignmentQuerySet(models.QuerySet):
    def active(self, on: datetime.date | None = None) -> AssignmentQuerySet:
        return self.filter(in_force_on(on or timezone.localdate(), "valid_from", "valid_to"))


class Assignment(OneScope):
    """A user's role over a scope (one centre, district, municipality or region) for a period
    of time."""

    SCOPE_KINDS = ASSIGNMENT_SCOPES
    SCOPE_MESSAGE = _(
        "Choose exactly one scope: a family centre, a district, a municipality or a region."
    )

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    party = models.CharField(
        _("party"),
        max_length=10,
        choices=Principal.choices,
        help_text=_("The organisation that employs the user for this assignment."),
    )
    centre = models.ForeignKey(
        FamilyCentre,
        verbose_name=_("family centre"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="assignments",
    )
    district = models.ForeignKey(
        District,
        verbose_name=_("district"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="assignments",
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="assignments",
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="assignments",
    )
    valid_from = models.DateField(_("valid from"), default=timezone.localdate)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    history = HistoricalRecords()

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["user__last_name", "user__first_name", "role", "valid_from"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            one_scope_constraint(ASSIGNMENT_SCOPES, "coordination_assignment_one_scope"),
            span_constraint(
                "coordination_assignment_valid_range", "valid_from", "valid_to", open_start=False
            ),
        ]

    def __str__(self) -> str:
        name = self.user.get_full_name() or self.user.get_username()
        return f"{name}: {self.get_role_display()}, {self.scope}"

    def clean(self) -> None:
        self.clean_scope()
        kind = self.scope_kind
        if self.role and kind not in ROLE_SCOPES[self.role]:
            raise ValidationError({kind: _("This role cannot be given for this kind of scope.")})
        clean_span(self, "valid_from", "valid_to")

    def is_active_on(self, on: datetime.date) -> bool:
        return is_in_force(self.valid_from, self.valid_to, on)

    @property
    def is_active(self) -> bool:
        return self.is_active_on(timezone.localdate())


# The reminder on every free-text field (DESIGN.md, privacy by design); followup uses it too.
PRIVACY_HELP = _("Do not enter personal details about families or children.")
PDF_MAX_BYTES = 10 * 1024 * 1024
EXPIRY_WARNING_DAYS = 90


def validate_pdf(upload) -> None:
    """An agreement document must be a PDF (by extension and content) of at most 10 MB."""
    name = getattr(upload, "name", "") or ""
    if not name.lower().endswith(".pdf"):
        raise ValidationError(_("The file must be a PDF document."), code="pdf_extension")
    if upload.size is not None and upload.size > PDF_MAX_BYTES:
        raise ValidationError(_("The file is too large: at most 10 MB is allowed."), code="size")
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(5)
    upload.seek(position)
    if head[:4] != b"%PDF":
        raise ValidationError(
            _("The file is not a PDF document: its content is not PDF."), code="pdf_content"
        )


class DistrictOrMunicipalityScoped(OneScope):
    """A district or a municipality: the scope of an agreement or a training event."""

    SCOPE_KINDS = ("district", "municipality")
    SCOPE_MESSAGE = _("Choose exactly one scope: a district or a municipality.")

    district = models.ForeignKey(
        District,
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="%(class)s_set",
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="%(class)s_set",
    )

    class Meta:
        abstract = True

    @property
    def scope_municipality(self) -> Municipality | None:
        scope = self.scope
        if isinstance(scope, FamilyCentre):
            return scope.district.municipality
        if isinstance(scope, District):
            return scope.municipality
        return scope

    def clean(self) -> None:
        self.clean_scope()


class Scoped(DistrictOrMunicipalityScoped):
    """A family centre, a district or a municipality: the scope of a steering group or meeting."""

    SCOPE_KINDS = ("centre", "district", "municipality")
    SCOPE_MESSAGE = _("Choose exactly one scope: a family centre, a district or a municipality.")

    centre = models.ForeignKey(
        FamilyCentre,
        verbose_name=_("family centre"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="%(class)s_set",
    )

    class Meta:
        abstract = True


class SteeringGroup(Scoped):
    """A styrgrupp. Rule 3 of DESIGN.md: members from both kommun and region (partsammansatt)."""

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True, help_text=PRIVACY_HELP)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("steering group")
        verbose_name_plural = _("steering groups")
        constraints = [
            one_scope_constraint(Scoped.SCOPE_KINDS, "coordination_steeringgroup_one_scope"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("coordination:steering-group-detail", args=[self.pk])

    @property
    def parties(self) -> set[str]:
        """The parties among the members; uses prefetched members when there are some."""
        return {m.party for m in self.members.all()}

    @property
    def is_partsammansatt(self) -> bool:
        return {Principal.REGION, Principal.MUNICIPALITY} <= self.parties

    @property
    def missing_parties(self) -> list[str]:
        return [p.label for p in Principal if p not in self.parties]


class SteeringGroupMember(models.Model):
    """A member: a portal user, or a named person without an account."""

    group = models.ForeignKey(
        SteeringGroup,
        verbose_name=_("steering group"),
        on_delete=models.CASCADE,
        related_name="members",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="steering_group_memberships",
    )
    name = models.CharField(
        _("name"), max_length=200, blank=True, help_text=_("For members without a user account.")
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    party = models.CharField(_("party"), max_length=10, choices=Principal.choices)
    history = HistoricalRecords()

    class Meta:
        ordering = ["party", "name", "pk"]
        verbose_name = _("steering group member")
        verbose_name_plural = _("steering group members")
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False) | ~Q(name=""),
                name="coordination_steeringgroupmember_user_or_name",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.user_id:
            return self.user.get_full_name() or self.user.get_username()
        return self.name

    def clean(self) -> None:
        if not self.user_id and not self.name.strip():
            raise ValidationError({"name": _("Choose a user or enter the member's name.")})


class MeetingKind(models.TextChoices):
    STEERING_GROUP = "styrgrupp", _("Steering group meeting")
    NETWORK = "natverk", _("Network of koordinatorer and samordnare")
    WORKING_GROUP = "arbetsgrupp", _("Working group")
    DIALOGUE = "dialog", _("Yearly dialogue between the parties")


class Meeting(Scoped):
    kind = models.CharField(_("kind of meeting"), max_length=20, choices=MeetingKind.choices)
    steering_group = models.ForeignKey(
        SteeringGroup,
        verbose_name=_("steering group"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    date = models.DateField(_("date"))
    participants = models.TextField(
        _("participants"),
        blank=True,
        help_text=format_lazy(
            "{} {}", _("Staff present, e.g. roles and organisations."), PRIVACY_HELP
        ),
    )
    participants_municipality = models.PositiveIntegerField(
        _("participants from the municipality"), null=True, blank=True
    )
    participants_region = models.PositiveIntegerField(
        _("participants from the region"), null=True, blank=True
    )
    agenda = models.TextField(_("agenda"), blank=True, help_text=PRIVACY_HELP)
    minutes = models.TextField(_("minutes"), blank=True, help_text=PRIVACY_HELP)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            one_scope_constraint(Scoped.SCOPE_KINDS, "coordination_meeting_one_scope"),
        ]

    def __str__(self) -> str:
        return f"{self.heading} {self.date:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("coordination:meeting-detail", args=[self.pk])

    @property
    def heading(self) -> str:
        return (
            self.title
            or (self.steering_group.name if self.steering_group_id else "")
            or str(self.get_kind_display())
        )

    def clean(self) -> None:
        super().clean()
        if self.kind == MeetingKind.STEERING_GROUP and not self.steering_group_id:
            raise ValidationError(
                {"steering_group": _("Choose the steering group that met.")}, code="required"
            )


class DecisionStatus(models.TextChoices):
    OPEN = "oppen", _("Open")
    DONE = "klar", _("Done")
    CANCELLED = "struken", _("Cancelled")


class DecisionQuerySet(models.QuerySet):
    def overdue(self, on: datetime.date | None = None) -> DecisionQuerySet:
        on = on or timezone.localdate()
        return self.filter(status=DecisionStatus.OPEN, due_date__lt=on)


class Decision(models.Model):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="decisions"
    )
    text = models.TextField(_("decision"), help_text=PRIVACY_HELP)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=DecisionStatus.choices, default=DecisionStatus.OPEN
    )
    history = HistoricalRecords()

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return self.text if len(self.text) <= 60 else f"{self.text[:59]}…"

    def get_absolute_url(self) -> str:
        return self.meeting.get_absolute_url()

    def is_overdue_on(self, on: datetime.date) -> bool:
        return (
            self.status == DecisionStatus.OPEN and self.due_date is not None and self.due_date < on
        )

    @property
    def is_overdue(self) -> bool:
        return self.is_overdue_on(timezone.localdate())


class DilemmaStatus(models.TextChoices):
    OPEN = "oppen", _("Open")
    PROPOSAL = "forslag", _("Proposal")
    DECIDED = "beslutad", _("Decided")
    SOLVED = "lost", _("Solved")


class Dilemma(models.Model):
    """An entry in the working group's log of dilemmas and proposed solutions."""

    district = models.ForeignKey(
        District, verbose_name=_("district"), on_delete=models.PROTECT, related_name="dilemmas"
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("raised by"),
        on_delete=models.PROTECT,
        related_name="dilemmas",
    )
    raised_on = models.DateField(_("raised on"), default=timezone.localdate)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), help_text=PRIVACY_HELP)
    status = models.CharField(
        _("status"), max_length=10, choices=DilemmaStatus.choices, default=DilemmaStatus.OPEN
    )
    proposed_solution = models.TextField(_("proposed solution"), blank=True, help_text=PRIVACY_HELP)
    decision = models.TextField(_("decision"), blank=True, help_text=PRIVACY_HELP)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-raised_on", "pk"]
        verbose_name = _("dilemma")
        verbose_name_plural = _("dilemmas")
        constraints = [
            span_constraint("coordination_dilemma_decided_after_raised", "raised_on", "decided_on"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("coordination:dilemma-detail", args=[self.pk])

    def clean(self) -> None:
        errors = span_errors(
            self,
            "raised_on",
            "decided_on",
            _("The decision date cannot be before the date it was raised."),
        )
        if self.status == DilemmaStatus.PROPOSAL and not self.proposed_solution.strip():
            errors["proposed_solution"] = _("Describe the proposed solution.")
        if self.status == DilemmaStatus.DECIDED and not self.decision.strip():
            errors["decision"] = _("Describe the decision.")
        if errors:
            raise ValidationError(errors)


class TrainingLevel(models.TextChoices):
    MANAGERS = "chefer", _("Chefer")
    STAFF = "medarbetare", _("Medarbetare")
    BOTH = "bada", _("Chefer and medarbetare")


class TrainingEvent(DistrictOrMunicipalityScoped):
    """Gemensam kompetensutveckling: joint training for staff of both parties."""

    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))
    level = models.CharField(_("level"), max_length=12, choices=TrainingLevel.choices)
    professions = models.ManyToManyField(
        Profession, verbose_name=_("target professions"), blank=True, related_name="+"
    )
    organiser = models.CharField(_("organiser"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True, help_text=PRIVACY_HELP)
    history = HistoricalRecords(m2m_fields=[professions])

    class Meta:
        ordering = ["-date", "pk"]
        verbose_name = _("training event")
        verbose_name_plural = _("training events")
        constraints = [
            one_scope_constraint(
                DistrictOrMunicipalityScoped.SCOPE_KINDS, "coordination_trainingevent_one_scope"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("coordination:training-detail", args=[self.pk])


class TrainingParticipation(models.Model):
    """How many took part from one party in one district (head counts only)."""

    event = models.ForeignKey(
        TrainingEvent,
        verbose_name=_("training event"),
        on_delete=models.CASCADE,
        related_name="participations",
    )
    district = models.ForeignKey(
        District, verbose_name=_("district"), on_delete=models.PROTECT, related_name="+"
    )
    party = models.CharField(_("party"), max_length=10, choices=Principal.choices)
    count = models.PositiveIntegerField(_("participants"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["district__name", "party"]
        verbose_name = _("participation")
        verbose_name_plural = _("participation")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "district", "party"],
                name="coordination_trainingparticipation_one_per_district_party",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.district} – {self.get_party_display()}: {self.count}"


class AgreementStatus(models.TextChoices):
    UPCOMING = "kommande", _("Upcoming")
    VALID = "gallande", _("In force")
    EXPIRING = "loper-ut", _("Expiring")
    EXPIRED = "utgangen", _("Expired")


class AgreementQuerySet(models.QuerySet):
    def expiring(self, on: datetime.date | None = None) -> AgreementQuerySet:
        """In force and ending within 90 days."""
        on = on or timezone.localdate()
        return self.filter(
            begun_by(on, "valid_from"),
            valid_to__gte=on,
            valid_to__lte=on + datetime.timedelta(days=EXPIRY_WARNING_DAYS),
        )

    def with_status(self, on: datetime.date | None = None) -> AgreementQuerySet:
        """Annotate `status_value` and a sortable `status_rank`, the same rule as `status`."""
        on = on or timezone.localdate()
        soon = on + datetime.timedelta(days=EXPIRY_WARNING_DAYS)
        whens = [
            (Q(valid_from__gt=on), AgreementStatus.UPCOMING, 1),
            (Q(valid_to__lt=on), AgreementStatus.EXPIRED, 4),
            (Q(valid_to__lte=soon), AgreementStatus.EXPIRING, 2),
        ]
        return self.annotate(
            status_value=models.Case(
                *(models.When(q, then=models.Value(s.value)) for q, s, _r in whens),
                default=models.Value(AgreementStatus.VALID.value),
                output_field=models.CharField(),
            ),
            status_rank=models.Case(
                *(models.When(q, then=models.Value(r)) for q, _s, r in whens),
                default=models.Value(3),
                output_field=models.IntegerField(),
            ),
        )


def agreement_upload_to(instance: Agreement, filename: str) -> str:
    return f"avtal/{timezone.localdate():%Y}/{filename}"


class Agreement(DistrictOrMunicipalityScoped):
    """A samverkansavtal between the region's and the municipality's side, with its cost key."""

    title = models.CharField(_("title"), max_length=200)
    party_region = models.CharField(
        _("party for the region"),
        max_length=200,
        help_text=_("E.g. Göteborgs hälso- och sjukvårdsnämnd."),
    )
    party_municipality = models.CharField(
        _("party for the municipality"),
        max_length=200,
        help_text=_("E.g. Stadsdelsnämnden Angered."),
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    document = models.FileField(
        _("document"),
        upload_to=agreement_upload_to,
        blank=True,
        validators=[validate_pdf],
        help_text=_("The signed agreement as a PDF file, at most 10 MB."),
    )
    intent_document = models.ForeignKey(
        "Document",
        verbose_name=_("avsiktsförklaring"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreements",
        limit_choices_to={"kind": "avsiktsforklaring"},
        help_text=_("The avsiktsförklaring of the document library that the agreement rests on."),
    )
    share_region_percent = models.DecimalField(
        _("region's share (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("50"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    share_municipality_percent = models.DecimalField(
        _("municipality's share (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("50"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    note = models.TextField(_("note"), blank=True, help_text=PRIVACY_HELP)
    history = HistoricalRecords()

    objects = AgreementQuerySet.as_manager()

    class Meta:
        ordering = ["-valid_from", "title", "pk"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        constraints = [
            one_scope_constraint(
                DistrictOrMunicipalityScoped.SCOPE_KINDS, "coordination_agreement_one_scope"
            ),
            models.CheckConstraint(
                condition=Q(
                    share_region_percent__gte=0,
                    share_municipality_percent__gte=0,
                    share_region_percent__lte=100,
                    share_municipality_percent__lte=100,
                )
                & Q(share_region_percent=Decimal("100") - models.F("share_municipality_percent")),
                name="coordination_agreement_key_sums_to_100",
            ),
            span_constraint("coordination_agreement_valid_range", "valid_from", "valid_to"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("coordination:agreement-detail", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        errors = span_errors(self, "valid_from", "valid_to")
        region, municipality = self.share_region_percent, self.share_municipality_percent
        if region is not None and municipality is not None and region + municipality != 100:
            errors["share_municipality_percent"] = _(
                "The shares must add up to 100 %%; now they add up to %(sum)s %%."
            ) % {"sum": formats.number_format(region + municipality, use_l10n=True)}
        if errors:
            raise ValidationError(errors)

    def status_on(self, on: datetime.date) -> AgreementStatus:
        if self.valid_from and self.valid_from > on:
            return AgreementStatus.UPCOMING
        if self.valid_to is None:
            return AgreementStatus.VALID
        if self.valid_to < on:
            return AgreementStatus.EXPIRED
        if self.valid_to <= on + datetime.timedelta(days=EXPIRY_WARNING_DAYS):
            return AgreementStatus.EXPIRING
        return AgreementStatus.VALID

    @property
    def status(self) -> AgreementStatus:
        return self.status_on(timezone.localdate())

    def share_of(self, party: str) -> Decimal:
        if party == Principal.REGION:
            return self.share_region_percent
        return self.share_municipality_percent


class CostCategory(models.TextChoices):
    STAFF = "personal", _("Koordinator/samordnare")
    PREMISES = "lokal", _("Premises")
    TRAINING = "kompetens", _("Kompetensutveckling")
    MATERIAL = "material", _("Material")
    OTHER = "ovrigt", _("Other")


class CostEntry(models.Model):
    """A joint cost under an agreement, paid by one party, shared by the agreement's key."""

    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("agreement"),
        on_delete=models.CASCADE,
        related_name="cost_entries",
    )
    date = models.DateField(_("date"))
    category = models.CharField(_("category"), max_length=12, choices=CostCategory.choices)
    amount = models.DecimalField(
        _("amount (SEK)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"), message=_("The amount cannot be negative."))],
    )
    paid_by = models.CharField(_("paid by"), max_length=10, choices=Principal.choices)
    note = models.CharField(_("note"), max_length=300, blank=True, help_text=PRIVACY_HELP)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "pk"]
        verbose_name = _("cost entry")
        verbose_name_plural = _("cost entries")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="coordination_costentry_amount_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_category_display()}: {self.amount} kr"

    def get_absolute_url(self) -> str:
        return f"{self.agreement.get_absolute_url()}?year={self.date.year}"

    def clean(self) -> None:
        # A cost outside the agreement's validity would be settled under a key that did not apply.
        agreement = getattr(self, "agreement", None)  # unset on a new, unsaved inline
        if self.date is None or agreement is None or agreement.valid_from is None:
            return
        start, end = agreement.valid_from, agreement.valid_to
        if not is_in_force(start, end, self.date):
            if end is None:
                message = _("The date must lie within the agreement's validity, from %(start)s.")
            else:
                message = _("The date must lie within the agreement's validity, %(start)s–%(end)s.")
            params = {"start": start.isoformat(), "end": end.isoformat() if end else ""}
            raise ValidationError({"date": message % params})


class Budget(models.Model):
    """What the parties planned to spend under an agreement in one year, per cost category
    ("avsatt mer pengar i budgeten"): compared with the cost entries on the agreement's page
    and in the economy figures."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="budgets"
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    category = models.CharField(_("category"), max_length=12, choices=CostCategory.choices)
    amount = models.DecimalField(
        _("budget (SEK)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"), message=_("The amount cannot be negative."))],
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["agreement", "-year", "category"]
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "year", "category"], name="coordination_budget_one_per_year"
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="coordination_budget_amount_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agreement} {self.year} {self.get_category_display()}: {self.amount} kr"


class DocumentKind(models.TextChoices):
    STYRDOKUMENT = "styrdokument", _("Styrdokument")
    AVSIKTSFORKLARING = "avsiktsforklaring", _("Avsiktsförklaring")
    UPPDRAGSBESKRIVNING = "uppdragsbeskrivning", _("Uppdragsbeskrivning")
    MOTESPROTOKOLL = "motesprotokoll", _("Mötesprotokoll")


def document_upload_to(instance: Document, filename: str) -> str:
    return f"dokument/{timezone.localdate():%Y}/{filename}"


DOCUMENT_PLACES = ("region", "municipality", "district", "steering_group", "assignment")


class Document(OneScope):
    """A document of the library ("underlag/styrdokument"): a styrdokument, an
    avsiktsförklaring, a remit (uppdragsbeskrivning) or minutes, kept for a region, a
    municipality, a district, a steering group or an assignment, as a checked PDF that only the
    access-checked view serves."""

    SCOPE_KINDS = DOCUMENT_PLACES

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    version = models.CharField(
        _("version"), max_length=20, blank=True, help_text=_("E.g. 2.0 or 2024-03.")
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    file = models.FileField(
        _("file"),
        upload_to=document_upload_to,
        validators=[validate_pdf],
        help_text=_(
            "A PDF file, at most 10 MB. Governance documents only: no personal details about "
            "families or children."
        ),
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
    )
    district = models.ForeignKey(
        District,
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
    )
    steering_group = models.ForeignKey(
        SteeringGroup,
        verbose_name=_("steering group"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
    )
    assignment = models.ForeignKey(
        Assignment,
        verbose_name=_("assignment"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-valid_from", "title", "pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            one_scope_constraint(DOCUMENT_PLACES, "coordination_document_one_place"),
            span_constraint("coordination_document_valid_range", "valid_from", "valid_to"),
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.version}".strip()

    def get_absolute_url(self) -> str:
        return reverse("coordination:document-detail", args=[self.pk])

    def clean(self) -> None:
        # No clean_scope(): the form's one "scope" field and the constraint check the place.
        clean_span(self, "valid_from", "valid_to")

    @property
    def place(self) -> object | None:
        """The region, municipality, district or centre the document belongs to: a steering
        group's or an assignment's scope for theirs."""
        scope = self.scope
        if isinstance(scope, SteeringGroup | Assignment):
            return scope.scope
        return scope

    @property
    def municipality_of(self) -> Municipality | None:
        place = self.place
        if isinstance(place, FamilyCentre):
            return place.district.municipality
        if isinstance(place, District):
            return place.municipality
        return place if isinstance(place, Municipality) else None

    def is_valid_on(self, on: datetime.date | None = None) -> bool:
        return is_in_force(self.valid_from, self.valid_to, on or timezone.localdate())
