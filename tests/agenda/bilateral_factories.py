"""Delegations with a head, and times of the test summit, for the bilateral meeting tests."""

from datetime import datetime, timedelta

from agenda.bilaterals.services import SlotInput
from registrations.delegations.models import Delegation
from tests.agenda.factories import RoomFactory
from tests.factories import DelegationFactory, RegistrationFactory


def delegation_with_head(event, category, name: str, *, language: str = "en", **head) -> Delegation:
    """A delegation led by an approved head of delegation (a member like the workflow leaves)."""
    delegation = DelegationFactory(event=event, name={"en": name, "ar": f"وفد {name}"})
    leader = RegistrationFactory(
        event=event,
        category=category,
        status="approved",
        delegation=delegation,
        language=language,
        first_name=head.pop("first_name", f"Head of {name}"),
        **head,
    )
    Delegation.objects.filter(pk=delegation.pk).update(head=leader)
    delegation.refresh_from_db()
    return delegation


def member_of(delegation: Delegation, category, *, status: str = "approved"):
    return RegistrationFactory(
        event=delegation.event, category=category, status=status, delegation=delegation
    )


def at(event, day: int, clock: str) -> datetime:
    """`clock` (HH:MM) on day `day` (1 = the first) of the summit, in its time zone."""
    hour, minute = (int(part) for part in clock.split(":"))
    first = event.starts_at.astimezone(event.tzinfo)
    return first.replace(hour=hour, minute=minute) + timedelta(days=day - 1)


def slot(event, day: int, clock: str, minutes: int = 30) -> SlotInput:
    start = at(event, day, clock)
    return SlotInput(start, start + timedelta(minutes=minutes))


def bilateral_room(event, name: str = "Bilateral room 1", **fields):
    return RoomFactory(event=event, name={"en": name}, is_bilateral=True, **fields)
