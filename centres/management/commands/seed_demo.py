"""Load the demo register, people and follow-up. Safe to run again: it updates, never doubles."""

from __future__ import annotations

import importlib
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = (
        "Load demo data: Västra Götalandsregionen, Göteborg's ten districts and Härryda with "
        "their family centres, demo users for every role, governance and follow-up. Each app "
        "contributes a `demo.seed(stdout)` function, run in the order of INSTALLED_APPS, so "
        "that apps only ever read what the apps they depend on created. Idempotent."
    )

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        for config in apps.get_app_configs():
            module_name = f"{config.name}.demo"
            if find_spec(module_name) is None:
                continue
            module = importlib.import_module(module_name)
            module.seed(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
