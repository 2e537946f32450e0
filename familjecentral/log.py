"""Log formatting, loaded with the settings (before the apps): the audit log's JSON lines."""

from __future__ import annotations

import json
import logging

from django.utils import timezone


class JsonLines(logging.Formatter):
    """One JSON object per line: the event's fields, with the time and level."""

    def format(self, record: logging.LogRecord) -> str:
        fields = getattr(record, "audit", {})
        return json.dumps(
            {
                "time": timezone.now().isoformat(timespec="seconds"),
                "level": record.levelname.lower(),
                "event": record.getMessage(),
                **fields,
            },
            ensure_ascii=False,
            default=str,
        )
