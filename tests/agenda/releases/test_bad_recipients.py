"""A release that moves a session publishes, whatever the affected people's addresses
(issue #15: one registrant's address used to answer 500 and publish nothing)."""

from datetime import timedelta

import pytest
from django.test import TestCase

from agenda.personal.models import PersonalAgendaItem
from agenda.programme.services import session_update
from agenda.releases.models import ScheduleRelease
from notifications.dispatch import messages_dispatch_due
from notifications.models import ErrorReason, Message, Status
from tests.agenda.factories import SessionFactory
from tests.notifications.conftest import smtp_server  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


def test_a_release_moving_a_session_publishes_and_the_unusable_address_fails_with_the_reason(
    event,
    release,
    actor,
    make_registration,
    smtp_server,  # noqa: F811 (the fixture imported above)
):
    sink = smtp_server(refuse={"nobody@example.org"})
    session = SessionFactory(event=event, title={"en": "Keynote"}, starts_at=event.starts_at)
    people = [
        make_registration(email="attendee@example.org"),
        # Written straight into the database, past the form.
        make_registration(email="maria@@example.org"),
        make_registration(email="nobody@example.org"),
    ]
    for registration in people:
        PersonalAgendaItem.objects.create(registration=registration, session=session)
    release(event)
    session_update(
        session_id=session.pk,
        actor=actor,
        changes={
            "starts_at": session.starts_at + timedelta(hours=1),
            "ends_at": session.ends_at + timedelta(hours=1),
        },
    )

    # The change notices are a job queued after the release commits (eager in tests).
    with TestCase.captureOnCommitCallbacks(execute=True):
        published = release(event)
    messages_dispatch_due()

    assert ScheduleRelease.objects.get(is_current=True) == published
    notices = {
        message.recipient: (message.status, message.error_reason)
        for message in Message.objects.filter(kind="agenda.schedule_change")
    }
    assert notices == {
        "attendee@example.org": (Status.SENT, ""),
        "maria@@example.org": (Status.FAILED, ErrorReason.ADDRESS_INVALID),
        "nobody@example.org": (Status.FAILED, ErrorReason.ADDRESS_REFUSED),
    }
    assert [d.recipients for d in sink.deliveries] == [("attendee@example.org",)]
