"""People and governance: who coordinates what, steering groups, meetings, agreements, costs."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from centres.models import District, FamilyCentre, Municipality, Principal


class Role(models.TextChoices):
    SAMORDNARE = "samordnare", _("Samordnare")
    PROCESSLEDARE = "processledare", _("Processledare / FCA-koordinator")
    KOORDINATOR = "koordinator", _("Övergripande koordinator")
    CHEF = "chef", _("Chef / styrgruppsledamot")


# Which scope each role is given for. The chef role reads a district or a whole municipality.
ROLE_SCOPES: dict[str, set[str]] = {
    Role.SAMORDNARE: {"centre"},
    Role.PROCESSLEDARE: {"district"},
    Role.KOORDINATOR: {"municipality"},
    Role.CHEF: {"district", "municipality"},
}
EDITING_ROLES = (Role.SAMORDNARE, Role.PROCESSLEDARE, Role.KOORDINATOR)
REVIEWING_ROLES = (Role.PROCESSLEDARE, Role.KOORDINATOR)


class AssignmentQuerySet(models.QuerySet):
    def active(self, on: datetime.date | None = None) -> AssignmentQuerySet:
        on = on or timezone.localdate()
        return self.filter(valid_from__lte=on).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=on)
        )


class Assignment(models.Model):
    """A user's role over a scope (one centre, district or municipality) for a period of time."""

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
    valid_from = models.DateField(_("valid from"), default=timezone.localdate)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    history = HistoricalRecords()

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["user__last_name", "user__first_name", "role", "valid_from"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(centre__isnull=False, district__isnull=True, municipality__isnull=True)
                    | Q(centre__isnull=True, district__isnull=False, municipality__isnull=True)
                    | Q(centre__isnull=True, district__isnull=True, municipality__isnull=False)
                ),
                name="coordination_assignment_one_scope",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="coordination_assignment_valid_range",
            ),
        ]

    def __str__(self) -> str:
        name = self.user.get_full_name() or self.user.get_username()
        return f"{name}: {self.get_role_display()}, {self.scope}"

    @property
    def scope(self) -> FamilyCentre | District | Municipality | None:
        return self.centre or self.district or self.municipality

    @property
    def scope_kind(self) -> str | None:
        if self.centre_id:
            return "centre"
        if self.district_id:
            return "district"
        if self.municipality_id:
            return "municipality"
        return None

    def clean(self) -> None:
        kinds = [k for k in ("centre", "district", "municipality") if getattr(self, f"{k}_id")]
        if len(kinds) != 1:
            raise ValidationError(
                _("Choose exactly one scope: a family centre, a district or a municipality.")
            )
        if self.role and kinds[0] not in ROLE_SCOPES[self.role]:
            raise ValidationError(
                {kinds[0]: _("This role cannot be given for this kind of scope.")}
            )
        if self.valid_to and self.valid_from and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("The end date cannot be before the start date.")})

    def is_active_on(self, on: datetime.date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or self.valid_to >= on)

    @property
    def is_active(self) -> bool:
        return self.is_active_on(timezone.localdate())
