"""Heads accepting bilateral meetings at the same moment, on a real PostgreSQL."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from agenda.bilaterals.models import BilateralMeeting, BilateralStatus
from agenda.bilaterals.services import bilateral_accept, bilateral_request
from agenda.programme.errors import AgendaError
from registrations.delegations.models import Delegation
from tests.agenda.bilateral_factories import bilateral_room, delegation_with_head, slot
from tests.factories import CategoryFactory

RACERS = 8


def race(accepts) -> list[str]:
    """Run each (delegation id, meeting id, slot id) accept at once; their outcomes."""
    barrier = threading.Barrier(len(accepts))

    def accept(job) -> str:
        delegation_id, meeting_id, slot_id = job
        try:
            delegation = Delegation.objects.select_related("event").get(pk=delegation_id)
            barrier.wait(timeout=30)
            bilateral_accept(delegation=delegation, meeting_id=meeting_id, slot_id=slot_id)
        except AgendaError as error:
            return error.code
        finally:
            connection.close()
        return "confirmed"

    with ThreadPoolExecutor(max_workers=len(accepts)) as pool:
        return list(pool.map(accept, accepts))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_racing_accepts_of_overlapping_times_confirm_one_meeting_of_a_delegation(event):
    category = CategoryFactory(event=event)
    bilateral_room(event, slug="majlis-1")
    bilateral_room(event, slug="majlis-2", name="Bilateral room 2")
    host = delegation_with_head(event, category, "Host")
    jobs = []
    for number in range(RACERS):
        guest = delegation_with_head(event, category, f"Guest {number}")
        # Every request overlaps all the others: 10:00-10:30, 10:02-10:32, ... 10:14-10:44
        meeting = bilateral_request(
            delegation=host,
            counterpart_id=guest.pk,
            slots=[slot(event, 1, f"10:{number * 2:02d}")],
        )
        jobs.append((guest.pk, meeting.pk, meeting.open_slots()[0].pk))

    outcomes = race(jobs)

    assert outcomes.count("confirmed") == 1
    assert outcomes.count("delegation_busy") == RACERS - 1
    assert BilateralMeeting.objects.filter(status=BilateralStatus.CONFIRMED).count() == 1
    assert BilateralMeeting.objects.filter(status=BilateralStatus.REQUESTED).count() == RACERS - 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_racing_accepts_of_different_delegations_never_share_a_room(event):
    category = CategoryFactory(event=event)
    rooms = [bilateral_room(event, slug=f"majlis-{n}", name=f"Majlis {n}") for n in range(2)]
    jobs = []
    for number in range(RACERS):
        first = delegation_with_head(event, category, f"First {number}")
        second = delegation_with_head(event, category, f"Second {number}")
        meeting = bilateral_request(
            delegation=first, counterpart_id=second.pk, slots=[slot(event, 1, "10:00")]
        )
        jobs.append((second.pk, meeting.pk, meeting.open_slots()[0].pk))

    outcomes = race(jobs)

    assert outcomes.count("confirmed") == RACERS  # disjoint delegations: all confirmed
    with_room = BilateralMeeting.objects.filter(room__isnull=False)
    assert with_room.count() == len(rooms)
    assert set(with_room.values_list("room_id", flat=True)) == {room.pk for room in rooms}
