"""The "Mina aviseringar" form: one box per kind of message, ticked when it is wanted."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from notifications.models import Kind, Preference


def reminder_days() -> list[int]:
    """The days before a deadline a reminder goes out, largest first (the sending helper's
    setting; 7 and 1 unless it says otherwise)."""
    days = getattr(settings, "NOTIFY_REMINDER_DAYS", [7, 1])
    return sorted({int(day) for day in days}, reverse=True)


def explanation(kind: str) -> str:
    """When a message of `kind` is sent, and to whom, in one sentence."""
    kind = Kind(kind)
    if kind == Kind.REMINDER:
        days = reminder_days()
        if not days:
            return _("No reminders are set up in the portal at the moment.")
        return ngettext(
            "%(days)s day before the last day of a period, if you are to send in a report that "
            "has not been sent in.",
            "%(days)s days before the last day of a period, if you are to send in a report that "
            "has not been sent in.",
            max(days),
        ) % {"days": get_text_list([str(day) for day in days], _("and"))}
    return {
        Kind.OVERDUE: _(
            "The day after a missed deadline, to you who should have sent the report in and to "
            "the district's processledare."
        ),
        Kind.RETURNED: _("When a report you sent in is returned to you, with the reason."),
        Kind.REVIEW: _(
            "When a report waits for your review. Never about a report you sent in yourself."
        ),
        Kind.DIGEST: _(
            "Once a week, to koordinatorer: the centres that are late and the reports that have "
            "waited long for review."
        ),
    }[kind]


def field_name(kind: str) -> str:
    return Kind(kind).name.lower()


class PreferencesForm(forms.Form):
    """A box per `Kind`, ticked unless the user turned that kind off. Only these fields are
    read: anything else in a post is ignored, and a box's value is on or off whatever it says."""

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        off = set(
            Preference.objects.filter(user=user, enabled=False).values_list("kind", flat=True)
        )
        for kind in Kind:
            self.fields[field_name(kind)] = forms.BooleanField(
                label=kind.label,
                help_text=explanation(kind),
                required=False,
                initial=kind.value not in off,
            )

    def choices(self) -> dict[str, bool]:
        """Each kind and whether it is wanted (after `is_valid()`)."""
        return {kind.value: self.cleaned_data[field_name(kind)] for kind in Kind}
