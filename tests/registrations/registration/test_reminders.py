from datetime import timedelta

import pytest
from django.utils import timezone

from events.audit.services import Actor
from notifications.models import Message
from registrations.registration import reminders
from registrations.registration.reminders import summit_reminders_plan
from registrations.registration.services import registration_revoke
from tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    # Starts in 24 hours and 10 minutes: the 24-hour reminder is due in 10 minutes.
    starts = timezone.now() + timedelta(hours=24, minutes=10)
    return EventFactory(
        starts_at=starts,
        ends_at=starts + timedelta(days=2),
        registration_opens_at=None,
        registration_closes_at=None,
        summit_reminder_hours=24,
    )


def test_approved_registrants_get_one_reminder_planned_at_the_right_time(event):
    approved = RegistrationFactory(event=event, status="approved", language="ar")
    RegistrationFactory(event=event, status="pending")
    RegistrationFactory(event=event, status="cancelled")

    assert summit_reminders_plan() == 1
    assert summit_reminders_plan() == 0  # idempotent

    reminder = Message.objects.get(kind="reminder.summit")
    assert reminder.recipient == approved.email
    assert reminder.language == "ar"
    assert reminder.scheduled_at == event.starts_at - timedelta(hours=24)


def test_nothing_is_planned_long_before_it_is_due(event):
    RegistrationFactory(event=event, status="approved")

    assert summit_reminders_plan(now=timezone.now() - timedelta(hours=2)) == 0


def test_a_revoked_registration_loses_its_planned_reminder(event):
    registration = RegistrationFactory(event=event, status="approved")
    summit_reminders_plan()

    registration_revoke(registration_id=registration.pk, actor=Actor.system())

    assert Message.objects.get(kind="reminder.summit").status == "cancelled"


def test_a_summit_without_reminders_plans_none(event):
    event.summit_reminder_hours = 0
    event.save()
    RegistrationFactory(event=event, status="approved")

    assert summit_reminders_plan() == 0


def test_an_unusable_address_or_an_error_in_one_reminder_does_not_stop_the_others(
    event, monkeypatch
):
    good = RegistrationFactory(event=event, status="approved", email="a@example.org")
    RegistrationFactory(event=event, status="approved", email="maria@@example.org")
    broken = RegistrationFactory(event=event, status="approved", email="broken@example.org")
    enqueue = reminders.message_enqueue_from_templates

    def enqueue_or_break(**fields):
        if fields["recipient"] == broken.email:
            raise RuntimeError("template missing")
        return enqueue(**fields)

    monkeypatch.setattr(reminders, "message_enqueue_from_templates", enqueue_or_break)

    assert summit_reminders_plan() == 2

    statuses = dict(
        Message.objects.filter(kind="reminder.summit").values_list("recipient", "status")
    )
    assert statuses == {good.email: "queued", "maria@@example.org": "failed"}
    monkeypatch.undo()
    assert summit_reminders_plan() == 1  # the next run queues the one that failed
