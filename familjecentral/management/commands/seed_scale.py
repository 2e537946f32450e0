"""manage.py seed_scale: the synthetic national data set (familjecentral/scale.py)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from centres.models import FamilyCentre
from familjecentral.scale import PASSWORD, Builder


class Command(BaseCommand):
    help = (
        "Build a synthetic national data set in bulk: 21 regions, 290 municipalities, their "
        "districts, --centres family centres with services and staffing, goals and indicators, "
        "quarterly periods for --years years with a report per centre and quarter, values, "
        "assessments, events, agreements, costs and users at every level. Needs an empty "
        "register; meant for PostgreSQL (it works on SQLite, slowly)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--centres", type=int, default=600)
        parser.add_argument("--years", type=int, default=10)
        parser.add_argument("--seed", type=int, default=2026, help="Same seed, same data.")

    def handle(self, *args, centres: int, years: int, seed: int, **options) -> None:
        if centres < 1 or not 1 <= years <= 30:
            raise CommandError("Ange minst 1 familjecentral och 1–30 år.")
        if FamilyCentre.objects.exists():
            raise CommandError(
                "Registret är inte tomt. seed_scale bygger en egen databas: kör den mot en tom "
                "databas (manage.py migrate först)."
            )
        self.stdout.write(
            f"Bygger {centres} familjecentraler och {years} års uppföljning "
            f"på {connection.vendor} …"
        )
        started = time.monotonic()
        with transaction.atomic():
            Builder(centres, years, seed, self.stdout).build()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        seconds = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Klart på {seconds:.0f} s. Alla användare har lösenordet {PASSWORD!r}, "
                "t.ex. koordinator.0101, processledare.<id>, samordnare.<id>, chef.0101."
            )
        )
