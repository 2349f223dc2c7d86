"""When a message that could not be sent is tried again, and when the outbox gives up.

Time-based, so that an outage of any shape is ridden out for the same time: a
temporary failure (server out of reach, 4xx) is tried again after 1, 2, 4 …
minutes (`NOTIFICATIONS_RETRY_BASE_SECONDS` doubling), at most
`NOTIFICATIONS_RETRY_MAX_SECONDS` apart (an hour), until
`NOTIFICATIONS_RETRY_HOURS` (48) after the first attempt; the last try is at
that very time, and if it fails too the message is `failed`. With the defaults
that is 54 attempts over exactly 48 hours (tests/notifications/test_retries.py).
A count of attempts would make the time depend on the backoff settings, and a
weekend's outage outlast it.
"""

from datetime import datetime, timedelta

from django.conf import settings


def retry_delay(attempts: int) -> timedelta:
    """Wait before the next try after `attempts` failed ones: exponential, capped."""
    base = settings.NOTIFICATIONS_RETRY_BASE_SECONDS
    return timedelta(
        seconds=min(base * 2 ** max(attempts - 1, 0), settings.NOTIFICATIONS_RETRY_MAX_SECONDS)
    )


def next_attempt_at(
    *, first_attempt_at: datetime | None, attempts: int, now: datetime
) -> datetime | None:
    """When to try again after `attempts` failed tries, or None: the retry time is over."""
    give_up_at = (first_attempt_at or now) + timedelta(hours=settings.NOTIFICATIONS_RETRY_HOURS)
    if now >= give_up_at:
        return None
    return min(now + retry_delay(attempts), give_up_at)
