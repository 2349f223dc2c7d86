"""Reads of the events app."""

from django.conf import settings
from django.core.cache import cache
from django.db.models import QuerySet

from events.models import ApiToken, Event, RegistrationCategory, Role, TeamMembership
from events.services import TOKEN_PREFIX, api_token_digest


def event_list_public() -> QuerySet[Event]:
    return Event.objects.published()


def event_get_public(*, slug: str) -> Event | None:
    return Event.objects.published().filter(slug=slug).first()


def categories_open_to_public(*, event: Event) -> QuerySet[RegistrationCategory]:
    return event.categories.filter(is_public=True).prefetch_related("zones")


# A scanner authenticates on every scan: its token row (with the event) is served from
# the shared cache (Redis). events.signals keeps it true: a save or delete of the token or of
# its event drops the entry at once and writes the committed row (or a tombstone) after
# commit. A reader only *adds* what it read, so a read from before a revocation can
# never overwrite the revoked row. The timeout bounds what writes that skip signals
# (QuerySet.update) leave stale, and what a revocation during a Redis outage (its
# delete failed soft, events.fail_soft_cache) leaves in a Redis that comes back.
# While Redis is down the cache misses and every request reads the row.
TOKEN_CACHE_SECONDS = 60
TOKEN_GONE = "gone"  # noqa: S105 - the cache entry of a deleted token, not a secret


def api_token_cache_key(digest: str) -> str:
    return f"events:api-token:{digest}"


def api_token_cache_enabled() -> bool:
    # Without Redis each process has its own cache, which another process's
    # revocation could not reach: the row is read every time instead.
    return bool(settings.REDIS_URL)


def api_tokens_with_event(*, digests) -> QuerySet[ApiToken]:
    return ApiToken.objects.select_related("event").filter(digest__in=digests)


def api_token_find(*, raw: str) -> ApiToken | None:
    """The token with this raw key, revoked or not, with its event; None if unknown."""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    digest = api_token_digest(raw)
    if not api_token_cache_enabled():
        return api_tokens_with_event(digests=[digest]).first()
    key = api_token_cache_key(digest)
    cached = cache.get(key)
    if cached == TOKEN_GONE:
        return None
    if cached is not None:
        return cached
    token = api_tokens_with_event(digests=[digest]).first()
    if token is not None:
        cache.add(key, token, TOKEN_CACHE_SECONDS)
    return token


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
