"""The outbox under a real Celery worker on Redis, delivering to a real SMTP server.

Each test starts `celery -A config worker --beat` as a subprocess on the test
database, with mail going to an aiosmtpd sink on a loopback port (8300-8399).
Waits are polls with deadlines; nothing asserts how fast things go. The race
test relies on beat alone to start the dispatcher; the others also send one
`dispatch_due` through Redis when a worker starts, to save beat's first interval.
"""

import threading
import time
import warnings
from collections import Counter
from datetime import timedelta

import pytest
from celery.exceptions import AlwaysEagerIgnored
from django.db import connection, transaction
from django.utils import timezone

from config.celery import app as celery_app
from notifications.dispatch import LEASE_LOST_ERROR
from notifications.models import ErrorReason, Message, Status
from notifications.services import message_enqueue
from tests.notifications.smtp_sink import SmtpSink, free_port
from tests.notifications.worker_process import WorkerProcess, database_url

pytestmark = [
    pytest.mark.redis,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]

CONCURRENCY = 2


@pytest.fixture
def start_worker(tmp_path, settings):
    """Start workers on the test database; every one is stopped after the test."""
    workers: list[WorkerProcess] = []

    def start(*, smtp_port: int, **env) -> WorkerProcess:
        worker = WorkerProcess(
            env={
                "DATABASE_URL": database_url(connection.settings_dict),
                "REDIS_URL": settings.REDIS_URL,
                "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
                "EMAIL_TIMEOUT": "5",
                "SUMMIT_VAR_DIR": str(tmp_path / f"var{len(workers)}"),
                "NOTIFICATIONS_BATCH_SIZE": "50",
                **{name: str(value) for name, value in env.items()},
            },
            log_path=tmp_path / f"worker{len(workers)}.log",
            concurrency=CONCURRENCY,
        )
        workers.append(worker.start())
        return worker

    yield start
    for worker in workers:
        worker.stop()


def wait_for(condition, *, timeout: float, what: str, workers=()):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    logs = "\n".join(worker.log_tail() for worker in workers)
    pytest.fail(f"Timed out after {timeout} s waiting for {what}.\nWorker log:\n{logs}")


def kick_dispatcher() -> None:
    """Send one `dispatch_due` through Redis now, instead of waiting for beat's first tick."""
    with warnings.catch_warnings():
        # The test process runs tasks eagerly; this one must go through Redis.
        warnings.simplefilter("ignore", AlwaysEagerIgnored)
        celery_app.send_task("notifications.dispatch_due")


def enqueue_many(count: int, prefix: str) -> list[Message]:
    # One transaction, as a reminder planner would do it.
    with transaction.atomic():
        return [
            message_enqueue(
                dedupe_key=f"{prefix}:{number}",
                recipient=f"delegate{number}@example.org",
                kind="test.reminder",
                # The key travels in the subject so that the sink can count keys too.
                subject=f"{prefix}:{number}",
                body_text=f"Your session starts in 30 minutes ({number}).",
                body_html=f"<p>Your session starts in 30 minutes ({number}).</p>",
            )
            for number in range(count)
        ]


def counts() -> Counter:
    return Counter(Message.objects.values_list("status", flat=True))


def test_a_worker_killed_mid_batch_loses_nothing_and_repeats_nothing(start_worker):
    total = 2000
    messages = enqueue_many(total, "kill")
    with SmtpSink() as sink:
        first = start_worker(smtp_port=sink.port, NOTIFICATIONS_LEASE_SECONDS=4)
        kick_dispatcher()

        def mid_batch() -> bool:
            state = counts()
            return state[Status.SENT] >= 300 and state[Status.SENDING] > 0

        wait_for(mid_batch, timeout=60, what="the first worker to be mid-batch", workers=[first])
        first.kill()
        at_kill = counts()
        held_by_the_dead = set(
            Message.objects.filter(status=Status.SENDING).values_list("pk", flat=True)
        )
        received_at_kill = sink.count()

        assert at_kill[Status.SENDING] > 0
        assert received_at_kill < total

        second = start_worker(smtp_port=sink.port, NOTIFICATIONS_LEASE_SECONDS=4)
        kick_dispatcher()
        wait_for(
            lambda: counts()[Status.SENT] == total,
            timeout=90,
            what=f"all {total} messages to be sent",
            workers=[first, second],
        )
        second.stop()
        deliveries = sink.deliveries

    assert counts() == Counter({Status.SENT: total})
    expected_ids = {m.provider_message_id for m in messages}
    assert {d.message_id for d in deliveries} == expected_ids
    assert {d.subject for d in deliveries} == {m.dedupe_key for m in messages}
    # A message the server accepted just before the kill, but that the dead worker
    # could not record, goes out again with the same Message-ID (receivers drop the
    # copy): at most one per worker process, nothing else twice.
    repeated = [mid for mid, n in Counter(d.message_id for d in deliveries).items() if n > 1]
    assert len(deliveries) - total == len(repeated) <= CONCURRENCY
    # What the dead worker held was taken back after its lease, the lost attempt counted.
    retaken = set(
        Message.objects.filter(last_error=LEASE_LOST_ERROR, attempts__gte=2).values_list(
            "pk", flat=True
        )
    )
    assert held_by_the_dead <= retaken


