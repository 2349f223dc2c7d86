"""The one role check: who holds which role on an event, for the API and the pages.

A signed-in organizer holds roles through team memberships (a superuser holds
every role); an API token (`TokenPrincipal`) holds its one role on its one event.
Admin may act wherever another role is required (`roles_that_may`).
"""

from collections.abc import Iterable

from rest_framework.permissions import BasePermission

from events.summit.models import Event
from events.teams.models import Role
from events.teams.selectors import roles_that_may, user_event_roles, user_may_create_events
from events.tokens.authentication import TokenPrincipal


def event_roles_held(principal, event: Event) -> set[str]:
    """The roles `principal` (a user or an API token's principal) holds on `event`."""
    if principal is None or not principal.is_authenticated:
        return set()
    if isinstance(principal, TokenPrincipal):
        token = principal.token
        return {token.role} if token.event_id == event.pk else set()
    return user_event_roles(user=principal, event=event)


def roles_allowing(roles: Iterable[str]) -> set[str]:
    """Every role that may act where one of `roles` is required."""
    return set().union(*(roles_that_may(role) for role in roles))


def may_act_as(principal, event: Event, roles: Iterable[str]) -> bool:
    """Whether `principal` may act on `event` where one of `roles` is required."""
    return bool(event_roles_held(principal, event) & roles_allowing(roles))


class HasEventRole(BasePermission):
    """Grants the API view's `required_roles` (or admin) on the view's event.

    The view resolves its event (`get_event()`, see `events.api_views.EventAPIView`)
    only once authentication passed, so an anonymous caller learns nothing about
    which events exist.
    """

    message = "Your credentials do not grant this role on this event."

    def has_permission(self, request, view) -> bool:
        if not request.user or not request.user.is_authenticated:
            return False
        return may_act_as(request.user, view.get_event(), view.required_roles)


class MayCreateEvents(BasePermission):
    """An organizer-level admin: a signed-in superuser or admin of some event (two factors
    passed: `OrganizerSessionMiddleware`), or an admin token of any event."""

    message = "Only an administrator of a summit (or an admin token) may create a summit."

    def has_permission(self, request, view) -> bool:
        principal = request.user
        if not principal or not principal.is_authenticated:
            return False
        if isinstance(principal, TokenPrincipal):
            return principal.token.role == Role.ADMIN
        return user_may_create_events(user=principal)
