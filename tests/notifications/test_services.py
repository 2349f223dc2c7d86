import threading
from datetime import datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from events.audit.services import Actor
from notifications.models import ErrorReason, Message, Status
from notifications.services import (
    Attachment,
    NotificationError,
    message_enqueue,
    message_enqueue_from_templates,
    message_resend,
    messages_cancel,
)
from registrations.registration.models import Registration
from registrations.registration.services import registration_approve
from tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db


def enqueue(key: str = "test:1", **overrides) -> Message:
    fields = {
        "dedupe_key": key,
        "recipient": "amina@example.org",
        "recipient_name": "Amina Haddad",
        "kind": "test.greeting",
        "scope": "event:1",
        "subject": "Welcome",
        "body_text": "Hello Amina",
        **overrides,
    }
    return message_enqueue(**fields)


def test_enqueue_queues_the_message_due_now_with_its_attachments():
    before = timezone.now()

    message = enqueue(
        body_html="<p>Hello</p>",
        language="ar",
        attachments=[
            Attachment("badge.pdf", b"%PDF-1.7 badge", "application/pdf"),
            ("summit.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar"),
        ],
    )

    message.refresh_from_db()
    assert message.status == Status.QUEUED
    assert message.attempts == 0
    assert message.language == "ar"
    assert before <= message.scheduled_at <= timezone.now()
    assert message.provider_message_id.startswith("<")
    assert message.provider_message_id.endswith("@summit.local>")
    assert [(a.filename, a.content_type, bytes(a.content)) for a in message.attachments.all()] == [
        ("badge.pdf", "application/pdf", b"%PDF-1.7 badge"),
        ("summit.ics", "text/calendar", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"),
    ]


def test_enqueue_folds_the_subject_onto_one_line():
    assert enqueue(subject="Your badge\nis ready ").subject == "Your badge is ready"


def test_the_same_dedupe_key_twice_gives_one_message_the_first():
    first = enqueue("registration:7:approved", subject="First")

    second = enqueue("registration:7:approved", subject="Second", recipient="other@example.org")

    assert second.pk == first.pk
    assert Message.objects.count() == 1
    assert Message.objects.get().subject == "First"


def test_a_cancelled_key_stays_taken():
    enqueue("reminder:session:1:v1")
    messages_cancel(key_prefix="reminder:session:1:")

    again = enqueue("reminder:session:1:v1")

    assert again.status == Status.CANCELLED
    assert Message.objects.count() == 1


def test_each_message_gets_its_own_message_id():
    assert enqueue("a").provider_message_id != enqueue("b").provider_message_id


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("language", "de"),
        ("kind", ""),
        ("subject", ""),
        ("body_text", ""),
        ("dedupe_key", ""),
        ("dedupe_key", "k" * 256),
    ],
)
def test_enqueue_refuses_bad_input(field, value):
    with pytest.raises(ValidationError) as error:
        enqueue(**{field: value})

    assert field in error.value.message_dict
    assert not Message.objects.exists()


UNUSABLE_ADDRESSES = [
    "not-an-address",
    "amina@@example.org",
    "amina haddad@example.org",
    "amina@example",
    "amina@",
    "@example.org",
    "amina..haddad@example.org",
    "amina@example.org\nBcc: everyone@example.org",
    "amina@exa_mple.org",
]


@pytest.mark.parametrize("address", UNUSABLE_ADDRESSES)
def test_an_unusable_address_is_kept_as_a_failed_message_with_its_reason(address):
    message = enqueue(recipient=address)

    message.refresh_from_db()
    assert message.status == Status.FAILED
    assert message.error_reason == ErrorReason.ADDRESS_INVALID
    assert message.get_error_reason_display() == "The address is not a valid email address."
    assert message.last_error
    assert message.attempts == 0
    # The key is taken like any other: asking again gives the same failed message.
    assert enqueue(recipient="amina@example.org").pk == message.pk


@pytest.mark.django_db(transaction=True)
def test_an_unusable_address_does_not_stop_the_step_that_queued_it():
    def publish_to_everyone() -> list[Message]:
        with transaction.atomic():
            return [
                enqueue(f"release:1:{number}", recipient=address)
                for number, address in enumerate(
                    ["amina@example.org", "amina@@example.org", "chen.müller.228@example.org"]
                )
            ]

    good, bad, international = publish_to_everyone()

    # Committed: read back on a connection of its own.
    connection.close()
    statuses = dict(Message.objects.values_list("dedupe_key", "status"))
    assert statuses == {
        "release:1:0": Status.QUEUED,
        "release:1:1": Status.FAILED,
        "release:1:2": Status.QUEUED,
    }
    assert (good.status, bad.status, international.status) == (
        Status.QUEUED,
        Status.FAILED,
        Status.QUEUED,
    )


