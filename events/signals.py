"""Keep the cached API tokens (events.selectors.api_token_find) true to the database."""

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from events.models import ApiToken, Event
from events.selectors import TOKEN_CACHE_SECONDS, TOKEN_GONE, api_token_cache_key


def _recache_after_commit(token_filter: dict) -> None:
    """Drop the entries now; write the committed rows once the transaction commits."""
    digests = list(ApiToken.objects.filter(**token_filter).values_list("digest", flat=True))
    cache.delete_many([api_token_cache_key(digest) for digest in digests])

    def recache():
        tokens = ApiToken.objects.select_related("event").filter(digest__in=digests)
        cache.set_many(
            {api_token_cache_key(token.digest): token for token in tokens}, TOKEN_CACHE_SECONDS
        )

    transaction.on_commit(recache)


@receiver(post_save, sender=ApiToken, dispatch_uid="events-recache-token")
def recache_saved_token(sender, instance: ApiToken, **kwargs) -> None:
    _recache_after_commit({"pk": instance.pk})


@receiver(post_delete, sender=ApiToken, dispatch_uid="events-forget-token")
def forget_deleted_token(sender, instance: ApiToken, **kwargs) -> None:
    key = api_token_cache_key(instance.digest)
    cache.delete(key)
    transaction.on_commit(lambda: cache.set(key, TOKEN_GONE, TOKEN_CACHE_SECONDS))


@receiver(post_save, sender=Event, dispatch_uid="events-recache-event-tokens")
def recache_tokens_of_saved_event(sender, instance: Event, **kwargs) -> None:
    """A cached token carries its event: an edited summit must not be served stale."""
    _recache_after_commit({"event_id": instance.pk})
