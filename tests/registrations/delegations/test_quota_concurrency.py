"""Members racing for a delegation's last places in a category, on a real PostgreSQL."""

import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from unittest import mock

import pytest
from django.db import connection

from events.summit.models import Event
from registrations.delegations import quotas
from registrations.delegations.models import DelegationQuota
from registrations.registration.errors import RegistrationError
from registrations.registration.models import Registration, Status
from registrations.registration.services import registration_submit
from tests.factories import CategoryFactory, DelegationFactory, EventFactory, RegistrationFactory
from tests.registrations.registration.test_capacity_concurrency import registrant

RACERS = 20
QUOTA = 5
TAKEN = 3  # so 2 places are left


def race(event, delegation) -> list[str]:
    barrier = threading.Barrier(RACERS)

    def submit(number: int) -> str:
        try:
            barrier.wait(timeout=10)
            data = replace(registrant(number, "delegate"), delegation=delegation.join_code)
            return registration_submit(event=event, data=data).status
        except RegistrationError as error:
            return error.code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=RACERS) as pool:
        return list(pool.map(submit, range(RACERS)))


def delegation_with_two_places_left():
    event = EventFactory()
    delegate = CategoryFactory(event=event, slug="delegate")
    delegation = DelegationFactory(event=event, quota=100)
    DelegationQuota.objects.create(delegation=delegation, category=delegate, allowed=QUOTA)
    for _ in range(TAKEN):
        RegistrationFactory(
            event=event, category=delegate, delegation=delegation, status=Status.APPROVED
        )
    return event, delegation


def holding(delegation) -> int:
    return Registration.objects.filter(
        delegation=delegation, status__in=[Status.PENDING, Status.APPROVED]
    ).count()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_members_racing_for_the_last_two_places_two_get_them():
    event, delegation = delegation_with_two_places_left()

    outcomes = race(event, delegation)

    assert outcomes.count(Status.PENDING) == QUOTA - TAKEN
    assert outcomes.count("quota") == RACERS - (QUOTA - TAKEN)
    assert holding(delegation) == QUOTA


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_control_without_the_lock_the_race_is_visible():
    """Proves the test above can see a race: with the event lock disabled, the quota overflows."""
    event, delegation = delegation_with_two_places_left()
    original = quotas.quota_refusal

    def slow_refusal(**kwargs):
        answer = original(**kwargs)
        threading.Event().wait(0.05)  # widen the window between check and insert
        return answer

    with (
        mock.patch(
            "registrations.registration.services.lock_event",
            lambda event_id: Event.objects.get(pk=event_id),
        ),
        mock.patch("registrations.registration.services.quota_refusal", slow_refusal),
    ):
        race(event, delegation)

    assert holding(delegation) > QUOTA