def test_an_approval_for_a_registrant_with_an_unusable_address_goes_through():
    """Issue #15's symptom, through a real caller: the approval used to answer 500."""
    officer = Actor(label="officer@example.org", client_ip="10.0.0.5")
    written_past_the_form = RegistrationFactory(status="pending", email="maria@@example.org")
    international = RegistrationFactory(status="pending", email="maria.garcía.163@example.org")

    for registration in (written_past_the_form, international):
        registration_approve(registration_id=registration.pk, actor=officer)

    assert set(
        Registration.objects.filter(
            pk__in=[written_past_the_form.pk, international.pk]
        ).values_list("status", flat=True)
    ) == {"approved"}
    messages = dict(
        Message.objects.filter(kind="registration.approved").values_list("recipient", "status")
    )
    assert messages == {
        "maria@@example.org": Status.FAILED,
        "maria.garcía.163@example.org": Status.QUEUED,
    }


def test_an_over_long_name_and_subject_are_shortened_not_refused():
    message = enqueue(recipient_name="N" * 500, subject="S" * 500)

    message.refresh_from_db()
    assert message.status == Status.QUEUED
    assert message.recipient_name == "N" * 199 + "…"
    assert message.subject == "S" * 299 + "…"


def test_enqueue_refuses_a_naive_schedule():
    with pytest.raises(ValueError, match="aware"):
        enqueue(scheduled_at=datetime(2030, 1, 1, 9, 0))  # noqa: DTZ001


def test_a_message_queued_in_a_step_that_fails_is_not_kept():
    def failing_step():
        with transaction.atomic():
            enqueue()
            raise RuntimeError("the workflow step failed")

    with pytest.raises(RuntimeError):
        failing_step()

    assert not Message.objects.exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_enqueues_of_one_key_make_one_message():
    threads_count = 8
    barrier = threading.Barrier(threads_count)
    results, errors = [], []

    def worker(number: int) -> None:
        try:
            barrier.wait(timeout=10)
            message = enqueue("reminder:session:42:registration:7:30m", subject=f"Try {number}")
            results.append(message.pk)
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert Message.objects.count() == 1
    assert set(results) == {Message.objects.get().pk}


def test_cancel_by_prefix_cancels_only_messages_not_yet_sent():
    queued = enqueue("reminder:session:42:registration:7:v1")
    sending = enqueue("reminder:session:42:registration:8:v1")
    Message.objects.filter(pk=sending.pk).update(
        status=Status.SENDING,
        claim_token="6f1c2f4e-0c1a-4c55-9f5e-111111111111",
        lease_expires_at=timezone.now() + timedelta(minutes=5),
    )
    sent = enqueue("reminder:session:42:registration:9:v1")
    Message.objects.filter(pk=sent.pk).update(status=Status.SENT, sent_at=timezone.now())
    failed = enqueue("reminder:session:42:registration:10:v1")
    Message.objects.filter(pk=failed.pk).update(status=Status.FAILED)
    other_session = enqueue("reminder:session:420:registration:7:v1")

    cancelled = messages_cancel(key_prefix="reminder:session:42:")

    assert cancelled == 2
    statuses = dict(Message.objects.values_list("pk", "status"))
    assert statuses == {
        queued.pk: Status.CANCELLED,
        sending.pk: Status.CANCELLED,
        sent.pk: Status.SENT,
        failed.pk: Status.FAILED,
        other_session.pk: Status.QUEUED,
    }


def test_cancel_by_prefix_is_case_sensitive_and_literal():
    lower = enqueue("reminder:a:1")
    upper = enqueue("Reminder:A:1")
    pattern = enqueue("reminder%x:1")

    assert messages_cancel(key_prefix="Reminder:A:") == 1
    assert messages_cancel(key_prefix="reminder%") == 1

    statuses = dict(Message.objects.values_list("pk", "status"))
    assert statuses == {
        lower.pk: Status.QUEUED,
        upper.pk: Status.CANCELLED,
        pattern.pk: Status.CANCELLED,
    }


