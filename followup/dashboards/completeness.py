"""Completeness and timeliness (DESIGN.md rule 5): per period and district, the centres expected
to report (open on some day of the period, in the period owner's area), how many reports were
submitted, submitted on time (by the last day on time, deadline + grace days, counted by the
report's first submission, so a report returned and resubmitted late still counts as on time),
approved and returned, and which centres are missing or late."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from centres.models import District, FamilyCentre
from followup.exports import Table
from followup.models import Period, Report, ReportStatus


class CentreState:
    """Where one expected centre stands for one period, as the drill-down names it."""

    MISSING = _("Missing")
    DRAFT = _("Not submitted")
    ON_TIME = _("Submitted on time")
    LATE = _("Submitted late")


@dataclass
class Expected:
    """One centre expected to report in one period, and its report if there is one."""

    centre: FamilyCentre
    period: Period
    report_id: int | None = None
    status: str = ""
    first_submitted: datetime.datetime | None = None

    @property
    def submitted(self) -> bool:
        return self.first_submitted is not None

    @property
    def status_label(self) -> str:
        return str(ReportStatus(self.status).label) if self.status else ""

    @property
    def on_time(self) -> bool:
        """Period.on_time of the first submission: the rule of the badge and the inbox."""
        return self.period.on_time(self.first_submitted)

    @property
    def state(self) -> str:
        if self.report_id is None:
            return str(CentreState.MISSING)
        if not self.submitted:
            return str(CentreState.DRAFT)
        return str(CentreState.ON_TIME if self.on_time else CentreState.LATE)

    @property
    def overdue(self) -> bool:
        """Not submitted, and the last day on time has passed."""
        return not self.submitted and self.period.is_overdue()


@dataclass
class CompletenessRow:
    """One period × district (or the period's total over the districts, `district` None)."""

    period: Period
    district: District | None
    centres: list[Expected] = field(default_factory=list)

    @property
    def expected(self) -> int:
        return len(self.centres)

    @property
    def counts(self) -> tuple[int, int]:
        """(submitted, on time) by Period.submission_counts, as the period list and the
        inbox count: a returned report first submitted is submitted (and returned)."""
        return self.period.submission_counts(e.first_submitted for e in self.centres)

    @property
    def submitted(self) -> int:
        return self.counts[0]

    @property
    def on_time(self) -> int:
        return self.counts[1]

    @property
    def late(self) -> int:
        return self.submitted - self.on_time

    @property
    def approved(self) -> int:
        return sum(e.status == ReportStatus.APPROVED for e in self.centres)

    @property
    def returned(self) -> int:
        return sum(e.status == ReportStatus.RETURNED for e in self.centres)

    @property
    def missing(self) -> int:
        return self.expected - self.submitted

    def percent(self, count: int) -> int | None:
        """`count` as a whole percentage of the expected centres (None when none expected)."""
        return round(100 * count / self.expected) if self.expected else None

    @property
    def submitted_percent(self) -> int | None:
        return self.percent(self.submitted)

    @property
    def on_time_percent(self) -> int | None:
        return self.percent(self.on_time)

    @property
    def approved_percent(self) -> int | None:
        return self.percent(self.approved)


def completeness(
    centres: QuerySet[FamilyCentre], periods: Iterable[Period]
) -> list[CompletenessRow]:
    """Rows per period (as given) and district (by name), each period followed by its total;
    periods and districts without an expected centre are left out. A centre counts under the
    district its report was made in (which it may since have left for a successor), else
    under its district. Two queries, three when a report lies in a former district."""
    periods = list(periods)
    centres = list(centres.select_related("district__municipality").order_by("name"))
    # The first submission, as Report.is_late reads it.
    reports = {
        (r["centre_id"], r["period_id"]): r
        for r in Report.objects.filter(period__in=periods, centre__in=[c.pk for c in centres])
        .with_first_submission()
        .values("pk", "centre_id", "period_id", "district_id", "status", "first_submitted")
    }
    districts = {c.district_id: c.district for c in centres}
    former = {r["district_id"] for r in reports.values()} - set(districts)
    if former:
        districts |= District.objects.select_related("municipality").in_bulk(former)
    rows: list[CompletenessRow] = []
    for period in periods:
        by_district: dict[int, CompletenessRow] = {}
        total = CompletenessRow(period=period, district=None)
        for centre in centres:
            if not period.expects(centre):
                continue
            report = reports.get((centre.pk, period.pk), {})
            expected = Expected(
                centre=centre,
                period=period,
                report_id=report.get("pk"),
                status=report.get("status", ""),
                first_submitted=report.get("first_submitted"),
            )
            district = districts[report.get("district_id", centre.district_id)]
            row = by_district.setdefault(
                district.pk, CompletenessRow(period=period, district=district)
            )
            row.centres.append(expected)
            total.centres.append(expected)
        if total.centres:
            rows += sorted(by_district.values(), key=lambda r: r.district.name)
            rows.append(total)
    return rows


COMPLETENESS_HEADERS = [
    _("Period"),
    _("Owner"),
    _("District"),
    _("Expected"),
    _("Submitted"),
    _("Submitted (%)"),
    _("On time"),
    _("On time (%)"),
    _("Late"),
    _("Approved"),
    _("Approved (%)"),
    _("Returned"),
    _("Missing"),
]
DRILL_HEADERS = [
    _("Family centre"),
    _("District"),
    _("Period"),
    _("State"),
    _("Status"),
    _("First submitted"),
    _("Last day on time"),
]


def completeness_table(rows: list[CompletenessRow], drill: list[Expected] | None) -> Table:
    """The rows as a file; with a period and a district chosen (`drill`), the centres."""
    if drill is not None:
        return Table(
            "inlamning-familjecentraler",
            str(_("Centres")),
            DRILL_HEADERS,
            (
                [
                    e.centre.name,
                    e.centre.district.name,
                    str(e.period),
                    e.state,
                    e.status_label,
                    e.first_submitted,
                    e.period.last_day_on_time,
                ]
                for e in drill
            ),
        )
    return Table(
        "inlamning",
        str(_("Completeness")),
        COMPLETENESS_HEADERS,
        (
            [
                str(r.period),
                r.period.owner_label,
                r.district.name if r.district else str(_("Total")),
                r.expected,
                r.submitted,
                r.submitted_percent,
                r.on_time,
                r.on_time_percent,
                r.late,
                r.approved,
                r.approved_percent,
                r.returned,
                r.missing,
            ]
            for r in rows
        ),
    )
