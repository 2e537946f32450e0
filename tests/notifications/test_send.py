"""`send_notifications` (issue 20): who is told what, in Swedish, with an absolute link; each
message once (also when a claim is already there), nothing on --dry-run, a failed send tried
again, every sending in the audit log, and one run through a real SMTP server (aiosmtpd)."""

from __future__ import annotations

import datetime
import email
import logging
import socket
from email import policy
from io import StringIO

import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from coordination.models import Assignment
from followup.models import ReportAction, ReportEvent, ReportStatus
from notifications.models import Kind, Notification, Preference
from notifications.services import send_due
from tests.followup.factories import make_period, make_report

BASE_URL = "https://fc.example.se"
DEADLINE = datetime.date(2026, 10, 30)  # a Friday; the period's last day on time
MONDAY = datetime.date(2026, 11, 2)
REASON = "Besöken i september saknas, komplettera."


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@pytest.fixture
def w(world, settings):
    """The world with Göteborg's third quarter of 2026 (Hjällbo and Kungssten report)."""
    settings.PORTAL_BASE_URL = BASE_URL
    settings.NOTIFY_REMINDER_DAYS = [7, 1]
    settings.NOTIFY_DIGEST_WEEKDAY = 0
    settings.NOTIFY_REVIEW_WAITING_DAYS = 5
    Assignment.objects.update(valid_from=datetime.date(2020, 1, 1))
    world.period = make_period(
        datetime.date(2026, 7, 1),
        datetime.date(2026, 9, 30),
        deadline=DEADLINE,
        municipality=world.goteborg,
    )
    mail.outbox.clear()
    return world


def run(*args: str) -> str:
    out = StringIO()
    call_command("send_notifications", *args, stdout=out)
    return out.getvalue()


def to(user) -> list:
    return [m for m in mail.outbox if m.to == [user.email]]


def digests_to(user) -> list:
    return [m for m in to(user) if "Veckosammanfattning" in m.subject]


def submitted(w, by, when: datetime.datetime):
    report = make_report(
        w.hjallbo, w.period, status=ReportStatus.SUBMITTED, submitted_by=by, submitted_at=when
    )
    event = ReportEvent.objects.create(
        report=report,
        user=by,
        action=ReportAction.SUBMITTED,
        from_status=ReportStatus.DRAFT,
        to_status=ReportStatus.SUBMITTED,
        created_at=when,
    )
    return report, event


def returned(w, when: datetime.datetime):
    report, _ = submitted(w, w.alice, when - datetime.timedelta(days=2))
    report.status = ReportStatus.RETURNED
    report.return_reason = REASON
    report.save()
    event = ReportEvent.objects.create(
        report=report,
        user=w.bob,
        action=ReportAction.RETURNED,
        from_status=ReportStatus.SUBMITTED,
        to_status=ReportStatus.RETURNED,
        reason=REASON,
        created_at=when,
    )
    return report, event


# Reminders and late reports


def test_a_reminder_goes_seven_days_before_the_last_day_to_the_samordnare(w):
    out = run("--today", "2026-10-23")
    [message] = mail.outbox
    assert message.to == [w.alice.email]
    assert message.subject == (
        "[Familjecentralsportalen] Påminnelse: rapporten för 2026 kvartal 3 – Göteborg "
        "ska lämnas in senast 30 oktober 2026"
    )
    assert "Hjällbo familjecentral" in message.body
    assert "ännu inte inlämnad" in message.body
    create = f"{BASE_URL}{reverse('followup:report-create')}?centre={w.hjallbo.pk}"
    assert create in message.body
    assert "Skickade: påminnelser 1, förseningar 0" in out


def test_a_reminder_links_to_the_report_once_it_is_started(w):
    report = make_report(w.hjallbo, w.period)
    run("--today", "2026-10-29")
    [message] = to(w.alice)
    assert f"{BASE_URL}{report.get_absolute_url()}" in message.body
    assert Notification.objects.get(user=w.alice).key == f"period {w.period.pk}:1 days"


def test_no_reminder_on_other_days_or_for_a_locked_period(w):
    run("--today", "2026-10-22")  # eight days before
    run("--today", "2026-10-31")  # after the last day: late, not a reminder
    assert not Notification.objects.filter(kind=Kind.REMINDER).exists()
    w.period.locked = True
    w.period.save()
    mail.outbox.clear()
    run("--today", "2026-10-29")
    assert mail.outbox == []