def test_a_worker_killed_mid_send_is_replaced_within_a_minute_on_the_default_lease(
    start_worker,
):
    total = 5
    messages = enqueue_many(total, "stuck")
    # The server holds the first message's DATA unanswered: the worker is mid-send.
    with SmtpSink(hold=1) as sink:
        first = start_worker(smtp_port=sink.port)
        kick_dispatcher()
        if not sink.wait_holding(timeout=60):
            pytest.fail(f"No delivery reached the server.\n{first.log_tail()}")
        held = Message.objects.filter(status=Status.SENDING)
        assert held.count() == total
        lease_left = max(held.values_list("lease_expires_at", flat=True)) - timezone.now()
        first.kill()
        killed_at = time.monotonic()
        # Answer the held DATA: aiosmtpd drops it with the dead connection, a real
        # server might deliver it (then it goes out twice, with one Message-ID).
        sink.release()

        second = start_worker(smtp_port=sink.port)
        kick_dispatcher()
        wait_for(
            lambda: counts()[Status.SENT] == total,
            timeout=90,
            what="the dead worker's messages to be sent by another",
            workers=[first, second],
        )
        recovered_after = time.monotonic() - killed_at
        second.stop()
        deliveries = sink.deliveries

    print(f"lease left at the kill: {lease_left}; all sent {recovered_after:.1f} s after it")
    assert lease_left <= timedelta(seconds=30)
    assert recovered_after < 60
    copies = Counter(d.message_id for d in deliveries)
    assert set(copies) == {m.provider_message_id for m in messages}
    assert sum(copies.values()) <= total + 1
    assert counts() == Counter({Status.SENT: total})
    assert set(
        Message.objects.values_list("attempts", "error_reason", "last_error").distinct()
    ) == {(2, ErrorReason.WORKER_LOST, LEASE_LOST_ERROR)}


def test_mail_waits_while_smtp_is_down_and_all_goes_out_when_it_is_back(start_worker):
    total = 40
    messages = enqueue_many(total, "outage")
    port = free_port()
    worker = start_worker(
        smtp_port=port,
        NOTIFICATIONS_RETRY_BASE_SECONDS=1,
        NOTIFICATIONS_RETRY_MAX_SECONDS=2,
    )
    kick_dispatcher()

    def all_retrying() -> bool:
        return Message.objects.filter(status=Status.QUEUED, attempts__gte=1).count() == total

    wait_for(all_retrying, timeout=45, what="every message to have failed once", workers=[worker])
    assert not Message.objects.exclude(status=Status.QUEUED).exists()
    assert "Connection refused" in Message.objects.first().last_error

    with SmtpSink(port) as sink:
        wait_for(
            lambda: counts()[Status.SENT] == total,
            timeout=45,
            what="the messages to go out once SMTP is back",
            workers=[worker],
        )
        worker.stop()
        deliveries = sink.deliveries

    assert sorted(d.message_id for d in deliveries) == sorted(
        m.provider_message_id for m in messages
    )
    assert not Message.objects.filter(attempts__lt=2).exists()


def test_one_key_enqueued_twice_at_once_is_delivered_once(start_worker):
    barrier = threading.Barrier(2)
    results = []

    def enqueue() -> None:
        try:
            barrier.wait(timeout=10)
            results.append(enqueue_many(1, "race")[0].pk)
        finally:
            connection.close()

    threads = [threading.Thread(target=enqueue) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(results) == 2
    assert len(set(results)) == 1

    with SmtpSink() as sink:
        worker = start_worker(smtp_port=sink.port)
        wait_for(
            lambda: counts()[Status.SENT] == 1,
            timeout=30,
            what="the message to be sent",
            workers=[worker],
        )
        worker.stop()
        deliveries = sink.deliveries

    assert Message.objects.count() == 1
    assert [d.subject for d in deliveries] == ["race:0"]
