import smtplib
import threading
import uuid
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail import BadHeaderError
from django.db import connection
from django.utils import timezone

from notifications import dispatch
from notifications.dispatch import LEASE_LOST_ERROR, messages_dispatch_due
from notifications.models import ErrorReason, Message, Status
from notifications.services import Attachment, message_enqueue, messages_cancel
from tests.notifications.smtp_sink import SmtpSink

pytestmark = pytest.mark.django_db


def enqueue(number: int = 1, **overrides) -> Message:
    fields = {
        "dedupe_key": f"test:{number}",
        "recipient": f"delegate{number}@example.org",
        "recipient_name": f"Delegate {number}",
        "kind": "test.reminder",
        "subject": f"Reminder {number}",
        "body_text": f"Your session starts soon ({number}).",
        **overrides,
    }
    return message_enqueue(**fields)


def make_due(*messages: Message) -> None:
    """Skip the backoff wait, as if the retry time had come."""
    Message.objects.filter(pk__in=[m.pk for m in messages]).update(scheduled_at=timezone.now())


def test_a_due_message_goes_out_with_text_html_attachments_and_its_message_id():
    message = enqueue(
        recipient_name="أمينة حداد",
        language="ar",
        body_html="<p>Your session starts soon.</p>",
        attachments=[
            Attachment("badge.pdf", b"%PDF-1.7", "application/pdf"),
            Attachment("session.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar"),
        ],
    )

    report = messages_dispatch_due()

    assert report.sent == 1
    [email] = mail.outbox
    assert email.subject == "Reminder 1"
    assert email.to == ['"أمينة حداد" <delegate1@example.org>']
    assert email.body == "Your session starts soon (1)."
    assert email.alternatives[0][0] == "<p>Your session starts soon.</p>"
    assert email.alternatives[0][1] == "text/html"
    assert [(name, mimetype) for name, _content, mimetype in email.attachments] == [
        ("badge.pdf", "application/pdf"),
        ("session.ics", "text/calendar"),
    ]
    built = email.message()
    assert built["Message-ID"] == message.provider_message_id
    assert built["Auto-Submitted"] == "auto-generated"
    assert built["Content-Language"] == "ar"
    message.refresh_from_db()
    assert message.status == Status.SENT
    assert message.sent_at is not None
    assert message.attempts == 1
    assert message.lease_expires_at is None


def test_a_message_scheduled_later_waits_for_its_time():
    message = enqueue(scheduled_at=timezone.now() + timedelta(minutes=30))

    report = messages_dispatch_due()

    assert report.claimed == 0
    assert mail.outbox == []
    assert Message.objects.get(pk=message.pk).status == Status.QUEUED


def test_sent_and_cancelled_messages_are_not_sent_again():
    enqueue(1)
    messages_dispatch_due()
    enqueue(2)
    messages_cancel(key_prefix="test:2")

    report = messages_dispatch_due()

    assert report.claimed == 0
    assert len(mail.outbox) == 1


def test_an_unusable_address_written_straight_into_the_table_fails_at_send():
    message = enqueue()
    Message.objects.filter(pk=message.pk).update(recipient="delegate1@@example.org")
    other = enqueue(2)

    report = messages_dispatch_due()

    assert (report.sent, report.failed) == (1, 1)
    assert [email.to for email in mail.outbox] == [['"Delegate 2" <delegate2@example.org>']]
    message.refresh_from_db()
    assert message.status == Status.FAILED
    assert message.error_reason == ErrorReason.ADDRESS_INVALID
    assert "exactly one @" in message.last_error
    assert Message.objects.get(pk=other.pk).status == Status.SENT


def test_one_connection_serves_every_batch_of_a_run(scripted_backend):
    for number in range(7):
        enqueue(number)

    report = messages_dispatch_due(batch_size=3)

    assert report.sent == 7
    assert len(mail.outbox) == 7
    assert scripted_backend.opened == 1