def test_no_reminder_once_the_report_is_submitted(w):
    submitted(w, w.alice, at(datetime.date(2026, 10, 20)))
    run("--today", "2026-10-23")
    assert not to(w.alice)  # Kungssten has not submitted either, but has no samordnare
    assert not Notification.objects.filter(kind=Kind.REMINDER).exists()


def test_a_missed_reminder_is_made_up_once_and_only_the_nearest(w):
    run("--today", "2026-10-25")  # the run on the 23rd did not happen
    run("--today", "2026-10-26")
    assert len(to(w.alice)) == 1
    run("--today", "2026-10-29")
    run("--today", "2026-10-30")
    assert len(to(w.alice)) == 2
    assert sorted(Notification.objects.values_list("key", flat=True)) == [
        f"period {w.period.pk}:1 days",
        f"period {w.period.pk}:7 days",
    ]


def test_a_late_report_is_told_to_the_samordnare_and_the_processledare(w):
    out = run("--today", "2026-10-31")
    assert [m.to[0] for m in mail.outbox] == sorted([w.alice.email, w.bob.email])
    [message] = to(w.bob)
    assert message.subject.startswith("[Familjecentralsportalen] Försenad: rapporten för")
    assert "Hjällbo familjecentral" in message.body
    assert not to(w.charlie) and not to(w.eve)
    assert "förseningar 2" in out
    run("--today", "2026-11-01")
    assert len(mail.outbox) == 2


# Returned and to review


def test_a_returned_report_is_told_to_its_submitter_with_the_reason(w):
    report, event = returned(w, at(datetime.date(2026, 11, 3)))
    run("--today", "2026-11-03")
    [message] = mail.outbox
    assert message.to == [w.alice.email]
    assert message.subject == (
        "[Familjecentralsportalen] Rapporten skickades tillbaka: "
        "Hjällbo familjecentral – 2026 kvartal 3"
    )
    assert REASON in message.body
    assert f"Öppna rapporten: {BASE_URL}{report.get_absolute_url()}" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert f'href="{BASE_URL}{report.get_absolute_url()}"' in html
    assert Notification.objects.get().key == f"event {event.pk}"


def test_a_report_to_review_goes_to_those_who_may_approve_it_never_the_submitter(w):
    report, _ = submitted(w, w.alice, at(datetime.date(2026, 10, 28)))
    run("--today", "2026-10-28")
    assert sorted(m.to[0] for m in mail.outbox) == sorted([w.bob.email, w.charlie.email])
    [message] = to(w.bob)
    assert message.subject.startswith("[Familjecentralsportalen] Att granska: Hjällbo")
    assert "Alice Andersson har lämnat in rapporten" in message.body
    assert f"{BASE_URL}{report.get_absolute_url()}" in message.body


def test_a_processledare_who_submitted_is_not_asked_to_review_it(w):
    submitted(w, w.bob, at(datetime.date(2026, 10, 28)))
    run("--today", "2026-10-28")
    assert [m.to for m in mail.outbox] == [[w.charlie.email]]


def test_a_resubmission_is_a_new_message(w):
    report, _ = submitted(w, w.alice, at(datetime.date(2026, 10, 20)))
    run("--today", "2026-10-20")
    ReportEvent.objects.create(
        report=report,
        user=w.alice,
        action=ReportAction.SUBMITTED,
        from_status=ReportStatus.RETURNED,
        to_status=ReportStatus.SUBMITTED,
        created_at=at(datetime.date(2026, 10, 27)),
    )
    run("--today", "2026-10-27")
    assert len(to(w.bob)) == 2


def test_who_turned_a_kind_off_gets_none_of_it(w):
    Preference.objects.create(user=w.alice, kind=Kind.RETURNED, enabled=False)
    returned(w, at(datetime.date(2026, 11, 3)))
    run("--today", "2026-11-03")
    assert mail.outbox == []
    assert not Notification.objects.exists()


def test_who_has_no_address_gets_nothing(w):
    w.alice.email = ""
    w.alice.save()
    run("--today", "2026-10-23")
    assert mail.outbox == []


# The weekly digest


def test_the_digest_lists_late_centres_and_reports_waiting_on_its_weekday(w):
    submitted(w, w.alice, at(datetime.date(2026, 10, 20)))
    out = run("--today", MONDAY.isoformat())
    [message] = digests_to(w.charlie)
    assert message.subject == "[Familjecentralsportalen] Veckosammanfattning, vecka 45"
    assert "Försenade familjecentraler" in message.body
    assert "- Kungssten, 2026 kvartal 3 – Göteborg" in message.body
    assert "väntar sedan 20 oktober 2026" in message.body
    assert not digests_to(w.grace)  # nothing in Härryda: no digest
    assert "veckosammanfattningar 1" in out
    run("--today", MONDAY.isoformat())
    assert len(digests_to(w.charlie)) == 1
    mail.outbox.clear()
    run("--today", "2026-11-03")  # a Tuesday
    assert not digests_to(w.charlie)


