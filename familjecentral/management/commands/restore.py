"""manage.py restore DIR: load a backup (manage.py backup) into an empty, migrated database.

Refuses a database that already holds portal data (nothing is overwritten). Loads every row,
unpacks the uploaded files into MEDIA_ROOT, and checks the result against the backup's
manifest: the same number of rows per model and the same files, byte for byte.
"""

from __future__ import annotations

import json
import tarfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings

from familjecentral.management.commands.backup import counted_models, file_digests, row_counts


class Command(BaseCommand):
    help = "Load a backup folder into an empty database and check it (see backup)."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)

    def handle(self, folder: Path, **options):
        manifest_file = folder / "manifest.json"
        if not manifest_file.exists():
            raise CommandError(f"{folder} holds no backup (manifest.json is missing).")
        manifest = json.loads(manifest_file.read_text())
        holding = [m._meta.label_lower for m in counted_models() if m._default_manager.exists()]
        if holding:
            raise CommandError(
                "The database is not empty (it holds " + ", ".join(holding[:5]) + "): restore "
                "only into a freshly migrated database."
            )
        # The history comes from the backup: loading must not write history of its own.
        with transaction.atomic(), override_settings(SIMPLE_HISTORY_ENABLED=False):
            call_command("loaddata", str(folder / "data.json.gz"), verbosity=0)
        media = Path(settings.MEDIA_ROOT)
        media.mkdir(parents=True, exist_ok=True)
        with tarfile.open(folder / "media.tar.gz") as tar:
            tar.extractall(media, filter="data")
        rows, files = row_counts(), file_digests(media)
        wrong = {m: (n, rows.get(m)) for m, n in manifest["rows"].items() if rows.get(m) != n}
        missing = {f for f, digest in manifest["files"].items() if files.get(f) != digest}
        if wrong or missing:
            raise CommandError(
                f"The restore differs from the backup: rows {wrong}, files {missing}"
            )
        self.stdout.write(f"{sum(rows.values())} rows and {len(files)} files restored and checked.")
