import pytest

from notifications.models import Status
from notifications.selectors import (
    dedupe_keys_with_prefix,
    message_counts,
    message_get,
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