# Once, and only once


def test_a_second_run_sends_nothing(w):
    returned(w, at(datetime.date(2026, 11, 3)))
    run("--today", "2026-11-03")
    out = run("--today", "2026-11-03")
    assert len(mail.outbox) == 1
    assert "återskickade 0" in out
    assert Notification.objects.get().sent_at is not None


def test_a_claim_made_by_an_overlapping_run_stops_the_sending(w):
    _, event = returned(w, at(datetime.date(2026, 11, 3)))
    Notification.objects.create(
        user=w.alice, kind=Kind.RETURNED, key=f"event {event.pk}", subject="claimed"
    )
    counts = send_due(today=datetime.date(2026, 11, 3))
    assert mail.outbox == []
    assert counts[Kind.RETURNED] == 0


def test_a_dry_run_lists_and_neither_sends_nor_writes(w):
    returned(w, at(datetime.date(2026, 11, 3)))
    out = run("--dry-run", "--today", "2026-11-03")
    assert "återskickade: alice@example.org: Rapporten skickades tillbaka" in out
    assert "Skulle skicka (torrkörning, inget skickat):" in out
    assert "återskickade 1" in out
    assert mail.outbox == []
    assert not Notification.objects.exists()


def test_a_failed_send_is_tried_again_on_the_next_run(w, monkeypatch, caplog):
    returned(w, at(datetime.date(2026, 11, 3)))
    real = EmailMultiAlternatives.send

    def fail(self, fail_silently=False):
        raise ConnectionRefusedError("no server")

    monkeypatch.setattr(EmailMultiAlternatives, "send", fail)
    with caplog.at_level(logging.ERROR, logger="notifications.services"):
        assert "återskickade 0" in run("--today", "2026-11-03")
    assert "tried again" in caplog.text
    assert not Notification.objects.exists()
    monkeypatch.setattr(EmailMultiAlternatives, "send", real)
    assert "återskickade 1" in run("--today", "2026-11-03")
    assert len(mail.outbox) == 1


def test_each_sending_is_in_the_audit_log_without_family_data(w, caplog):
    _, event = returned(w, at(datetime.date(2026, 11, 3)))
    logger = logging.getLogger("familjecentral.audit")
    logger.addHandler(caplog.handler)
    try:
        caplog.set_level(logging.INFO, logger=logger.name)
        run("--today", "2026-11-03")
    finally:
        logger.removeHandler(caplog.handler)
    [record] = [r for r in caplog.records if r.name == logger.name]
    assert record.getMessage() == "notification_sent"
    assert record.audit == {"user": "alice", "kind": Kind.RETURNED, "key": f"event {event.pk}"}


def test_the_command_refuses_a_bad_date(w):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="ÅÅÅÅ-MM-DD"):
        run("--today", "30/10")


# A real SMTP server


class Collect:
    def __init__(self) -> None:
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_server():
    handler = Collect()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield controller, handler
    finally:
        controller.stop()


def test_a_message_is_delivered_through_a_real_smtp_server(w, smtp_server):
    controller, handler = smtp_server
    report, _ = returned(w, at(datetime.date(2026, 11, 3)))
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST=controller.hostname,
        EMAIL_PORT=controller.port,
        EMAIL_USE_TLS=False,
        EMAIL_USE_SSL=False,
        EMAIL_HOST_USER="",
        EMAIL_HOST_PASSWORD="",
    ):
        assert "återskickade 1" in run("--today", "2026-11-03")

    [envelope] = handler.envelopes
    assert envelope.rcpt_tos == [w.alice.email]
    message = email.message_from_bytes(envelope.content, policy=policy.default)
    assert message["From"] == "Familjecentralsportalen <noreply@familjecentral.local>"
    assert message["To"] == w.alice.email
    # The long subject is folded (RFC 5322) right after "Subject:".
    assert message["Subject"].strip() == (
        f"[Familjecentralsportalen] Rapporten skickades tillbaka: {report.centre} – {report.period}"
    )
    assert message.get_content_type() == "multipart/alternative"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    link = f"{BASE_URL}{report.get_absolute_url()}"
    assert "skickades tillbaka till dig för komplettering" in text
    assert REASON in text and REASON in html
    assert f"Öppna rapporten: {link}" in text
    assert f'href="{link}"' in html
    assert Notification.objects.get().sent_at is not None
