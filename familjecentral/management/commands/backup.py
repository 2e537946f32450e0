"""manage.py backup DIR: the whole portal (every row and every uploaded file) in one folder.

DIR/data.json.gz holds every row (Django's dumpdata with natural keys, so that it loads into
any freshly migrated database, SQLite or PostgreSQL); DIR/media.tar.gz the uploaded files
(signed agreements); DIR/manifest.json the number of rows per model and each file's SHA-256,
which `manage.py restore` checks afterwards. Content types, permissions and sessions are left
out: migrate makes the first two, and a restore logs everyone out.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import tarfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

EXCLUDED = ["contenttypes", "auth.permission", "sessions", "axes"]


def counted_models():
    """The models a backup holds, as "app_label.ModelName"."""
    skipped_apps = {e for e in EXCLUDED if "." not in e}
    skipped_models = {e for e in EXCLUDED if "." in e}
    for model in apps.get_models():
        label = model._meta.label_lower
        if model._meta.app_label in skipped_apps or label in skipped_models:
            continue
        if model._meta.proxy or not model._meta.managed:
            continue
        yield model


def row_counts() -> dict[str, int]:
    return {m._meta.label_lower: m._default_manager.count() for m in counted_models()}


def file_digests(root: Path) -> dict[str, str]:
    if not root.exists():
        return {}
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


class Command(BaseCommand):
    help = "Write every row and uploaded file of the portal to a folder (see restore)."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)

    def handle(self, folder: Path, **options):
        if folder.exists() and any(folder.iterdir()):
            raise CommandError(f"{folder} is not empty: choose a new folder for the backup.")
        folder.mkdir(parents=True, exist_ok=True)
        with gzip.open(folder / "data.json.gz", "wt", encoding="utf-8") as out:
            call_command(
                "dumpdata",
                "--natural-foreign",
                "--natural-primary",
                *(f"--exclude={e}" for e in EXCLUDED),
                stdout=out,
            )
        media = Path(settings.MEDIA_ROOT)
        with tarfile.open(folder / "media.tar.gz", "w:gz") as tar:
            if media.exists():
                tar.add(media, arcname=".")
        manifest = {"rows": row_counts(), "files": file_digests(media)}
        (folder / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True))
        rows = sum(manifest["rows"].values())
        self.stdout.write(f"{rows} rows and {len(manifest['files'])} files written to {folder}.")
