"""Team steps at the same moment, on a real PostgreSQL: one link, one member; one admin stays."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from events.audit.services import Actor
from events.errors import DomainError
from events.teams.invitations import team_invitation_accept, team_invitation_create
from events.teams.models import Role, TeamMembership
from events.teams.services import team_member_add, team_member_remove
from tests.factories import EventFactory, UserFactory

RACERS = 6
PASSWORD = "Orange-harbour-lantern-42"


def race(steps) -> list[str]:
    """Run every step at once (after a barrier); "ok" or the refusal's code, each."""
    barrier = threading.Barrier(len(steps))

    def run(step) -> str:
        try:
            barrier.wait(timeout=30)
            step()
        except DomainError as error:
            return error.code
        finally:
            connection.close()
        return "ok"

    with ThreadPoolExecutor(max_workers=len(steps)) as pool:
        return list(pool.map(run, steps))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_link_clicked_many_times_at_once_makes_one_account_and_one_member():
    event = EventFactory()
    lead = UserFactory()
    team_member_add(event=event, user=lead, role=Role.ADMIN)
    invitation = team_invitation_create(
        event=event,
        email="new@example.org",
        role=Role.CHECKIN,
        actor=Actor(label="lead", user=lead),
        language="en",
    )

    def accept():
        team_invitation_accept(
            invitation_id=invitation.pk,
            actor=Actor(label="anonymous"),
            password=PASSWORD,
            first_name="New",
            last_name="Person",
        )

    outcomes = race([accept] * RACERS)

    assert outcomes.count("ok") == 1
    assert outcomes.count("invitation_accepted") == RACERS - 1
    assert get_user_model().objects.filter(email="new@example.org").count() == 1
    assert TeamMembership.objects.filter(event=event, role=Role.CHECKIN).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_admins_removing_each_other_at_once_leave_one_admin():
    event = EventFactory()
    admins = [
        team_member_add(event=event, user=UserFactory(), role=Role.ADMIN) for _ in range(RACERS)
    ]

    outcomes = race(
        [
            lambda membership=membership: team_member_remove(
                event=event, membership_id=membership.pk, actor=Actor(label="x")
            )
            for membership in admins
        ]
    )

    assert outcomes.count("ok") == RACERS - 1
    assert outcomes.count("last_admin") == 1
    assert TeamMembership.objects.filter(event=event, role=Role.ADMIN).count() == 1
