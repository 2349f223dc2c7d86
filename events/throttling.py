"""API throttles per client and per event, counted in Redis (or, without it, Django's cache).

DRF's own throttles keep a list of every request's time in the cache and read and
rewrite all of it on each request: at the check-in limit (6,000 a minute per token)
that is a pickled list of thousands of floats per scan. These count instead: one
counter per rate window, and the previous window's count weighted by how much of
it still lies within the last `duration` seconds (a sliding-window estimate), so a
client cannot double its rate by straddling a window boundary. Refused requests
count too: a client that keeps hammering stays refused.

A client is its token or user, else its address as events.client_address decides
(never a forged X-Forwarded-For). When Redis does not answer, the throttles let
requests through (fail open, logged once a minute): a door that cannot count must
still admit delegates.
"""

import functools
import math

import redis
from django.conf import settings
from redis.backoff import NoBackoff
from redis.retry import Retry
from rest_framework.throttling import ScopedRateThrottle

from events.client_address import client_ip
from events.redis_outage import REDIS_ERRORS, SOCKET_TIMEOUTS, redis_outage


@functools.cache
def _redis(url: str) -> redis.Redis:
    # No retries: a Redis that refuses once is skipped (events.redis_outage), not awaited.
    return redis.Redis.from_url(url, retry=Retry(NoBackoff(), 0), **SOCKET_TIMEOUTS)


def _count(django_cache, key_now: str, key_before: str, ttl: int) -> tuple[int, int] | None:
    """Count a request under `key_now`: (the count there, the count under `key_before`).

    None when the counters cannot be reached: the request is not counted.
    """
    if settings.REDIS_URL:
        outage = redis_outage(
            use="throttles",
            url=settings.REDIS_URL,
            consequence="API requests are let through unthrottled meanwhile",
        )
        if outage.ongoing():
            return None
        # One round trip: this is on the path of every badge scan.
        pipe = _redis(settings.REDIS_URL).pipeline(transaction=False)
        pipe.incr(f"summit:{key_now}")
        pipe.expire(f"summit:{key_now}", ttl)
        pipe.get(f"summit:{key_before}")
        try:
            count, _expiry_set, before = pipe.execute()
        except REDIS_ERRORS as error:
            outage.noticed(error)
            return None
        return count, int(before or 0)
    # The embedded mode (no Redis): Django's cache, in a few calls.
    before = django_cache.get(key_before, 0)
    if django_cache.add(key_now, 1, ttl):
        return 1, before
    try:
        return django_cache.incr(key_now), before
    except ValueError:  # expired between the two calls
        django_cache.set(key_now, 1, ttl)
        return 1, before


class WindowCountingThrottle(ScopedRateThrottle):
    """A ScopedRateThrottle (same rates, keys and Retry-After) that counts in O(1)."""

    def scope_for(self, view) -> str | None:
        """The name of the rate in DEFAULT_THROTTLE_RATES; None: not throttled."""
        return getattr(view, self.scope_attr, None)

    def get_ident(self, request) -> str:
        return client_ip(request)

    def allow_request(self, request, view):
        self.scope = self.scope_for(view)
        if not self.scope:
            return True
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        now = self.timer()
        window, elapsed = divmod(now, self.duration)
        window = int(window)
        # Kept for two windows, so the next window can still weigh this one.
        counts = _count(
            self.cache, f"{self.key}:{window}", f"{self.key}:{window - 1}", 2 * self.duration
        )
        if counts is None:
            return True
        current, previous = counts
        remaining_share = 1 - elapsed / self.duration
        if previous * remaining_share + current <= self.num_requests:
            return True
        self.retry_after = self._seconds_until_allowed(previous, current, elapsed)
        return False

    def _seconds_until_allowed(self, previous: int, current: int, elapsed: float) -> float:
        """How long until the estimate drops below the limit, if the client stops now."""
        limit, duration = self.num_requests, self.duration
        if current < limit and previous:
            # Within this window: previous * (1 - t / duration) + current < limit.
            return max(duration * (1 - (limit - current) / previous) - elapsed, 1)
        # In the next window this one counts as `previous`: current * (1 - t / duration) < limit.
        return (duration - elapsed) + duration * max(1 - limit / current, 0)

    def wait(self):
        return math.ceil(self.retry_after)


class ClientRateThrottle(WindowCountingThrottle):
    """Per client (its token, user or address): `<throttle_scope>` in the rates."""


class EventRateThrottle(WindowCountingThrottle):
    """All clients of one event together: `<throttle_scope>-event` in the rates.

    A per-client limit alone lets many addresses flood one summit; this caps the
    event's total, well above what its real traffic needs.
    """

    def scope_for(self, view) -> str | None:
        scope = super().scope_for(view)
        return f"{scope}-event" if scope else None

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": view.kwargs.get("slug", "")}
