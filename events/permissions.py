"""Role checks for the API: a view names the role it needs; admin may do everything."""

from django.shortcuts import get_object_or_404
from rest_framework.permissions import BasePermission

from events.summit.models import Event
from events.teams.selectors import roles_that_may, user_event_roles
from events.tokens.authentication import TokenPrincipal


def event_for_view(view) -> Event:
    """The event named by the URL (`slug`), cached on the view for the request."""
    if not hasattr(view, "_event"):
        view._event = get_object_or_404(Event, slug=view.kwargs["slug"])
    return view._event


class HasEventRole(BasePermission):
    """Grants access to holders of `view.required_role` (or admin) on the URL's event.

    API tokens are scoped to one event and one role; signed-in organizers hold
    roles through their team memberships.
    """

    message = "Your credentials do not grant this role on this event."

    def has_permission(self, request, view) -> bool:
        if not request.user or not request.user.is_authenticated:
            return False
        event = event_for_view(view)
        allowed = roles_that_may(view.required_role)
        if isinstance(request.user, TokenPrincipal):
            token = request.user.token
            return token.event_id == event.pk and token.role in allowed
        return bool(user_event_roles(user=request.user, event=event) & allowed)
