"""Redis helps the doors but is never one of them: how its users notice it is gone.

Redis holds the cache (API tokens, calendar feeds, the door layout), the throttle
counters and the Celery queue. None of them is the truth, the database is. So
when Redis stops answering, each user of it carries on without it (the cache
misses, the throttles let requests through, a queued task waits for the beat
job that redoes it) and says so in the log once a minute per process, not once
per request.

After a failure a process leaves that Redis alone for a few seconds: a Redis
host that vanished (silence, not a refused connection) would otherwise cost
every cache call of every request a connect timeout.
"""

import logging
import time
from urllib.parse import urlsplit

import redis

logger = logging.getLogger(__name__)

# What a Redis that does not answer raises in redis-py (BusyLoadingError included).
REDIS_ERRORS = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)
# For each connection to Redis on a request path: a healthy Redis answers in
# milliseconds, so waiting longer only makes the request hang.
SOCKET_TIMEOUTS = {"socket_connect_timeout": 0.5, "socket_timeout": 1.0}
RETRY_AFTER_SECONDS = 5
LOG_EVERY_SECONDS = 60


class RedisOutage:
    """What one process knows of one Redis for one use: is it down, when was it said."""

    def __init__(self, *, use: str, location: str, consequence: str) -> None:
        self.use = use
        self.location = location
        self.consequence = consequence
        self._leave_alone_until = 0.0
        self._reported_at: float | None = None

    def ongoing(self) -> bool:
        """Whether Redis failed a moment ago: callers skip it without trying."""
        return time.monotonic() < self._leave_alone_until

    def noticed(self, error: Exception) -> None:
        now = time.monotonic()
        self._leave_alone_until = now + RETRY_AFTER_SECONDS
        if self._reported_at is not None and now - self._reported_at < LOG_EVERY_SECONDS:
            return
        self._reported_at = now
        logger.warning(
            "Redis at %s does not answer the %s (%s): %s.",
            self.location,
            self.use,
            error,
            self.consequence,
        )


_outages: dict[tuple[str, str], RedisOutage] = {}


def redis_outage(*, use: str, url: str, consequence: str) -> RedisOutage:
    """The outage state of this process for `use` of the Redis at `url`."""
    key = (use, url)
    if key not in _outages:
        _outages[key] = RedisOutage(
            use=use, location=_without_credentials(url), consequence=consequence
        )
    return _outages[key]


def _without_credentials(url: str) -> str:
    """host:port/db (or the socket path) of a Redis URL: its password must not reach the logs."""
    parts = urlsplit(url)
    if parts.scheme == "unix":
        return parts.path
    return f"{parts.hostname}:{parts.port or 6379}{parts.path}"
