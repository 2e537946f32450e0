"""What the portal tells people by e-mail, and what each person wants to be told (issue 20).

A `Notification` is written before its message is sent and is unique per person, kind and
subject (`key`): a run of `send_notifications` that finds the row already there sends nothing,
so a message is never sent twice, also when two runs overlap. A `Preference` turns one kind off
for one person; without a row every kind is on.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    REMINDER = "paminnelse", _("Reminder before a deadline")
    OVERDUE = "forsenad", _("A report not sent in by its deadline")
    RETURNED = "aterskickad", _("A report returned to you")
    REVIEW = "att-granska", _("A report waiting for your review")
    DIGEST = "veckosammanfattning", _("Weekly digest")


class Notification(models.Model):
    """One message to one person about one thing: `key` names the thing ("reminder:period 12:
    centre 5:7 days"), so the same message is claimed once and sent once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    key = models.CharField(_("key"), max_length=200)
    subject = models.CharField(_("subject"), max_length=200)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("claimed"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "key"], name="notifications_notification_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.subject}"


class Preference(models.Model):
    """One person's choice for one kind of message; no row means on."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    enabled = models.BooleanField(_("send"), default=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        ordering = ["user", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notifications_preference_once")
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_kind_display()} {'på' if self.enabled else 'av'}"

    @classmethod
    def wanted(cls, user, kind: str) -> bool:
        """Whether `user` wants messages of `kind` (on unless turned off)."""
        return not cls.objects.filter(user=user, kind=kind, enabled=False).exists()
