"""Editing the draft: dates, overlaps of rooms and speakers, who may speak."""

from datetime import timedelta

import pytest

from agenda.programme.errors import AgendaError
from agenda.programme.models import Session, SessionSpeaker
from agenda.programme.services import (
    SpeakerInput,
    room_save,
    session_create,
    session_delete,
    session_speaker_add,
    session_update,
)
from events.audit.models import AuditEntry
from tests.agenda.factories import RoomFactory, SessionFactory, SessionSpeakerFactory
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def data(event, room=None, hours=1, length=1, **extra):
    starts = event.starts_at + timedelta(hours=hours)
    return {
        "title": {"en": "Ransomware: disrupting the business model", "ar": "برامج الفدية"},
        "kind": "panel",
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=length),
        "room": room,
        **extra,
    }


def test_a_session_is_created_in_the_draft_and_audited(event, actor, make_speaker):
    room = RoomFactory(event=event)
    speaker = make_speaker()

    session = session_create(
        event=event, actor=actor, data=data(event, room), speakers=[SpeakerInput(speaker.pk)]
    )

    assert session.releases.count() == 0
    assert list(session.speakers.values_list("registration", flat=True)) == [speaker.pk]
    assert AuditEntry.objects.filter(action="session.created", object_id=str(session.pk)).exists()


def test_the_end_must_come_after_the_start(event, actor):
    with pytest.raises(AgendaError) as refused:
        session_create(event=event, actor=actor, data=data(event, length=0))

    assert refused.value.field == "ends_at"
    assert refused.value.message == "The session must end after it starts."
    assert not Session.objects.exists()


@pytest.mark.parametrize(("hours", "length"), [(-2, 1), (34, 1), (33, 2)])
def test_a_session_outside_the_event_dates_is_refused(event, actor, hours, length):
    with pytest.raises(AgendaError) as refused:
        session_create(event=event, actor=actor, data=data(event, hours=hours, length=length))

    assert refused.value.code == "outside_event"
    assert "during the summit" in refused.value.message
    assert "Asia/Dubai" in refused.value.message


def test_a_double_booked_room_names_the_clashing_session(event, actor):
    room = RoomFactory(event=event, name={"en": "Hall A"})
    SessionFactory(
        event=event, room=room, title={"en": "Synthetic drugs"}, starts_at=event.starts_at
    )

    with pytest.raises(AgendaError) as refused:
        session_create(event=event, actor=actor, data=data(event, room, hours=0.5))

    assert refused.value.field == "room"
    assert "Hall A" in refused.value.message
    assert "“Synthetic drugs”" in refused.value.message


def test_back_to_back_sessions_in_one_room_do_not_clash(event, actor):
    room = RoomFactory(event=event)
    SessionFactory(event=event, room=room, starts_at=event.starts_at)

    session_create(event=event, actor=actor, data=data(event, room, hours=1))

    assert Session.objects.count() == 2


def test_a_cancelled_session_books_nothing(event, actor):
    room = RoomFactory(event=event)
    SessionFactory(event=event, room=room, starts_at=event.starts_at, status="cancelled")

    session_create(event=event, actor=actor, data=data(event, room, hours=0))

    assert Session.objects.count() == 2


def test_a_double_booked_speaker_names_the_clashing_session(event, actor, make_speaker):
    speaker = make_speaker(first_name="Amina", last_name="Haddad")
    other = SessionFactory(event=event, title={"en": "Border security"}, starts_at=event.starts_at)
    SessionSpeakerFactory(session=other, registration=speaker)

    with pytest.raises(AgendaError) as refused:
        session_create(
            event=event,
            actor=actor,
            data=data(event, RoomFactory(event=event), hours=0.5),
            speakers=[SpeakerInput(speaker.pk)],
        )

    assert refused.value.field == "speakers"
    assert "Amina Haddad" in refused.value.message
    assert "“Border security”" in refused.value.message


def test_adding_a_speaker_checks_their_other_sessions(event, actor, make_speaker):
    speaker = make_speaker()
    first = SessionFactory(event=event, starts_at=event.starts_at)
    SessionSpeakerFactory(session=first, registration=speaker)
    second = SessionFactory(event=event, starts_at=event.starts_at + timedelta(minutes=30))

    with pytest.raises(AgendaError) as refused:
        session_speaker_add(session_id=second.pk, registration_id=speaker.pk, actor=actor)

    assert refused.value.code == "speaker_overlap"
    assert first.title.get("en") in refused.value.message
    assert not SessionSpeaker.objects.filter(session=second).exists()


def test_moving_a_session_onto_a_booked_room_is_refused(event, actor):
    room = RoomFactory(event=event)
    SessionFactory(event=event, room=room, starts_at=event.starts_at, title={"en": "Keynote"})
    moving = SessionFactory(event=event, room=room, starts_at=event.starts_at + timedelta(hours=2))

    with pytest.raises(AgendaError) as refused:
        session_update(
            session_id=moving.pk,
            actor=actor,
            changes={
                "starts_at": event.starts_at + timedelta(minutes=30),
                "ends_at": event.starts_at + timedelta(minutes=90),
            },
        )

    assert "“Keynote”" in refused.value.message
    moving.refresh_from_db()
    assert moving.starts_at == event.starts_at + timedelta(hours=2)


def test_a_rejected_or_unapproved_delegate_cannot_speak(event, actor, make_registration):
    pending = make_registration(status="pending")
    rejected = make_registration(status="rejected")
    session = SessionFactory(event=event)

    for registration in (pending, rejected):
        with pytest.raises(AgendaError):
            session_speaker_add(session_id=session.pk, registration_id=registration.pk, actor=actor)


def test_a_pending_registrant_of_the_speaker_category_may_speak(event, actor, make_speaker):
    speaker = make_speaker(status="pending")
    session = SessionFactory(event=event)

    session_speaker_add(
        session_id=session.pk, registration_id=speaker.pk, actor=actor, role="chair"
    )

    assert session.speakers.get().role == "chair"


def test_a_room_of_another_event_is_refused(event, actor):
    foreign_room = RoomFactory(event=EventFactory())

    with pytest.raises(AgendaError) as refused:
        session_create(event=event, actor=actor, data=data(event, foreign_room))

    assert refused.value.field == "room"


def test_a_released_session_cannot_be_deleted_only_cancelled(event, actor, release):
    session = SessionFactory(event=event)
    release(event)

    with pytest.raises(AgendaError) as refused:
        session_delete(session_id=session.pk, actor=actor)

    assert "cancel it instead" in refused.value.message
    assert Session.objects.filter(pk=session.pk).exists()


def test_a_draft_session_can_be_deleted(event, actor):
    session = SessionFactory(event=event)

    session_delete(session_id=session.pk, actor=actor)

    assert not Session.objects.exists()


def test_room_slugs_are_unique_per_event(event, actor):
    room_save(event=event, actor=actor, data={"slug": "hall-a", "name": {"en": "Hall A"}})

    with pytest.raises(AgendaError) as refused:
        room_save(event=event, actor=actor, data={"slug": "hall-a", "name": {"en": "Other"}})

    assert refused.value.field == "slug"
