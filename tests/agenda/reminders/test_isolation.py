"""Reminder planning: one recipient, one reminder, one event never stops the rest."""

from datetime import timedelta

import pytest
from django.utils import timezone

from agenda.personal.models import PersonalAgendaItem
from agenda.reminders import services
from agenda.reminders.services import reminders_plan
from notifications.models import ErrorReason, Message, Status
from tests.agenda.factories import SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def live_event(event):
    now = timezone.now().replace(microsecond=0)
    event.starts_at = now - timedelta(hours=1)
    event.ends_at = now + timedelta(days=1)
    event.registration_opens_at = now - timedelta(days=30)
    event.registration_closes_at = now - timedelta(days=2)
    event.save()
    return event


def attending(event, make_registration, *emails):
    starts = timezone.now().replace(second=0, microsecond=0) + timedelta(minutes=120)
    session = SessionFactory(event=event, starts_at=starts, ends_at=starts + timedelta(hours=1))
    people = [make_registration(email=email) for email in emails]
    for registration in people:
        PersonalAgendaItem.objects.create(registration=registration, session=session)
    return session, people


def test_an_address_the_form_would_refuse_gets_a_failed_reminder_and_the_rest_are_planned(
    live_event, release, make_registration
):
    attending(live_event, make_registration, "a@example.org", "maria@@example.org", "b@example.org")
    release(live_event)

    report = reminders_plan()

    assert (report.planned, report.messages_failed, report.failed) == (3, 1, {})
    statuses = dict(
        Message.objects.filter(kind="agenda.session_reminder").values_list("recipient", "status")
    )
    assert statuses == {
        "a@example.org": Status.QUEUED,
        "maria@@example.org": Status.FAILED,
        "b@example.org": Status.QUEUED,
    }
    failed = Message.objects.get(recipient="maria@@example.org")
    assert failed.error_reason == ErrorReason.ADDRESS_INVALID


def test_an_error_in_one_reminder_is_reported_and_the_others_are_planned(
    live_event, release, make_registration, monkeypatch
):
    _session, people = attending(
        live_event, make_registration, "a@example.org", "broken@example.org", "b@example.org"
    )
    release(live_event)
    enqueue = services.reminder_enqueue

    def enqueue_or_break(**fields):
        if fields["registration"].email == "broken@example.org":
            raise RuntimeError("template missing")
        return enqueue(**fields)

    monkeypatch.setattr(services, "reminder_enqueue", enqueue_or_break)

    report = reminders_plan()

    assert report.planned == 2
    [(key, error)] = report.failed.items()
    assert f"registration:{people[1].pk}:" in key
    assert error == "RuntimeError"
    monkeypatch.undo()
    # The next run plans the one that failed, and only that one.
    assert reminders_plan().planned == 1
    assert Message.objects.filter(kind="agenda.session_reminder").count() == 3