def test_cancel_needs_a_prefix():
    enqueue()

    with pytest.raises(ValueError, match="empty"):
        messages_cancel(key_prefix="")

    assert Message.objects.get().status == Status.QUEUED


def test_resend_queues_a_failed_message_again_with_fresh_attempts():
    message = enqueue()
    past = timezone.now() - timedelta(hours=3)
    Message.objects.filter(pk=message.pk).update(
        status=Status.FAILED, attempts=8, last_error="SMTPRecipientsRefused: 452", scheduled_at=past
    )

    resent = message_resend(message_id=message.pk)

    resent.refresh_from_db()
    assert resent.status == Status.QUEUED
    assert resent.attempts == 0
    assert resent.scheduled_at > past
    assert resent.last_error == "SMTPRecipientsRefused: 452"
    assert resent.provider_message_id == message.provider_message_id


def test_resend_gives_the_message_its_full_retry_time_again():
    message = enqueue()
    Message.objects.filter(pk=message.pk).update(
        status=Status.FAILED, attempts=55, first_attempt_at=timezone.now() - timedelta(hours=48)
    )

    resent = message_resend(message_id=message.pk)

    resent.refresh_from_db()
    assert resent.first_attempt_at is None


def test_a_message_to_an_unusable_address_cannot_be_resent():
    message = enqueue(recipient="amina@@example.org")

    with pytest.raises(NotificationError, match="not a valid email address"):
        message_resend(message_id=message.pk)

    assert Message.objects.get().status == Status.FAILED


@pytest.mark.parametrize("status", [Status.QUEUED, Status.SENT, Status.CANCELLED])
def test_only_a_failed_message_can_be_resent(status):
    message = enqueue()
    Message.objects.filter(pk=message.pk).update(status=status, sent_at=timezone.now())

    with pytest.raises(NotificationError, match="Only a failed message"):
        message_resend(message_id=message.pk)

    assert Message.objects.get().status == status


def test_resend_within_a_scope_ignores_other_scopes():
    message = enqueue(scope="event:1")
    Message.objects.filter(pk=message.pk).update(status=Status.FAILED)

    with pytest.raises(NotificationError, match="does not exist"):
        message_resend(message_id=message.pk, scope="event:2")

    assert Message.objects.get().status == Status.FAILED


# --- Rendering from the caller's templates ---------------------------------------


def enqueue_greeting(key="greeting:1", **overrides) -> Message:
    fields = {
        "dedupe_key": key,
        "template_prefix": "outbox_test/greeting",
        "context": {"name": "O'Brien & Sons <Ltd>"},
        "language": "en",
        "recipient": "obrien@example.org",
        "kind": "test.greeting",
        **overrides,
    }
    return message_enqueue_from_templates(**fields)


def test_templates_render_in_english(test_templates):
    message = enqueue_greeting()

    assert message.language == "en"
    assert message.subject == "Registration: O'Brien & Sons <Ltd>"
    # The text part is not HTML-escaped; the HTML part is.
    assert message.body_text.startswith("Registration: O'Brien & Sons <Ltd>")
    assert "This message was sent automatically. Please do not reply to it." in message.body_text
    assert '<html lang="en" dir="ltr">' in message.body_html
    assert "<strong>O&#x27;Brien &amp; Sons &lt;Ltd&gt;</strong>" in message.body_html


def test_templates_render_in_arabic_right_to_left(test_templates):
    message = enqueue_greeting(language="ar", context={"name": "أمينة"})

    assert message.language == "ar"
    assert message.subject == "التسجيل: أمينة"
    assert message.body_text.startswith("التسجيل: أمينة")
    assert '<html lang="ar" dir="rtl">' in message.body_html
    assert "Please do not reply" not in message.body_html


def test_the_html_template_is_optional(test_templates):
    message = enqueue_greeting(template_prefix="outbox_test/plain", context={"name": "Amina"})

    assert message.subject == "Plain Amina"
    assert message.body_text == "Hello Amina\n"
    assert message.body_html == ""


def test_a_known_key_renders_nothing(test_templates):
    first = enqueue_greeting()

    # A prefix without templates would fail to render: it is never looked up.
    again = enqueue_greeting(template_prefix="outbox_test/missing")

    assert again.pk == first.pk


def test_rendering_refuses_an_unknown_language(test_templates):
    with pytest.raises(ValueError, match="language"):
        enqueue_greeting(language="de")
