"""Reads of organizer teams: who holds which roles, on which events."""

from django.db.models import QuerySet

from events.summit.models import Event
from events.teams.models import Role, TeamMembership


def roles_that_may(role: str) -> set[str]:
    """The roles that may act where `role` is required: the role itself and admin."""
    return {role, Role.ADMIN}


def user_event_roles(*, user, event: Event) -> set[str]:
    if not user.is_authenticated:
        return set()
    if user.is_superuser:
        return set(Role.values)
    return set(TeamMembership.objects.filter(user=user, event=event).values_list("role", flat=True))


def user_events(*, user) -> QuerySet[Event]:
    if user.is_superuser:
        return Event.objects.all()
    return Event.objects.filter(team__user=user).distinct()
