"""Reads of the events app."""

from django.db.models import QuerySet

from events.models import ApiToken, Event, RegistrationCategory, Role, TeamMembership
from events.services import TOKEN_PREFIX, api_token_digest


def event_list_public() -> QuerySet[Event]:
    return Event.objects.published()


def event_get_public(*, slug: str) -> Event | None:
    return Event.objects.published().filter(slug=slug).first()


def categories_open_to_public(*, event: Event) -> QuerySet[RegistrationCategory]:
    return event.categories.filter(is_public=True).prefetch_related("zones")


def api_token_find(*, raw: str) -> ApiToken | None:
    """The token with this raw key, revoked or not, with its event; None if unknown."""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    return ApiToken.objects.select_related("event").filter(digest=api_token_digest(raw)).first()


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


def event_message_scope(event: Event) -> str:
    """The outbox scope of an event's messages, for filtering them per event."""
    return f"event:{event.pk}"
