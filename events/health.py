"""`/healthz`: can this web node reach what it needs to serve requests?

Load balancers and orchestrators poll it, so it is cheap (one `SELECT 1`, one
Redis `PING` or one folder check), needs no authentication and reveals nothing
but "ok" or "error" per dependency: 200 when everything answers, 503 otherwise.
"""

import logging
import os
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)

REDIS_TIMEOUT_SECONDS = 2


def database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.exception("health check: database unreachable")
        return False


def broker_ok() -> bool:
    """Redis answers PING when REDIS_URL is set; else the embedded broker folder is usable."""
    if settings.REDIS_URL:
        import redis

        try:
            client = redis.Redis.from_url(
                settings.REDIS_URL,
                socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
                socket_timeout=REDIS_TIMEOUT_SECONDS,
            )
            try:
                return bool(client.ping())
            finally:
                client.close()
        except Exception:
            logger.exception("health check: broker (Redis) unreachable")
            return False
    folder = Path(settings.CELERY_BROKER_FILESYSTEM_DIR)
    if folder.is_dir() and _writable(folder):
        return True
    logger.error("health check: broker folder %s is missing or not writable", folder)
    return False


def _writable(folder: Path) -> bool:
    return os.access(folder, os.W_OK | os.X_OK)


@never_cache
@require_GET
def healthz(request):
    checks = {
        "database": "ok" if database_ok() else "error",
        "broker": "ok" if broker_ok() else "error",
    }
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(checks, status=200 if healthy else 503)