def test_a_transient_refusal_retries_later_with_backoff(scripted_backend, settings):
    settings.NOTIFICATIONS_RETRY_BASE_SECONDS = 60
    message = enqueue()
    busy = smtplib.SMTPRecipientsRefused({"delegate1@example.org": (450, b"Mailbox busy")})
    scripted_backend.errors = {"delegate1@example.org": [busy, busy]}

    before = timezone.now()
    report = messages_dispatch_due()

    message.refresh_from_db()
    assert report.retried == 1
    assert message.status == Status.QUEUED
    assert message.attempts == 1
    assert "Mailbox busy" in message.last_error
    assert before + timedelta(seconds=60) <= message.scheduled_at
    assert message.scheduled_at <= timezone.now() + timedelta(seconds=60)
    # Not due yet: a second run leaves it alone.
    assert messages_dispatch_due().claimed == 0

    make_due(message)
    before = timezone.now()
    messages_dispatch_due()

    message.refresh_from_db()
    assert message.attempts == 2
    assert before + timedelta(seconds=120) <= message.scheduled_at

    make_due(message)
    messages_dispatch_due()

    message.refresh_from_db()
    assert message.status == Status.SENT
    assert message.attempts == 3
    assert len(mail.outbox) == 1


def test_a_message_fails_once_its_retry_time_is_over_with_its_error(scripted_backend, settings):
    settings.NOTIFICATIONS_RETRY_HOURS = 48
    message = enqueue()
    scripted_backend.errors = {
        "delegate1@example.org": [smtplib.SMTPDataError(451, b"Try again later")] * 5
    }

    messages_dispatch_due()
    message.refresh_from_db()
    assert message.status == Status.QUEUED
    assert message.first_attempt_at is not None

    # Not yet 48 hours: the next try is still planned, at the latest at the deadline.
    Message.objects.filter(pk=message.pk).update(
        first_attempt_at=timezone.now() - timedelta(hours=47, minutes=59, seconds=30)
    )
    make_due(message)
    messages_dispatch_due()
    message.refresh_from_db()
    assert message.status == Status.QUEUED
    assert message.scheduled_at <= message.first_attempt_at + timedelta(hours=48)

    Message.objects.filter(pk=message.pk).update(
        first_attempt_at=timezone.now() - timedelta(hours=48)
    )
    make_due(message)
    messages_dispatch_due()

    message.refresh_from_db()
    assert message.status == Status.FAILED
    assert message.attempts == 3
    assert message.error_reason == ErrorReason.SERVER_DEFERRED
    assert message.last_error == "451 Try again later (SMTPDataError)"
    make_due(message)
    assert messages_dispatch_due().claimed == 0


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (
            smtplib.SMTPRecipientsRefused({"delegate1@example.org": (550, b"No such user")}),
            "failed",
        ),
        (smtplib.SMTPRecipientsRefused({"delegate1@example.org": (452, b"Full")}), "queued"),
        (smtplib.SMTPDataError(554, b"Message rejected"), "failed"),
        (smtplib.SMTPDataError(451, b"Local error"), "queued"),
        (smtplib.SMTPSenderRefused(553, b"Sender not allowed", "no-reply@summit.local"), "queued"),
        (smtplib.SMTPServerDisconnected("Connection unexpectedly closed"), "queued"),
        (ConnectionResetError("Connection reset by peer"), "queued"),
        (BadHeaderError("Header values can't contain newlines"), "failed"),
    ],
)
def test_permanent_errors_fail_at_once_and_transient_ones_retry(scripted_backend, error, status):
    message = enqueue()
    scripted_backend.errors = {"delegate1@example.org": [error]}

    messages_dispatch_due()

    message.refresh_from_db()
    assert message.status == status
    assert message.attempts == 1
    assert type(error).__name__ in message.last_error


