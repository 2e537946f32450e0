"""The report workflow under concurrency, with two real database connections (threads) on
PostgreSQL: whatever two people do at the same moment, the report ends in one consistent
state, the history tells one story, and the one who came second is told what happened.

These tests need row locks and a second connection that sees committed data: they run in the
PostgreSQL run of .ci/run and are deselected on SQLite (tests/conftest.py).
"""

from __future__ import annotations

import datetime
import threading
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.db import connections

from followup import services
from followup.models import Report, ReportAction, ReportEvent, ReportStatus
from tests.conftest import build_world
from tests.followup.factories import make_indicator_set, make_period, make_report

pytestmark = pytest.mark.postgresql


@pytest.fixture
def w(transactional_db):
    w = build_world()
    make_indicator_set()
    w.period = make_period(datetime.date(2026, 10, 1), deadline=datetime.date(2027, 1, 31))
    return w


def _at_once(*steps: Callable[[], object]) -> list[object]:
    """Run the steps in threads that start together; each result is what the step returned,
    or the exception it raised."""
    barrier = threading.Barrier(len(steps))
    results: list[object] = [None] * len(steps)

    def run(i: int, step: Callable[[], object]) -> None:
        try:
            barrier.wait()
            results[i] = step()
        except Exception as e:  # noqa: BLE001 - the test looks at what each step met
            results[i] = e
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, s)) for i, s in enumerate(steps)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return results


def _as_loaded(pk: int) -> Report:
    """The report as a view loads it at the start of a request."""
    return Report.objects.select_related("period", "centre__district").get(pk=pk)


def test_approve_and_return_at_once_leave_one_outcome(w):
    report = make_report(w.hjallbo, w.period, ReportStatus.SUBMITTED, submitted_by=w.alice)
    bobs, charlies = _as_loaded(report.pk), _as_loaded(report.pk)

    results = _at_once(
        lambda: services.report_approve(report=bobs, user=w.bob),
        lambda: services.report_return(report=charlies, user=w.charlie, reason="Kontrollera."),
    )

    won = [r for r in results if isinstance(r, Report)]
    lost = [r for r in results if isinstance(r, ValidationError)]
    assert len(won) == 1 and len(lost) == 1, results
    report.refresh_from_db()
    if report.status == ReportStatus.APPROVED:
        assert report.returned_at is None and report.return_reason == ""
        assert "godkänd (Bob Berg" in lost[0].messages[0]
    else:
        assert report.status == ReportStatus.RETURNED
        assert report.approved_at is None and report.approved_by is None
        assert "återskickad (Charlie Carlsson" in lost[0].messages[0]
    assert ReportEvent.objects.filter(report=report).count() == 1


def test_two_approvals_at_once_approve_once(w):
    report = make_report(w.hjallbo, w.period, ReportStatus.SUBMITTED, submitted_by=w.alice)

    results = _at_once(
        lambda: services.report_approve(report=_as_loaded(report.pk), user=w.bob),
        lambda: services.report_approve(report=_as_loaded(report.pk), user=w.charlie),
    )

    assert sum(isinstance(r, Report) for r in results) == 1, results
    assert ReportEvent.objects.filter(report=report, action=ReportAction.APPROVED).count() == 1


def test_a_reopen_and_a_return_cannot_both_happen(w):
    report = make_report(w.hjallbo, w.period, ReportStatus.APPROVED, submitted_by=w.alice)
    stale = _as_loaded(report.pk)
    stale.status = ReportStatus.SUBMITTED  # as a review page loaded before the approval

    results = _at_once(
        lambda: services.report_reopen(report=_as_loaded(report.pk), user=w.bob, reason="Fel."),
        lambda: services.report_return(report=stale, user=w.charlie, reason="Fel."),
    )

    assert isinstance(results[0], Report), results
    assert isinstance(results[1], ValidationError)
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT
    assert report.approved_at is None


def test_two_starts_at_once_give_one_report(w):
    results = _at_once(
        lambda: services.report_create(centre=w.hjallbo, period=w.period, user=w.alice),
        lambda: services.report_create(centre=w.hjallbo, period=w.period, user=w.charlie),
    )

    assert all(isinstance(r, Report) for r in results), results
    assert results[0].pk == results[1].pk
    assert Report.objects.filter(centre=w.hjallbo, period=w.period).count() == 1
    assert ReportEvent.objects.filter(action=ReportAction.CREATED).count() == 1
