"""The organizer's console at size: the dashboard's numbers, and a mailing queued.

    DATABASE_URL=postgres://… .venv/bin/python bench/console.py [--stats 50000] [--mailing 5000]

Also the "console" scenarios of `python -m bench`. `GET …/stats/` (what the dashboard
page draws) on an event of --stats registrations, timed over ten calls with an admin
token; then a mailing to --mailing registrants through the API: the request (202),
then the job that writes each recipient's outbox message, as the worker runs it.
Standalone, writes bench/results/console.json.
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("BADGE_SIGNING_KEY", "bench-only badge signing secret, not for production")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from rest_framework.test import APIClient  # noqa: E402

from bench.jobs import (  # noqa: E402
    bearer,
    job_done,
    prepare_export,
    this_process_is_the_worker,
    timed,
)
from events.summit.selectors import event_message_scope  # noqa: E402
from events.teams.models import Role  # noqa: E402
from notifications.models import Message  # noqa: E402
from registrations.mailings.models import Mailing  # noqa: E402

RESULTS = BASE_DIR / "bench" / "results"
CALLS = 10


def stats(rows: int) -> dict:
    event = prepare_export(rows)
    auth = bearer(event, Role.ADMIN)
    client = APIClient()
    url = f"/api/v1/events/{event.slug}/stats/"
    client.get(url, **auth)  # the first call warms the token and the caches: not timed
    timings = []
    for _ in range(CALLS):
        started = time.perf_counter()
        response = client.get(url, **auth)
        timings.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(response.content[:500])
    with CaptureQueriesContext(connection) as queries:
        client.get(url, **auth)
    return {
        "label": f"GET stats/ (the dashboard's numbers) at {rows:,} registrations",
        "calls": CALLS,
        "p50_ms": round(statistics.median(timings), 1),
        "max_ms": round(max(timings), 1),
        "queries": len(queries),
        "registrations": response.json()["registrations"]["total"],
    }


def mailing(recipients: int) -> dict:
    event = prepare_export(recipients)
    Mailing.objects.filter(event=event).delete()
    Message.objects.filter(scope=event_message_scope(event), kind="mailing").delete()
    auth = bearer(event, Role.ACCREDITATION)
    client = APIClient()
    body = {
        "filters": {"status": "approved"},
        "subject": {"en": "Briefing", "ar": "إحاطة"},
        "body": {"en": "Dear {title} {last_name}, your page: {personal_link}"},
    }
    request_seconds, response = timed(
        lambda: client.post(f"/api/v1/events/{event.slug}/mailings/", body, format="json", **auth)
    )
    if response.status_code != 202:
        raise SystemExit(response.content[:500])
    job_seconds, job = job_done(Mailing.objects.get(pk=response.json()["id"]).job_id)
    result = {
        "label": f"mailing to {recipients:,} registrants queued",
        "request_seconds": round(request_seconds, 3),
        "status": response.status_code,
        "job_seconds": round(job_seconds, 2),
        "rows": job.total,
    }
    result["messages"] = Message.objects.filter(
        scope=event_message_scope(event), kind="mailing"
    ).count()
    # Queued, not sent: the outbox's delivery rate is the reminders benchmark.
    Message.objects.filter(scope=event_message_scope(event), kind="mailing").delete()
    return result


def run(*, stats_rows: int, mailing_recipients: int) -> dict:
    scenarios = {}
    APIClient().get("/api/v1/events/")
    with this_process_is_the_worker():
        if stats_rows:
            scenarios["console_stats"] = stats(stats_rows)
        if mailing_recipients:
            scenarios["console_mailing"] = mailing(mailing_recipients)
    return scenarios


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stats", type=int, default=50000, help="registrations; 0 skips")
    parser.add_argument("--mailing", type=int, default=5000, help="recipients; 0 skips")
    args = parser.parse_args()
    scenarios = run(stats_rows=args.stats, mailing_recipients=args.mailing)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "console.json").write_text(json.dumps(scenarios, indent=2) + "\n")
    print(json.dumps(scenarios, indent=2))


if __name__ == "__main__":
    main()