def test_an_unreachable_server_puts_the_batch_back_and_ends_the_run(scripted_backend):
    messages = [enqueue(number) for number in range(5)]
    scripted_backend.connect_error = ConnectionRefusedError(111, "Connection refused")

    report = messages_dispatch_due(batch_size=2)

    assert report.claimed == 2
    assert report.retried == 2
    attempted = Message.objects.filter(attempts=1)
    assert set(attempted.values_list("pk", flat=True)) == {messages[0].pk, messages[1].pk}
    assert all("Connection refused" in m.last_error for m in attempted)
    assert Message.objects.filter(status=Status.QUEUED).count() == 5


def test_a_dropped_connection_is_reopened_for_the_next_message(scripted_backend):
    first, second = enqueue(1), enqueue(2)
    scripted_backend.errors = {
        "delegate1@example.org": [smtplib.SMTPServerDisconnected("Connection lost")]
    }

    report = messages_dispatch_due()

    assert report.retried == 1
    assert report.sent == 1
    assert Message.objects.get(pk=first.pk).status == Status.QUEUED
    assert Message.objects.get(pk=second.pk).status == Status.SENT
    assert scripted_backend.opened == 2


def test_a_message_cancelled_while_its_batch_is_sending_is_not_sent(scripted_backend, monkeypatch):
    monkeypatch.setattr(dispatch, "CANCEL_CHECK_SECONDS", 0)  # look before every message
    first, second = enqueue(1), enqueue(2)

    def cancel_the_second(email):
        if email.subject == "Reminder 1":
            messages_cancel(key_prefix="test:2")

    scripted_backend.on_send = cancel_the_second

    report = messages_dispatch_due()

    assert [email.subject for email in mail.outbox] == ["Reminder 1"]
    assert report.skipped == 1
    assert Message.objects.get(pk=first.pk).status == Status.SENT
    assert Message.objects.get(pk=second.pk).status == Status.CANCELLED


def leave_sending(message: Message, *, lease_left: timedelta, attempts: int = 0) -> None:
    """The state a worker that died mid-batch leaves behind."""
    Message.objects.filter(pk=message.pk).update(
        status=Status.SENDING,
        claim_token=uuid.uuid4(),
        lease_expires_at=timezone.now() + lease_left,
        attempts=attempts,
    )


def test_a_message_left_sending_by_a_dead_worker_is_sent_once_its_lease_ends():
    message = enqueue()
    leave_sending(message, lease_left=timedelta(minutes=4))

    assert messages_dispatch_due().claimed == 0
    assert mail.outbox == []

    Message.objects.filter(pk=message.pk).update(lease_expires_at=timezone.now())
    report = messages_dispatch_due()

    assert report.reclaimed == 1
    assert report.sent == 1
    assert len(mail.outbox) == 1
    message.refresh_from_db()
    assert message.status == Status.SENT
    # The lost attempt counts: a message that kills its worker cannot loop forever.
    assert message.attempts == 2
    assert message.last_error == LEASE_LOST_ERROR


def test_a_message_whose_worker_is_lost_twice_in_a_row_waits_its_backoff(settings):
    settings.NOTIFICATIONS_RETRY_BASE_SECONDS = 60
    message = enqueue()
    leave_sending(message, lease_left=timedelta(seconds=-1), attempts=1)
    Message.objects.filter(pk=message.pk).update(
        error_reason=ErrorReason.WORKER_LOST, first_attempt_at=timezone.now()
    )

    report = messages_dispatch_due()

    assert report.reclaimed == 1
    assert mail.outbox == []
    message.refresh_from_db()
    assert message.status == Status.QUEUED
    assert message.attempts == 2
    assert message.scheduled_at >= timezone.now() + timedelta(seconds=100)


def test_a_message_whose_worker_is_lost_after_its_retry_time_is_failed(settings):
    settings.NOTIFICATIONS_RETRY_HOURS = 48
    message = enqueue()
    leave_sending(message, lease_left=timedelta(seconds=-1), attempts=2)
    Message.objects.filter(pk=message.pk).update(
        first_attempt_at=timezone.now() - timedelta(hours=49)
    )

    report = messages_dispatch_due()

    assert report.failed == 1
    assert mail.outbox == []
    message.refresh_from_db()
    assert message.status == Status.FAILED
    assert message.attempts == 3
    assert message.error_reason == ErrorReason.WORKER_LOST
    assert message.last_error == LEASE_LOST_ERROR


