"""A copy of a message to another address (notifications.services.message_copy_to)."""

import pytest

from notifications.models import ErrorReason, Status
from notifications.services import (
    Attachment,
    NotificationError,
    message_copy_to,
    message_enqueue,
)

pytestmark = pytest.mark.django_db


def failed_message():
    return message_enqueue(
        dedupe_key="registration:7:approved:1",
        recipient="amina@@example.org",
        recipient_name="Amina Haddad",
        kind="registration.approved",
        scope="event:1",
        subject="Approved",
        body_text="You are approved.",
        body_html="<p>You are approved.</p>",
        language="ar",
        attachments=[Attachment("summit.ics", b"BEGIN:VCALENDAR", "text/calendar")],
    )


def test_the_copy_goes_to_the_new_address_with_everything_else_the_same():
    original = failed_message()
    assert original.status == Status.FAILED

    copy = message_copy_to(
        message_id=original.pk, recipient="amina@example.org", dedupe_key="copy:1"
    )

    assert copy.pk != original.pk
    assert (copy.recipient, copy.status, copy.error_reason) == ("amina@example.org", "queued", "")
    for name in ("recipient_name", "kind", "scope", "subject", "body_text", "body_html"):
        assert getattr(copy, name) == getattr(original, name)
    assert copy.language == "ar"
    assert copy.provider_message_id != original.provider_message_id
    [attachment] = copy.attachments.all()
    assert (attachment.filename, bytes(attachment.content)) == ("summit.ics", b"BEGIN:VCALENDAR")
    original.refresh_from_db()
    assert (original.status, original.recipient) == (Status.FAILED, "amina@@example.org")


def test_copying_twice_with_one_key_gives_one_copy():
    original = failed_message()

    first = message_copy_to(message_id=original.pk, recipient="a@example.org", dedupe_key="k")
    second = message_copy_to(message_id=original.pk, recipient="a@example.org", dedupe_key="k")

    assert first.pk == second.pk


def test_a_copy_to_an_unusable_address_fails_with_the_reason():
    original = failed_message()

    copy = message_copy_to(message_id=original.pk, recipient="still bad@", dedupe_key="k")

    assert (copy.status, copy.error_reason) == (Status.FAILED, ErrorReason.ADDRESS_INVALID)


def test_an_unknown_message_is_refused():
    with pytest.raises(NotificationError, match="does not exist"):
        message_copy_to(message_id=404, recipient="a@example.org", dedupe_key="k")
