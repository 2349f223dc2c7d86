"""Outbox benchmark: N reminders through one real Celery worker to a local SMTP sink.

    DATABASE_URL=postgres://… REDIS_URL=redis://… .venv/bin/python bench/outbox.py --count 10000

Enqueues N messages with `message_enqueue` (the service other apps call), starts
`celery -A config worker --beat` as a subprocess pointed at an SMTP server on
loopback (aiosmtpd, in this process), and waits until every message is `sent`.
Writes bench/results/outbox.json and outbox.md. The messages it made are
deleted afterwards (`--keep` keeps them); other queued messages in the database
would be sent to the sink as well, so run it on a development database.
"""

import argparse
import json
import os
import platform
import signal
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Max, Min  # noqa: E402

from notifications.models import Message, Status  # noqa: E402
from notifications.services import message_enqueue  # noqa: E402
from tests.notifications.smtp_sink import SmtpSink  # noqa: E402
from tests.notifications.worker_process import WorkerProcess  # noqa: E402

RESULTS = BASE_DIR / "bench" / "results"

TEXT = """Dear {name},

Your session "Securing critical infrastructure: a regional approach" starts in 30
minutes, at 10:30 (Asia/Dubai) in Hall A, Abu Dhabi National Exhibition Centre.

Speakers: H.E. Ahmed Al Mansoori, Dr. Sarah Klein, Commissioner João Pereira.

Your personal agenda: https://summit.example.org/me/3f9c2a7d1e/

Please bring your badge; doors close five minutes before the start.
"""

HTML = """<!DOCTYPE html><html lang="en" dir="ltr"><body style="font-family:Arial,sans-serif">
<div style="max-width:600px;margin:0 auto;padding:24px;border:1px solid #dde3ea">
<p>Dear {name},</p>
<p>Your session <strong>Securing critical infrastructure: a regional approach</strong>
starts in 30 minutes, at <time>10:30</time> (Asia/Dubai) in Hall A, Abu Dhabi National
Exhibition Centre.</p>
<p>Speakers: H.E. Ahmed Al Mansoori, Dr. Sarah Klein, Commissioner João Pereira.</p>
<p><a href="https://summit.example.org/me/3f9c2a7d1e/">Your personal agenda</a></p>
<p style="color:#5b6b7b;font-size:13px">Please bring your badge; doors close five
minutes before the start.</p></div></body></html>
"""


def enqueue(count: int, run: str) -> float:
    started = time.perf_counter()
    for number in range(count):
        name = f"Delegate {number}"
        message_enqueue(
            dedupe_key=f"bench:{run}:reminder:{number}",
            recipient=f"delegate{number}@example.org",
            recipient_name=name,
            kind="bench.session_reminder",
            scope=f"bench:{run}",
            subject=f"Starting in 30 minutes: Securing critical infrastructure ({number})",
            body_text=TEXT.format(name=name),
            body_html=HTML.format(name=name),
        )
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=2, help="worker pool processes")
    parser.add_argument("--timeout", type=float, default=600, help="seconds to wait for delivery")
    parser.add_argument("--keep", action="store_true", help="keep the benchmark's messages")
    args = parser.parse_args()
    # Stopped from outside: still stop the worker (the `finally` in deliver()).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))

    call_command("migrate", verbosity=0)
    result = deliver(count=args.count, concurrency=args.concurrency, timeout=args.timeout)
    if result is None:
        return 1
    write_results(result)
    print(json.dumps(result, indent=2))
    if not args.keep:
        Message.objects.filter(scope=result["scope"]).delete()
    return 0


