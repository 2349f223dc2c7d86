"""Reads of organizer teams: who holds which roles, on which events."""

from django.db.models import QuerySet

from events.summit.models import Event
from events.teams.models import Role, TeamInvitation, TeamMembership


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


def user_events_administered(*, user) -> QuerySet[Event]:
    """The events `user` holds the admin role on (every event for a superuser)."""
    if not user.is_authenticated:
        return Event.objects.none()
    if user.is_superuser:
        return Event.objects.all()
    return Event.objects.filter(team__user=user, team__role=Role.ADMIN).distinct()


def user_may_create_events(*, user) -> bool:
    """An organizer-level admin: a superuser, or an admin of at least one event."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or TeamMembership.objects.filter(user=user, role=Role.ADMIN).exists()


def team_members(*, event: Event) -> QuerySet[TeamMembership]:
    """The event's memberships, one per person and role, grouped by person."""
    return (
        TeamMembership.objects.filter(event=event)
        .select_related("user")
        .order_by("user__first_name", "user__last_name", "user__email", "user_id", "role")
    )


def team_invitations_open(*, event: Event) -> QuerySet[TeamInvitation]:
    """Invitations neither accepted nor cancelled (expired ones too: they may be resent)."""
    return TeamInvitation.objects.filter(event=event, accepted_at=None, revoked_at=None).order_by(
        "-created_at", "-pk"
    )


def team_invitations(*, event: Event) -> QuerySet[TeamInvitation]:
    """Every invitation of the event, in any state, newest first."""
    return TeamInvitation.objects.filter(event=event).order_by("-created_at", "-pk")
