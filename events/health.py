"""`/healthz`: can this web node serve requests?

Load balancers and orchestrators poll it, so it is cheap (one `SELECT 1`, one
Redis `PING` or one folder check), needs no authentication and reveals nothing
but a word per dependency.

Only the database decides: 200 when it answers, 503 when it does not. Without
Redis the doors still work (the cache misses, throttles let requests through,
queued work waits for beat; see events/redis_outage.py), so a node whose Redis
is down reports `"redis": "down"` and stays in the pool: taking every node out
because of one shared Redis would close the summit. In the embedded mode (no
REDIS_URL) the broker is a folder under var/, reported as `"broker"`.

`"outbox_oldest_due_seconds"` says how long the longest-waiting due message
has been due (null when none is, or the database is down); one indexed query.
A figure that keeps growing means no worker sends mail: alert on it, but it
never takes the node out, since a web node does not send mail.
"""

import logging
import os
from pathlib import Path

import redis
from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from redis.backoff import NoBackoff
from redis.retry import Retry

from events.redis_outage import REDIS_ERRORS, SOCKET_TIMEOUTS, redis_outage
from notifications.selectors import message_oldest_due_age

logger = logging.getLogger(__name__)


def database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.exception("health check: database unreachable")
        return False


def redis_ok() -> bool:
    """Redis answers PING; a failure is logged once a minute, not at every probe."""
    client = redis.Redis.from_url(
        settings.REDIS_URL, retry=Retry(NoBackoff(), 0), **SOCKET_TIMEOUTS
    )
    try:
        return bool(client.ping())
    except REDIS_ERRORS as error:
        redis_outage(
            use="health check",
            url=settings.REDIS_URL,
            consequence="the node stays in service on its database",
        ).noticed(error)
        return False
    finally:
        client.close()


def outbox_oldest_due_seconds() -> int | None:
    try:
        age = message_oldest_due_age()
    except Exception:
        logger.exception("health check: outbox unreadable")
        return None
    return None if age is None else int(age.total_seconds())


def embedded_broker_ok() -> bool:
    """The embedded broker's folder exists and is writable."""
    folder = Path(settings.CELERY_BROKER_FILESYSTEM_DIR)
    if folder.is_dir() and os.access(folder, os.W_OK | os.X_OK):
        return True
    logger.error("health check: broker folder %s is missing or not writable", folder)
    return False


@never_cache
@require_GET
def healthz(request):
    database = database_ok()
    checks = {"database": "ok" if database else "error"}
    if settings.REDIS_URL:
        checks["redis"] = "ok" if redis_ok() else "down"
    else:
        checks["broker"] = "ok" if embedded_broker_ok() else "error"
    checks["outbox_oldest_due_seconds"] = outbox_oldest_due_seconds() if database else None
    return JsonResponse(checks, status=200 if database else 503)
