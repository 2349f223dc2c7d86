"""Django's Redis cache, which keeps answering when Redis does not.

Everything Summit caches can be read again from the database, so a cache that
cannot reach Redis behaves as a cache that keeps nothing: a read is a miss (the
default), a write is forgotten, `add` succeeds (and is forgotten), `incr` finds
no key. The request then answers from the database instead of failing with a
500. Only Redis' connection and timeout errors are caught: a programming error
(a value that cannot be pickled, a bad key) still raises.

Connections use short timeouts (events.redis_outage.SOCKET_TIMEOUTS) unless
OPTIONS say otherwise, and after a failure the process skips Redis for a few
seconds, so a request never hangs on a Redis that went silent.
"""

from functools import partial

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache

from events.redis_outage import REDIS_ERRORS, SOCKET_TIMEOUTS, redis_outage


class FailSoftRedisCache(RedisCache):
    def __init__(self, server, params):
        params = {**params, "OPTIONS": {**SOCKET_TIMEOUTS, **params.get("OPTIONS", {})}}
        super().__init__(server, params)
        self.outage = redis_outage(
            use="cache",
            url=server if isinstance(server, str) else ",".join(server),
            consequence="pages, scans and API tokens are read from the database meanwhile",
        )

    def _attempt(self, operation, fallback):
        if self.outage.ongoing():
            return fallback
        try:
            return operation()
        except REDIS_ERRORS as error:
            self.outage.noticed(error)
            return fallback

    def get(self, key, default=None, version=None):
        return self._attempt(partial(super().get, key, default, version), default)

    def get_many(self, keys, version=None):
        return self._attempt(partial(super().get_many, keys, version), {})

    def has_key(self, key, version=None):
        return self._attempt(partial(super().has_key, key, version), False)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt(partial(super().add, key, value, timeout, version), True)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._attempt(partial(super().set, key, value, timeout, version), None)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        # Django's contract: the keys that could not be stored.
        return self._attempt(partial(super().set_many, data, timeout, version), list(data))

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt(partial(super().touch, key, timeout, version), False)

    def incr(self, key, delta=1, version=None):
        value = self._attempt(partial(super().incr, key, delta, version), None)
        if value is None:
            raise ValueError(f"Key '{key}' not found.")
        return value

    def delete(self, key, version=None):
        return self._attempt(partial(super().delete, key, version), False)

    def delete_many(self, keys, version=None):
        self._attempt(partial(super().delete_many, keys, version), None)

    def clear(self):
        return self._attempt(super().clear, False)
