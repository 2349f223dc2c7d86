"""Finding an API token by its raw key, through the shared cache."""

from django.conf import settings
from django.core.cache import cache
from django.db.models import F, QuerySet

from events.tokens.models import TOKEN_PREFIX, ApiToken, api_token_digest

# A scanner authenticates on every scan: its token row (with the event) is served from
# the shared cache (Redis). events.tokens.signals keeps it true: a save or delete of the
# token or of its event drops the entry at once and writes the committed row (or a
# tombstone) after commit. A reader only *adds* what it read, so a read from before a revocation can
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


def event_api_tokens(*, event) -> QuerySet[ApiToken]:
    """The event's tokens for its admins: active ones first, newest first."""
    return (
        ApiToken.objects.filter(event=event)
        .select_related("created_by")
        .order_by(F("revoked_at").asc(nulls_first=True), "-created_at", "-pk")
    )
