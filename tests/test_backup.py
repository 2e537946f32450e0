"""Backup and restore: manage.py backup writes every row and uploaded file; manage.py restore
loads them into an empty database and finds every row and file again."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from centres.models import District
from coordination.models import Agreement
from familjecentral.management.commands.backup import file_digests, row_counts
from followup.models import Report
from tests.coordination.factories import make_agreement


def test_a_backup_restores_into_an_empty_database_with_every_row_and_file(
    transactional_db, tmp_path
):
    call_command("seed_demo", stdout=io.StringIO())
    angered = District.objects.get(name="Nordost")
    make_agreement(angered, document=True, title="Med dokument")
    media = Path(settings.MEDIA_ROOT)
    rows, files = row_counts(), file_digests(media)
    assert rows["followup.report"] > 0 and rows["followup.value"] > 0 and files

    call_command("backup", tmp_path / "backup", stdout=io.StringIO())
    call_command("flush", "--noinput")  # an empty database, as a new server has
    shutil.rmtree(media)
    assert sum(row_counts().values()) == 0 and not media.exists()

    out = io.StringIO()
    call_command("restore", tmp_path / "backup", stdout=out)

    assert row_counts() == rows
    assert file_digests(media) == files
    assert "restored and checked" in out.getvalue()
    report = Report.objects.filter(status="godkand", values__isnull=False).first()
    assert report.events.exists()
    assessment = Report.objects.filter(status="godkand", period__kind="arbetssatt").first()
    assert assessment.ratings.count() == 6
    signed = Agreement.objects.get(title="Med dokument")
    assert signed.document.read()  # the file is there and readable through the model


def test_restore_refuses_a_database_that_holds_data(world, tmp_path):
    call_command("backup", tmp_path / "backup", stdout=io.StringIO())
    with pytest.raises(CommandError, match="The database is not empty"):
        call_command("restore", tmp_path / "backup")


def test_backup_refuses_to_write_into_a_folder_in_use(world, tmp_path):
    (tmp_path / "old.txt").write_text("x")
    with pytest.raises(CommandError, match="is not empty"):
        call_command("backup", tmp_path)
