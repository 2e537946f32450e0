"""Load the demo register, people and follow-up. Safe to run again: it updates, never doubles."""

from __future__ import annotations

import importlib
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from centres.models import FamilyCentre


class Command(BaseCommand):
    help = (
        "Load demo data: Västra Götalandsregionen, Göteborg's ten districts and Härryda with "
        "their family centres, demo users for every role, governance and follow-up. Each app "
        "contributes a `demo.seed(stdout)` function, run in the order of INSTALLED_APPS, so "
        "that apps only ever read what the apps they depend on created. Idempotent: loading again "
        "changes no counts and adds nothing to the edit history."
    )

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        # The first load records its rows in the edit history like any admin edit. Loading again
        # (every `make run`) only refreshes the demo: it must not add a "changed" entry to the
        # history of every object each time.
        reload = FamilyCentre.objects.filter(is_demo=True).exists()
        recording = getattr(settings, "SIMPLE_HISTORY_ENABLED", True)
        settings.SIMPLE_HISTORY_ENABLED = recording and not reload
        try:
            for config in apps.get_app_configs():
                module_name = f"{config.name}.demo"
                if find_spec(module_name) is None:
                    continue
                module = importlib.import_module(module_name)
                module.seed(self.stdout)
        finally:
            settings.SIMPLE_HISTORY_ENABLED = recording
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