def deliver(*, count: int, concurrency: int, timeout: float) -> dict | None:
    """Enqueue `count` messages, deliver them with a real worker; None if not all were sent.

    The bench/ harness (`python -m bench`) calls this too.
    """
    args = argparse.Namespace(count=count, concurrency=concurrency, timeout=timeout)
    run = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    scope = f"bench:{run}"
    others = Message.objects.filter(status__in=[Status.QUEUED, Status.SENDING]).count()
    if others:
        print(f"note: {others} other messages are queued and will go to the sink too")

    print(f"enqueueing {args.count} messages…", flush=True)
    enqueue_seconds = enqueue(args.count, run)
    print(f"  {enqueue_seconds:.1f} s ({args.count / enqueue_seconds:.0f}/s)")

    # The machine may be shared: record how busy it was.
    load_before = round(os.getloadavg()[0], 2)
    sink = SmtpSink().start()
    var_dir = Path(tempfile.mkdtemp(prefix="outbox-bench-"))
    worker = WorkerProcess(
        env={
            "EMAIL_URL": f"smtp://127.0.0.1:{sink.port}",
            "SUMMIT_VAR_DIR": str(var_dir),
            "LOG_LEVEL": "WARNING",
        },
        log_path=var_dir / "worker.log",
        concurrency=args.concurrency,
    )
    print(f"worker: {args.concurrency} processes, SMTP sink on 127.0.0.1:{sink.port}", flush=True)
    started = time.perf_counter()
    worker.start()
    mine = Message.objects.filter(scope=scope)
    try:
        deadline = started + args.timeout
        sent = 0
        while time.perf_counter() < deadline:
            sent = mine.filter(status=Status.SENT).count()
            if sent == args.count:
                break
            time.sleep(0.25)
        total_seconds = time.perf_counter() - started
    finally:
        worker.stop()
        time.sleep(0.5)
        sink.stop()
    if sent != args.count:
        print(f"only {sent} of {args.count} sent in {args.timeout} s; worker log:")
        print(worker.log_tail())
        return None

    span = mine.aggregate(first=Min("sent_at"), last=Max("sent_at"))
    # One message (or one instant) would make the span zero.
    delivery_seconds = max((span["last"] - span["first"]).total_seconds(), 0.001)
    message_ids = set(mine.values_list("provider_message_id", flat=True))
    received = [d for d in sink.deliveries if d.message_id in message_ids]
    distinct = len({d.message_id for d in received})
    connections = len({d.peer for d in received})
    failed = mine.filter(status=Status.FAILED).count()
    return {
        "benchmark": "outbox",
        "scope": scope,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "count": args.count,
        "database": connection.vendor,
        "broker": settings.CELERY_BROKER_URL.split("://")[0],
        "worker_concurrency": args.concurrency,
        "batch_size": settings.NOTIFICATIONS_BATCH_SIZE,
        "cpus": os.cpu_count(),
        "load_average_before": load_before,
        "load_average_after": round(os.getloadavg()[0], 2),
        "python": platform.python_version(),
        "django": django.get_version(),
        "enqueue_seconds": round(enqueue_seconds, 2),
        "enqueue_per_second": round(args.count / enqueue_seconds, 1),
        "total_seconds": round(total_seconds, 2),
        "delivery_seconds": round(delivery_seconds, 2),
        "messages_per_second": round(args.count / delivery_seconds, 1),
        "messages_per_second_including_startup": round(args.count / total_seconds, 1),
        "received": len(received),
        "received_distinct_message_ids": distinct,
        "smtp_connections": connections,
        "failed": failed,
        "target_messages_per_second": 200,
    }


def write_results(result: dict) -> None:
    args = argparse.Namespace(count=result["count"], concurrency=result["worker_concurrency"])
    received_count, distinct = result["received"], result["received_distinct_message_ids"]
    connections, failed = result["smtp_connections"], result["failed"]
    with_startup = result["messages_per_second_including_startup"]
    enqueue_cell = f"{result['enqueue_seconds']} s ({result['enqueue_per_second']}/s)"
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "outbox.json").write_text(json.dumps(result, indent=2) + "\n")
    (RESULTS / "outbox.md").write_text(
        f"""# Outbox benchmark

{args.count:,} reminders (text + HTML, about 2 KB each) through one Celery worker
(`--concurrency={args.concurrency}`, beat every 5 s, batches of
{result["batch_size"]}) to an aiosmtpd sink on loopback; {result["database"]} and
{result["broker"]} broker on a {result["cpus"]}-CPU machine (load average
{result.get("load_average_before")} before, {result.get("load_average_after")} after),
{result["date"]}.

| measure | value |
| --- | --- |
| delivery rate (first to last `sent_at`) | **{result["messages_per_second"]} messages/s** |
| total time, worker start to all sent | {result["total_seconds"]} s |
| rate including worker start-up and the first beat tick | {with_startup} messages/s |
| enqueue (`message_enqueue`, one call each) | {enqueue_cell} |
| received at the sink / distinct Message-IDs | {received_count} / {distinct} |
| SMTP connections used | {connections} |
| failed | {failed} |

Target: at least 200 messages/s. Run: `.venv/bin/python bench/outbox.py --count {args.count}`.
"""
    )


if __name__ == "__main__":
    sys.exit(main())
