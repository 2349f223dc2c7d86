"""Registrants racing for the last places of a session, on a real PostgreSQL."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from agenda.personal.models import PersonalAgendaItem
from agenda.personal.services import personal_agenda_add
from agenda.programme.errors import AgendaError
from agenda.releases.services import schedule_release
from events.audit.services import Actor
from tests.agenda.factories import RoomFactory, SessionFactory
from tests.factories import CategoryFactory, EventFactory, RegistrationFactory

RACERS = 16
PLACES = 3


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_racing_registrants_never_overfill_a_session():
    event = EventFactory()
    category = CategoryFactory(event=event)
    session = SessionFactory(event=event, room=RoomFactory(event=event, capacity=PLACES))
    schedule_release(event_id=event.pk, actor=Actor(label="test"))
    registrations = [
        RegistrationFactory(event=event, category=category, status="approved")
        for _ in range(RACERS)
    ]
    barrier = threading.Barrier(RACERS)

    def add(registration) -> str:
        try:
            barrier.wait(timeout=10)
            personal_agenda_add(registration=registration, session_id=session.pk)
        except AgendaError as error:
            return error.code
        finally:
            connection.close()
        return "added"

    with ThreadPoolExecutor(max_workers=RACERS) as pool:
        outcomes = list(pool.map(add, registrations))

    assert outcomes.count("added") == PLACES
    assert outcomes.count("full") == RACERS - PLACES
    assert PersonalAgendaItem.objects.filter(session=session).count() == PLACES