def test_a_long_batch_renews_its_lease_as_it_goes(scripted_backend, settings, monkeypatch):
    settings.NOTIFICATIONS_LEASE_SECONDS = 30
    for number in range(3):
        enqueue(number)
    clock = [1000.0]
    monkeypatch.setattr(dispatch.time, "monotonic", lambda: clock[0])
    leases = []

    def slow_send(email):
        # Each send takes 12 s: past a third of the lease before each next message.
        leases.append(
            sorted(
                Message.objects.filter(status=Status.SENDING).values_list(
                    "lease_expires_at", flat=True
                )
            )
        )
        clock[0] += 12

    scripted_backend.on_send = slow_send

    report = messages_dispatch_due()

    assert report.sent == 3
    assert report.renewed == 2 + 1
    # Before the second and third sends the remaining leases were pushed forward.
    assert leases[1][0] > leases[0][-1]
    assert leases[2][0] > leases[1][-1]


def test_a_batch_skips_what_another_worker_took_over_while_it_was_stuck(
    scripted_backend, settings, monkeypatch
):
    settings.NOTIFICATIONS_LEASE_SECONDS = 30
    first, second = enqueue(1), enqueue(2)
    clock = [1000.0]
    monkeypatch.setattr(dispatch.time, "monotonic", lambda: clock[0])

    def stuck_then_taken_over(email):
        if email.subject == "Reminder 1":
            clock[0] += 40  # stuck past the lease: another worker retook the second
            Message.objects.filter(pk=second.pk).update(claim_token=uuid.uuid4())

    scripted_backend.on_send = stuck_then_taken_over

    report = messages_dispatch_due()

    assert [email.subject for email in mail.outbox] == ["Reminder 1"]
    assert report.sent == 1
    assert report.skipped == 1
    assert Message.objects.get(pk=first.pk).status == Status.SENT
    assert Message.objects.get(pk=second.pk).status == Status.SENDING


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_dispatchers_send_each_message_once(settings):
    settings.NOTIFICATIONS_BATCH_SIZE = 10
    for number in range(200):
        enqueue(number)
    errors = []

    def dispatcher() -> None:
        try:
            while messages_dispatch_due().claimed:
                pass
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=dispatcher) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    ids = [email.extra_headers["Message-ID"] for email in mail.outbox]
    assert len(ids) == 200
    assert len(set(ids)) == 200
    assert Message.objects.filter(status=Status.SENT).count() == 200


@pytest.fixture
def smtp_sink(settings):
    sink = SmtpSink(refuse={"nobody@example.org"}).start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = sink.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield sink
    sink.stop()


def test_a_real_smtp_server_gets_each_message_once_on_one_connection(smtp_sink):
    messages = [enqueue(number) for number in range(5)]
    refused = enqueue(99, recipient="nobody@example.org")

    report = messages_dispatch_due(batch_size=2)

    assert report.sent == 5
    assert report.failed == 1
    deliveries = smtp_sink.deliveries
    assert sorted(d.message_id for d in deliveries) == sorted(
        m.provider_message_id for m in messages
    )
    assert len({d.peer for d in deliveries}) == 1
    refused.refresh_from_db()
    assert refused.status == Status.FAILED
    assert refused.attempts == 1
    assert "550" in refused.last_error


def test_mail_waits_while_the_smtp_server_is_down_and_goes_when_it_is_back(settings):
    port = SmtpSink().port  # free now, nobody listening
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    message = enqueue()

    messages_dispatch_due()

    message.refresh_from_db()
    assert message.status == Status.QUEUED
    assert message.attempts == 1
    assert "ConnectionRefusedError" in message.last_error

    with SmtpSink(port) as sink:
        make_due(message)
        messages_dispatch_due()

    message.refresh_from_db()
    assert message.status == Status.SENT
    assert [d.message_id for d in sink.deliveries] == [message.provider_message_id]
