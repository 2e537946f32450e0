"""Mina aviseringar: which messages each person wants, and the last ones they were sent."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from familjecentral.audit import audit
from notifications.forms import PreferencesForm
from notifications.models import Notification, Preference

RECENT = 10


# /konto/aviseringar/
@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    form = PreferencesForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        choices = form.choices()
        with transaction.atomic():
            for kind, enabled in choices.items():
                Preference.objects.update_or_create(
                    user=request.user, kind=kind, defaults={"enabled": enabled}
                )
        audit(
            "notification_preferences",
            request,
            off=sorted(kind for kind, enabled in choices.items() if not enabled),
        )
        messages.success(request, _("Your choices were saved."))
        return redirect("notifications:preferences")
    recent = Notification.objects.filter(user=request.user, sent_at__isnull=False).order_by(
        "-sent_at", "-pk"
    )[:RECENT]
    return render(
        request,
        "notifications/preferences.html",
        {"form": form, "recent": recent, "email": request.user.email},
    )
