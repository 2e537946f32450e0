"""Import children 0–5 per district and year from a CSV file (the municipality's or SCB's
statistics), with a dry run that shows what would change."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from centres.models import District, DistrictPopulation

COLUMNS = ("kommunkod", "stadsdel", "år", "barn_0_5")


@dataclass
class Change:
    line: int
    district: District
    year: int
    children: int
    before: int | None  # None: a new row

    def describe(self) -> str:
        where = f"{self.district.name} ({self.district.municipality.name}) {self.year}"
        if self.before is None:
            return f"rad {self.line}: {where}: ny, {self.children} barn"
        if self.before == self.children:
            return f"rad {self.line}: {where}: oförändrad, {self.children} barn"
        return f"rad {self.line}: {where}: ändras från {self.before} till {self.children} barn"


def read_changes(path: Path) -> tuple[list[Change], list[str]]:
    """Every row of the file as the change it makes, and every row that is wrong (in Swedish,
    with its line number). Semicolons or commas; the header names the columns."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise CommandError(f"Filen {path} kan inte läsas: {e}") from e
    dialect = csv.Sniffer().sniff(text.splitlines()[0] if text else ";", delimiters=";,")
    reader = csv.DictReader(text.splitlines(), dialect=dialect)
    header = [h.strip().lower() for h in reader.fieldnames or []]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise CommandError(
            f"Kolumnerna {', '.join(missing)} saknas. Filen ska ha rubrikraden {';'.join(COLUMNS)}."
        )
    districts = {
        (d.municipality.code, d.name.casefold()): d
        for d in District.objects.select_related("municipality")
    }
    existing = {(p.district_id, p.year): p.children for p in DistrictPopulation.objects.all()}
    changes, errors, seen = [], [], set()
    for line, raw in enumerate(reader, start=2):
        row = {k.strip().lower(): (v or "").strip() for k, v in raw.items() if k}
        district = districts.get((row["kommunkod"], row["stadsdel"].casefold()))
        if district is None:
            errors.append(
                f"rad {line}: stadsdelen {row['stadsdel']!r} i kommun {row['kommunkod']!r} "
                "finns inte i registret"
            )
            continue
        try:
            year = int(row["år"])
            children = int(row["barn_0_5"].replace(" ", "").replace("\xa0", ""))
        except ValueError:
            errors.append(f"rad {line}: år och antal barn ska vara heltal")
            continue
        if not 2000 <= year <= 2100 or children < 0:
            errors.append(f"rad {line}: året ska vara 2000–2100 och antalet barn minst 0")
            continue
        if (district.pk, year) in seen:
            errors.append(f"rad {line}: {district.name} {year} står redan på en tidigare rad")
            continue
        seen.add((district.pk, year))
        changes.append(Change(line, district, year, children, existing.get((district.pk, year))))
    return changes, errors


class Command(BaseCommand):
    help = (
        "Import children 0–5 per district and year from a CSV file with the columns "
        "kommunkod;stadsdel;år;barn_0_5 (a header row; semicolons or commas). A row updates the "
        "district's figure for the year or adds it. Nothing is written if any row is wrong; "
        "--dry-run shows what would change and writes nothing."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Show, write nothing.")
        parser.add_argument("--source", default="", help="E.g. 'SCB 2025-12-31'.")

    @transaction.atomic
    def handle(self, *args, file: Path, dry_run: bool, source: str, **options) -> None:
        changes, errors = read_changes(file)
        if errors:
            raise CommandError("Inget importerades:\n" + "\n".join(errors))
        for change in changes:
            self.stdout.write(change.describe())
        new = sum(c.before is None for c in changes)
        changed = sum(c.before is not None and c.before != c.children for c in changes)
        unchanged = len(changes) - new - changed
        summary = f"{new} nya, {changed} ändrade, {unchanged} oförändrade"
        if dry_run:
            self.stdout.write(f"Provkörning: {summary}. Inget sparades.")
            return
        for change in changes:
            if change.before == change.children:
                continue
            DistrictPopulation.objects.update_or_create(
                district=change.district,
                year=change.year,
                defaults={"children": change.children, "source": source},
            )
        self.stdout.write(self.style.SUCCESS(f"Importerat: {summary}."))
