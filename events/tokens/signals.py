"""Keep the cached API tokens (events.tokens.selectors.api_token_find) true to the database."""

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from events.summit.models import Event
from events.tokens.models import ApiToken
from events.tokens.selectors import (
    TOKEN_CACHE_SECONDS,
    TOKEN_GONE,
    api_token_cache_enabled,
    api_token_cache_key,
    api_tokens_with_event,
)


def _recache_after_commit(digests: list[str]) -> None:
    """Drop the entries now; write the committed rows once the transaction commits."""
    cache.delete_many([api_token_cache_key(digest) for digest in digests])

    def recache():
        cache.set_many(
            {
                api_token_cache_key(token.digest): token
                for token in api_tokens_with_event(digests=digests)
            },
            TOKEN_CACHE_SECONDS,
        )

    transaction.on_commit(recache)


@receiver(post_save, sender=ApiToken, dispatch_uid="events-recache-token")
def recache_saved_token(sender, instance: ApiToken, **kwargs) -> None:
    if api_token_cache_enabled():
        _recache_after_commit([instance.digest])


@receiver(post_delete, sender=ApiToken, dispatch_uid="events-forget-token")
def forget_deleted_token(sender, instance: ApiToken, **kwargs) -> None:
    if not api_token_cache_enabled():
        return
    key = api_token_cache_key(instance.digest)
    cache.delete(key)
    transaction.on_commit(lambda: cache.set(key, TOKEN_GONE, TOKEN_CACHE_SECONDS))


@receiver(post_save, sender=Event, dispatch_uid="events-recache-event-tokens")
def recache_tokens_of_saved_event(sender, instance: Event, **kwargs) -> None:
    """A cached token carries its event: an edited summit must not be served stale."""
    if api_token_cache_enabled():
        digests = ApiToken.objects.filter(event_id=instance.pk).values_list("digest", flat=True)
        _recache_after_commit(list(digests))
