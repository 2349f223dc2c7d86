"""Many registrants racing for the last places, on a real PostgreSQL."""

import threading
from concurrent.futures import ThreadPoolExecutor
from unittest import mock

import pytest
from django.db import connection

from registrations.registration import capacity
from registrations.registration.errors import RegistrationError
from registrations.registration.models import Registration, Status
from registrations.registration.services import RegistrationInput, registration_submit
from tests.factories import CategoryFactory, EventFactory

RACERS = 24
PLACES = 5


def registrant(number: int, category: str) -> RegistrationInput:
    return RegistrationInput(
        first_name="Racer",
        last_name=str(number),
        email=f"racer{number}@example.org",
        organization="Org",
        job_title="Delegate",
        country="AE",
        category=category,
        consent=True,
    )


def race(event, category_slug: str, count: int = RACERS, *, same_email: bool = False):
    barrier = threading.Barrier(count)

    def submit(number: int) -> str:
        try:
            barrier.wait(timeout=10)
            data = registrant(0 if same_email else number, category_slug)
            return registration_submit(event=event, data=data).status
        except RegistrationError as error:
            return type(error).__name__
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(submit, range(count)))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_racing_registrations_never_exceed_capacity():
    event = EventFactory()
    CategoryFactory(event=event, slug="delegate", capacity=PLACES, allows_waitlist=True)

    outcomes = race(event, "delegate")

    assert outcomes.count(Status.PENDING) == PLACES
    assert outcomes.count(Status.WAITLISTED) == RACERS - PLACES
    assert Registration.objects.filter(status=Status.PENDING).count() == PLACES


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_racing_for_a_full_category_without_waitlist_refuses_the_rest():
    event = EventFactory(capacity=PLACES)
    CategoryFactory(event=event, slug="delegate", allows_waitlist=False)

    outcomes = race(event, "delegate")

    assert outcomes.count(Status.PENDING) == PLACES
    assert outcomes.count("RegistrationFull") == RACERS - PLACES


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_racing_duplicates_create_one_registration():
    event = EventFactory()
    CategoryFactory(event=event, slug="delegate")

    outcomes = race(event, "delegate", count=12, same_email=True)

    assert outcomes.count(Status.PENDING) == 1
    assert outcomes.count("DuplicateRegistration") == 11
    assert Registration.objects.count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_control_without_the_lock_the_race_is_visible():
    """Proves the test above can see a race: with the event lock disabled, places overflow."""
    event = EventFactory()
    CategoryFactory(event=event, slug="delegate", capacity=PLACES, allows_waitlist=True)
    from events.summit.models import Event

    original_has_room = capacity.has_room

    def slow_has_room(**kwargs):
        answer = original_has_room(**kwargs)
        threading.Event().wait(0.05)  # widen the window between check and insert
        return answer

    with (
        mock.patch(
            "registrations.registration.services.lock_event",
            lambda event_id: Event.objects.get(pk=event_id),
        ),
        mock.patch("registrations.registration.services.has_room", slow_has_room),
    ):
        race(event, "delegate")

    assert Registration.objects.filter(status=Status.PENDING).count() > PLACES
