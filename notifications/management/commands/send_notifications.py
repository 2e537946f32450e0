"""Send the e-mail that is due today (issue 20): run it every day from cron or a systemd timer
(README: Notifications by e-mail). A message is sent once, also when runs overlap."""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from notifications.models import Kind
from notifications.services import pending, send_due

LABELS = {
    Kind.REMINDER: "påminnelser",
    Kind.OVERDUE: "förseningar",
    Kind.RETURNED: "återskickade",
    Kind.REVIEW: "att granska",
    Kind.DIGEST: "veckosammanfattningar",
}


class Command(BaseCommand):
    help = (
        "Skickar e-post som är aktuell i dag: påminnelser N dagar före en periods sista dag "
        "(NOTIFY_REMINDER_DAYS) till samordnare som inte lämnat in, förseningar dagen efter "
        "sista dagen (samordnare och processledare), återskickade rapporter (till den som "
        "lämnade in, med skälet), rapporter att granska (till dem som får godkänna, aldrig "
        "den som lämnade in) och veckosammanfattningen till koordinatorer "
        "(NOTIFY_DIGEST_WEEKDAY). Bara de slag mottagaren vill ha (Mina aviseringar). Varje "
        "meddelande skickas en gång: en ny körning, också samtidigt, skickar det inte igen; "
        "ett som inte gick att skicka försöks igen nästa körning. Kör dagligen."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Visa vad som skulle skickas; skicka och spara ingenting.",
        )
        parser.add_argument(
            "--today",
            metavar="ÅÅÅÅ-MM-DD",
            help="Räkna som om det vore denna dag (standard: i dag).",
        )

    def handle(self, *args, dry_run: bool = False, today: str | None = None, **options) -> None:
        if today:
            try:
                day = datetime.date.fromisoformat(today)
            except ValueError as e:
                raise CommandError(f"--today ska vara ett datum ÅÅÅÅ-MM-DD, inte {today!r}.") from e
        else:
            day = timezone.localdate()
        if dry_run:
            messages = pending(day)
            for message in messages:
                self.stdout.write(
                    f"{LABELS[message.kind]}: {message.user.email}: {message.subject} {message.url}"
                )
            counts = dict.fromkeys(Kind.values, 0)
            for message in messages:
                counts[message.kind] += 1
            lead = "Skulle skicka (torrkörning, inget skickat)"
        else:
            counts = send_due(today=day)
            lead = "Skickade"
        summary = ", ".join(f"{LABELS[kind]} {counts[kind]}" for kind in Kind.values)
        self.stdout.write(f"{lead}: {summary}")
