"""Every UI string has a Swedish translation, and the compiled catalogues match their sources."""

from __future__ import annotations

import ast
import gettext
from pathlib import Path

import pytest
from django.conf import settings

BASE = Path(settings.BASE_DIR)
CATALOGUES = [BASE / "locale/sv/LC_MESSAGES/django.po"] + sorted(
    BASE.glob("*/locale/sv/LC_MESSAGES/django.po")
)


def _entries(po: Path) -> list[dict[str, str]]:
    """A small .po reader: enough for the files `make messages` writes."""
    entries, entry, key = [], {}, ""
    for line in [*po.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if entry.get("msgid"):
                entries.append(entry)
            entry = {}
        elif line.startswith("#,"):
            entry["flags"] = line[2:]
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[key] += ast.literal_eval(line)
        else:
            key, _, value = line.partition(" ")
            entry[key] = ast.literal_eval(value)
    return entries


def _compiled(translations: gettext.GNUTranslations, entry: dict[str, str]) -> str:
    if "msgctxt" in entry:
        return translations.pgettext(entry["msgctxt"], entry["msgid"])
    return translations.gettext(entry["msgid"])


def test_it_has_a_catalogue_for_the_layout_and_every_app():
    assert all(po.exists() for po in CATALOGUES)
    assert {po.parts[-5] for po in CATALOGUES[1:]} == {
        "centres",
        "coordination",
        "followup",
        "notifications",
        "federation",
    }


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda po: po.parts[-5])
def test_it_translates_every_message_and_the_compiled_file_is_current(po):
    entries = _entries(po)
    assert len(entries) >= 10  # a catalogue that was never filled in has none
    untranslated = [
        e["msgid"]
        for e in entries
        if "fuzzy" in e.get("flags", "")
        or not any(v for k, v in e.items() if k.startswith("msgstr"))
    ]
    assert not untranslated, f"{po}: untranslated or fuzzy: {untranslated[:10]}"

    with po.with_suffix(".mo").open("rb") as fh:
        compiled = gettext.GNUTranslations(fh)
    stale = [
        e["msgid"]
        for e in entries
        if "msgid_plural" not in e and _compiled(compiled, e) != e["msgstr"]
    ]
    assert not stale, f"{po.with_suffix('.mo')} is out of date, run `make messages`: {stale[:5]}"
