"""The event-scoped API view every event's endpoint derives from (pretix's model).

The URL names the event by `slug`. The view resolves it once per request, as
`request.event` (and `self.event`), checks the caller's role on it before the
handler runs, and a handler never looks the event up again. An API token names
its event already: the token's event is reused, which saves a query per scan.
"""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import inline_serializer
from rest_framework import serializers
from rest_framework.generics import GenericAPIView

from events.permissions import HasEventRole
from events.summit.models import Event
from events.tokens.authentication import TokenPrincipal

# The body of a 409 (and of a 403 a service refused): `events.errors.DomainError.api_body`.
RefusalSerializer = inline_serializer(
    "Conflict", {"detail": serializers.CharField(), "code": serializers.CharField()}
)


class EventAPIView(GenericAPIView):
    """An API view on one event; `required_roles` names who may call it (admin always).

    Public views set `permission_classes = [AllowAny]`, and `published_only` when
    an unpublished event must answer 404 like an unknown one.
    """

    permission_classes = [HasEventRole]
    required_roles: tuple[str, ...] = ()
    published_only = False

    def get_event(self) -> Event:
        """The URL's event (404 when unknown), resolved once for the request."""
        if not hasattr(self, "_event"):
            self._event = self._token_event() or get_object_or_404(
                Event.objects.published() if self.published_only else Event.objects.all(),
                slug=self.kwargs["slug"],
            )
        return self._event

    def _token_event(self) -> Event | None:
        """The API token's own event when the URL names it: no query needed."""
        principal = getattr(self.request, "user", None)
        if self.published_only or not isinstance(principal, TokenPrincipal):
            return None
        event = principal.token.event
        return event if event.slug == self.kwargs["slug"] else None

    def initial(self, request, *args, **kwargs):
        # Authentication, permissions (the role check resolves the event for a signed-in
        # caller), throttles; then the event. A public view is throttled before its event
        # is looked up, as it was, so a flood of made-up slugs is refused unread.
        super().initial(request, *args, **kwargs)
        request.event = self.get_event()

    @property
    def event(self) -> Event:
        return self.get_event()
