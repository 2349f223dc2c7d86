"""Reminder planning: outbox rows with versioned keys, cancelled when no longer valid."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from agenda.personal.models import PersonalAgendaItem
from agenda.personal.services import personal_agenda_add, personal_agenda_remove
from agenda.programme.services import session_update
from agenda.reminders.services import reminders_plan
from agenda.reminders.tasks import plan_reminders
from notifications.dispatch import messages_dispatch_due
from notifications.models import Message
from tests.agenda.factories import SessionFactory, SessionSpeakerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def live_event(event):
    """The event is happening now: it began an hour ago, ends in a day."""
    now = timezone.now().replace(microsecond=0)
    event.starts_at = now - timedelta(hours=1)
    event.ends_at = now + timedelta(days=1)
    event.registration_opens_at = now - timedelta(days=30)
    event.registration_closes_at = now - timedelta(days=2)
    event.save()
    return event


def session_in(event, minutes, **fields):
    starts = timezone.now().replace(second=0, microsecond=0) + timedelta(minutes=minutes)
    return SessionFactory(
        event=event, starts_at=starts, ends_at=starts + timedelta(hours=1), **fields
    )


def reminders(**filters):
    return Message.objects.filter(
        kind__in=["agenda.session_reminder", "agenda.speaker_reminder"], **filters
    )


def test_a_session_reminder_is_planned_before_the_session(live_event, release, make_registration):
    session = session_in(live_event, 120)
    registration = make_registration(email="amina@example.org")
    PersonalAgendaItem.objects.create(registration=registration, session=session)
    release(live_event)

    report = reminders_plan()

    reminder = reminders().get()
    assert report.planned == 1
    assert (
        reminder.dedupe_key
        == f"reminder:session:{session.pk}:registration:{registration.pk}:v0:30m"
    )
    assert reminder.scheduled_at == session.starts_at - timedelta(minutes=30)
    assert reminder.recipient == "amina@example.org"
    assert reminder.status == "queued"
    assert session.title.get("en") in reminder.subject


def test_planning_is_idempotent(live_event, release, make_registration):
    session = session_in(live_event, 120)
    PersonalAgendaItem.objects.create(registration=make_registration(), session=session)
    release(live_event)

    reminders_plan()
    second = reminders_plan()
    plan_reminders.delay()

    assert reminders().count() == 1
    assert second.planned == 0
    assert second.kept == 1


def test_only_approved_registrants_get_reminders(live_event, release, make_registration):
    session = session_in(live_event, 120)
    for status in ("pending", "waitlisted", "cancelled", "revoked"):
        PersonalAgendaItem.objects.create(
            registration=make_registration(status=status), session=session
        )
    release(live_event)

    reminders_plan()

    assert not reminders().exists()


def test_speakers_get_a_speaker_reminder_instead(live_event, release, make_speaker):
    session = session_in(live_event, 180)
    speaker = make_speaker()
    SessionSpeakerFactory(session=session, registration=speaker)
    PersonalAgendaItem.objects.create(registration=speaker, session=session)
    release(live_event)

    reminders_plan()

    reminder = reminders().get()
    assert reminder.kind == "agenda.speaker_reminder"
    assert reminder.dedupe_key == f"reminder:session:{session.pk}:speaker:{speaker.pk}:v0:60m"
    assert reminder.scheduled_at == session.starts_at - timedelta(minutes=60)


def test_nothing_is_planned_for_cancelled_sessions(live_event, release, make_registration, actor):
    session = session_in(live_event, 120)
    PersonalAgendaItem.objects.create(registration=make_registration(), session=session)
    release(live_event)
    reminders_plan()

    session_update(session_id=session.pk, actor=actor, changes={"status": "cancelled"})
    release(live_event)
    reminders_plan()

    assert list(reminders().values_list("status", flat=True)) == ["cancelled"]


def test_reminders_beyond_the_horizon_wait(live_event, release, make_registration, settings):
    settings.AGENDA_REMINDER_HORIZON_HOURS = 1
    soon = session_in(live_event, 60)
    later = session_in(live_event, 180)
    registration = make_registration()
    for session in (soon, later):
        PersonalAgendaItem.objects.create(registration=registration, session=session)
    release(live_event)

    reminders_plan()

    assert [m.dedupe_key.split(":")[2] for m in reminders()] == [str(soon.pk)]


def test_a_moved_session_sends_only_the_new_reminder(live_event, release, make_registration, actor):
    # Planned for 10 minutes from now; then moved to start in 20: both reminders
    # are due at once, and only the new version may go out.
    session = session_in(live_event, 40)
    registration = make_registration(email="amina@example.org")
    PersonalAgendaItem.objects.create(registration=registration, session=session)
    release(live_event)
    reminders_plan()
    old = reminders().get()
    assert old.dedupe_key.endswith(":v0:30m")

    new_start = session.starts_at - timedelta(minutes=20)
    session_update(
        session_id=session.pk,
        actor=actor,
        changes={"starts_at": new_start, "ends_at": new_start + timedelta(hours=1)},
    )
    release(live_event)
    reminders_plan()
    messages_dispatch_due()

    old.refresh_from_db()
    new = reminders().exclude(pk=old.pk).get()
    assert old.status == "cancelled"
    assert new.dedupe_key.endswith(":v1:30m")
    assert new.status == "sent"
    reminder_mails = [m for m in mail.outbox if "Reminder" in m.subject]
    assert len(reminder_mails) == 1
    local = new_start.astimezone(live_event.tzinfo).strftime("%H:%M")
    assert local in reminder_mails[0].subject
    # The planner run after the dispatch changes nothing.
    reminders_plan()
    assert reminders().count() == 2


def test_removing_a_session_cancels_its_reminder_and_adding_it_back_plans_again(
    live_event, release, make_registration
):
    session = session_in(live_event, 120)
    registration = make_registration()
    release(live_event)
    personal_agenda_add(registration=registration, session_id=session.pk)
    reminders_plan()

    personal_agenda_remove(registration=registration, session_id=session.pk)
    assert list(reminders().values_list("status", flat=True)) == ["cancelled"]
    personal_agenda_add(registration=registration, session_id=session.pk)
    reminders_plan()

    statuses = dict(reminders().values_list("dedupe_key", "status"))
    base = f"reminder:session:{session.pk}:registration:{registration.pk}:v0:30m"
    assert statuses == {base: "cancelled", f"{base}:2": "queued"}


def test_a_revoked_registration_loses_its_planned_reminder(live_event, release, make_registration):
    session = session_in(live_event, 120)
    registration = make_registration()
    PersonalAgendaItem.objects.create(registration=registration, session=session)
    release(live_event)
    reminders_plan()

    registration.status = "revoked"
    registration.save()
    report = reminders_plan()

    assert report.cancelled == 1
    assert list(reminders().values_list("status", flat=True)) == ["cancelled"]


def test_a_zero_offset_turns_reminders_off(live_event, release, make_registration):
    live_event.session_reminder_minutes = 0
    live_event.save()
    session = session_in(live_event, 120)
    PersonalAgendaItem.objects.create(registration=make_registration(), session=session)
    release(live_event)

    reminders_plan()

    assert not reminders().exists()


def test_the_beat_schedule_runs_the_planner_every_minute(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["agenda.plan_reminders"]

    assert entry["task"] == plan_reminders.name == "agenda.plan_reminders"
    assert entry["schedule"] == 60.0


def test_a_french_registrant_is_reminded_in_french(live_event, release, make_registration):
    session = session_in(
        live_event,
        120,
        title={"en": "Opening ceremony", "ar": "حفل الافتتاح", "fr": "Cérémonie d'ouverture"},
    )
    registration = make_registration(email="jeanne@example.org", language="fr")
    PersonalAgendaItem.objects.create(registration=registration, session=session)
    release(live_event)

    reminders_plan()

    reminder = reminders().get()
    assert reminder.language == "fr"
    assert "Cérémonie d'ouverture" in reminder.subject
    assert "Cérémonie d'ouverture" in reminder.body_text
    assert "Opening ceremony" not in reminder.body_text
