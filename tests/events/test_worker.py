"""A task travels through the real broker to a real worker (Redis in CI)."""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.utils import timezone

from config.celery import app as celery_app
from events.teams.models import Role
from events.tokens.models import ApiToken
from events.tokens.services import api_token_issue
from events.tokens.tasks import mark_token_used
from tests.factories import EventFactory


@pytest.fixture
def real_worker():
    celery_app.conf.task_always_eager = False
    try:
        with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            yield
    finally:
        celery_app.conf.task_always_eager = True


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_task_runs_through_a_real_worker_on_redis(real_worker):
    assert celery_app.conf.broker_url.startswith("redis://")
    token, _raw = api_token_issue(event=EventFactory(), role=Role.CHECKIN)
    used_at = timezone.now()

    mark_token_used.delay(token.pk, used_at.isoformat())

    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if ApiToken.objects.get(pk=token.pk).last_used_at:
            break
        time.sleep(0.1)
    assert ApiToken.objects.get(pk=token.pk).last_used_at == used_at
