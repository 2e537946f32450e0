"""Who a person is at the identity providers: the HSA-id (SITHS) an account is matched by, when
the portal matches on it rather than on the e-mail address (issue 21)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Identity(models.Model):
    """An account's HSA-id: set by an admin (or the koordinator) when the account is made."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="identity",
    )
    hsa_id = models.CharField(
        _("HSA-id"),
        max_length=64,
        unique=True,
        help_text=_("The person's HSA-id, e.g. SE2321000131-E000000000001."),
    )

    class Meta:
        verbose_name = _("identity")
        verbose_name_plural = _("identities")
        ordering = ["hsa_id"]

    def __str__(self) -> str:
        return f"{self.user} ({self.hsa_id})"
