"""Every published value of the area and periods chosen, as one long table."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from followup.exports import Table
from followup.models import ReportStatus, ValueStatus

VALUE_HEADERS = [
    _("Family centre"),
    _("District"),
    _("Municipality"),
    _("Period"),
    _("Start"),
    _("End"),
    _("Report status"),
    _("Indicator code"),
    _("Indicator"),
    _("Owner"),
    _("Value"),
    _("Value status"),
]


def values_table(values: QuerySet) -> Table:
    """The rows of selectors.published_values with their labels, streamed: constant memory
    however many rows."""
    # Labels translated once, not once per row (a national year has some 60,000 rows).
    report_status = {key: str(label) for key, label in ReportStatus.choices}
    value_status = {key: str(label) for key, label in ValueStatus.choices}
    shared = str(_("%(region)s (shared)"))
    rows = (
        [
            *row[:6],
            report_status.get(row[6], row[6]),
            row[7],
            row[8],
            row[9] or shared % {"region": row[10]},
            row[11],
            value_status.get(row[12], row[12]),
        ]
        for row in values.iterator(chunk_size=2000)
    )
    return Table("varden", str(_("Values")), VALUE_HEADERS, rows, stream=True)
