"""A fixed-window rate limit in the shared cache (Redis in production).

For public forms outside DRF (its throttles cover the API). Counted per client
address (events.client_address) and, separately, per event, so one address
cannot flood and many addresses together cannot either. When Redis is down the
cache keeps nothing (events.fail_soft_cache): every request counts as the
window's first, so the forms stay open.
"""

import time

from django.core.cache import cache


def rate_limit_hit(*, key: str, limit: int, window_seconds: int) -> int | None:
    """Count one request; None if allowed, else the seconds until the window ends."""
    window = int(time.time() // window_seconds)
    cache_key = f"ratelimit:{key}:{window}"
    if cache.add(cache_key, 1, timeout=window_seconds + 1):
        count = 1
    else:
        try:
            count = cache.incr(cache_key)
        except ValueError:  # expired between add and incr
            cache.add(cache_key, 1, timeout=window_seconds + 1)
            count = 1
    if count > limit:
        return window_seconds - int(time.time() % window_seconds) or 1
    return None
