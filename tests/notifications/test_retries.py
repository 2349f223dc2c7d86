"""The retry schedule: backoff, capped, for 48 hours from the first attempt."""

from datetime import UTC, datetime, timedelta
from itertools import pairwise

import pytest
from django.utils import timezone

from notifications.dispatch import messages_dispatch_due
from notifications.models import ErrorReason, Status
from notifications.retries import next_attempt_at, retry_delay
from notifications.services import message_enqueue

pytestmark = pytest.mark.django_db

START = datetime(2030, 1, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def defaults(settings):
    settings.NOTIFICATIONS_RETRY_HOURS = 48
    settings.NOTIFICATIONS_RETRY_BASE_SECONDS = 60
    settings.NOTIFICATIONS_RETRY_MAX_SECONDS = 3600


@pytest.mark.parametrize(
    ("attempts", "seconds"), [(1, 60), (2, 120), (3, 240), (6, 1920), (7, 3600), (20, 3600)]
)
def test_retries_wait_exponentially_longer_up_to_a_cap(defaults, attempts, seconds):
    assert retry_delay(attempts) == timedelta(seconds=seconds)


def test_the_next_try_is_never_later_than_the_end_of_the_retry_time(defaults):
    now = START + timedelta(hours=47, minutes=30)

    assert next_attempt_at(first_attempt_at=START, attempts=40, now=now) == START + timedelta(
        hours=48
    )


def test_no_try_is_planned_once_the_retry_time_is_over(defaults):
    now = START + timedelta(hours=48)

    assert next_attempt_at(first_attempt_at=START, attempts=54, now=now) is None


def test_an_outage_is_ridden_out_for_48_hours_then_the_message_fails(
    defaults, scripted_backend, monkeypatch
):
    clock = [START]
    monkeypatch.setattr(timezone, "now", lambda: clock[0])
    message = message_enqueue(
        dedupe_key="outage:1",
        recipient="amina@example.org",
        kind="test.reminder",
        subject="Reminder",
        body_text="Your session starts soon.",
    )
    scripted_backend.connect_error = ConnectionRefusedError(111, "Connection refused")

    tries = []
    while True:
        assert messages_dispatch_due().claimed == 1
        tries.append(clock[0])
        message.refresh_from_db()
        if message.status != Status.QUEUED:
            break
        clock[0] = message.scheduled_at - timedelta(seconds=1)
        assert messages_dispatch_due().claimed == 0, "tried before its time"
        clock[0] = message.scheduled_at

    gaps = [later - earlier for earlier, later in pairwise(tries)]
    assert message.status == Status.FAILED
    assert message.error_reason == ErrorReason.SERVER_UNREACHABLE
    assert "Connection refused" in message.last_error
    assert message.first_attempt_at == START
    assert tries[-1] - tries[0] == timedelta(hours=48)
    assert gaps[:7] == [timedelta(minutes=minutes) for minutes in (1, 2, 4, 8, 16, 32, 60)]
    assert max(gaps) == timedelta(hours=1)
    assert len(tries) == message.attempts == 54
