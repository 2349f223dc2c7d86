from datetime import timedelta

import pytest
from django.utils import timezone

from notifications.models import ErrorReason, Message, Status
from notifications.selectors import (
    dedupe_keys_with_prefix,
    message_counts,
    message_get,
    message_oldest_due_age,
    messages_delayed_by_reason,
    messages_in_scope,
)
from notifications.services import message_enqueue, messages_cancel

pytestmark = pytest.mark.django_db


def enqueue(key: str, *, scope: str = "event:1", kind: str = "test.reminder", **fields):
    return message_enqueue(
        dedupe_key=key,
        recipient=fields.pop("recipient", "amina@example.org"),
        kind=kind,
        scope=scope,
        subject=key,
        body_text="Soon.",
        **fields,
    )


def test_keys_with_a_prefix_are_listed_exactly():
    enqueue("reminder:summit:1:registration:7")
    enqueue("reminder:summit:1:registration:8")
    enqueue("reminder:summit:10:registration:7")
    enqueue("Reminder:Summit:1:registration:9")

    assert dedupe_keys_with_prefix(prefix="reminder:summit:1:") == {
        "reminder:summit:1:registration:7",
        "reminder:summit:1:registration:8",
    }


def test_counts_cover_every_status_and_each_kind_of_one_scope():
    enqueue("a", kind="registration.approved")
    enqueue("b", kind="registration.approved")
    enqueue("c", kind="registration.received")
    messages_cancel(key_prefix="c")
    enqueue("d", scope="event:2")

    counts = message_counts(scope="event:1")

    assert counts["total"] == 3
    assert counts["by_status"] == {
        Status.QUEUED: 2,
        Status.SENDING: 0,
        Status.SENT: 0,
        Status.FAILED: 0,
        Status.CANCELLED: 1,
    }
    assert counts["by_kind"] == {
        "registration.approved": {"total": 2, Status.QUEUED: 2},
        "registration.received": {"total": 1, Status.CANCELLED: 1},
    }


def test_messages_stay_within_their_scope():
    mine = enqueue("a", recipient="amina@example.org")
    other = enqueue("b", scope="event:2")

    assert list(messages_in_scope(scope="event:1")) == [mine]
    assert list(messages_in_scope(scope="event:1", search="AMINA")) == [mine]
    assert list(messages_in_scope(scope="event:1", status=Status.SENT)) == []
    assert message_get(scope="event:1", message_id=other.pk) is None


def delay(message, *, reason: str, attempts: int = 1, since=None) -> None:
    Message.objects.filter(pk=message.pk).update(
        attempts=attempts,
        error_reason=reason,
        first_attempt_at=since or timezone.now(),
        scheduled_at=timezone.now() + timedelta(minutes=5),
    )


def test_delayed_messages_are_counted_by_reason_most_first():
    long_ago = timezone.now() - timedelta(hours=20)
    for key in ("a", "b", "c"):
        delay(enqueue(key), reason=ErrorReason.SERVER_UNREACHABLE)
    delay(enqueue("d"), reason=ErrorReason.SERVER_UNREACHABLE, since=long_ago)
    delay(enqueue("e"), reason=ErrorReason.SERVER_DEFERRED, attempts=3)
    delay(enqueue("f"), reason="")
    enqueue("not tried yet")
    failed = enqueue("failed")
    Message.objects.filter(pk=failed.pk).update(
        status=Status.FAILED, attempts=1, error_reason=ErrorReason.ADDRESS_REFUSED
    )
    delay(enqueue("other scope", scope="event:2"), reason=ErrorReason.SERVER_DEFERRED)

    delayed = messages_delayed_by_reason(scope="event:1")

    assert [(group.reason, group.count) for group in delayed] == [
        (ErrorReason.SERVER_UNREACHABLE, 4),
        ("", 1),
        (ErrorReason.SERVER_DEFERRED, 1),
    ]
    assert delayed[0].label == "The mail server could not be reached or closed the connection."
    assert delayed[0].since == long_ago
    assert delayed[1].label == "No reason recorded."


def test_the_oldest_due_message_gives_the_age_of_the_queue():
    now = timezone.now()
    assert message_oldest_due_age() is None
    enqueue("later", scheduled_at=now + timedelta(minutes=10))
    assert message_oldest_due_age() is None

    enqueue("due", scheduled_at=now - timedelta(minutes=3))
    enqueue("due elsewhere", scope="event:2", scheduled_at=now - timedelta(minutes=7))
    sent = enqueue("sent long ago", scheduled_at=now - timedelta(hours=5))
    Message.objects.filter(pk=sent.pk).update(status=Status.SENT, sent_at=now)

    outbox_wide = message_oldest_due_age()
    in_scope = message_oldest_due_age(scope="event:1")

    assert timedelta(minutes=7) <= outbox_wide < timedelta(minutes=8)
    assert timedelta(minutes=3) <= in_scope < timedelta(minutes=4)
