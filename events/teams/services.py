"""Organizer teams: adding a member with a role."""

from events.summit.models import Event
from events.teams.models import TeamMembership


def team_member_add(*, event: Event, user, role: str) -> TeamMembership:
    membership, _created = TeamMembership.objects.get_or_create(event=event, user=user, role=role)
    return membership
