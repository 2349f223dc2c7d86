"""Agenda feed benchmark: /e/<slug>/agenda.ics with 300 sessions and 600 speaker links.

    .venv/bin/python bench/agenda.py                 # embedded SQLite under var/
    DATABASE_URL=postgres://… REDIS_URL=redis://… .venv/bin/python bench/agenda.py

Creates a published event `bench-agenda` (3 days, 10 rooms, 300 sessions, two
speakers each), releases it through `schedule_release`, then requests the feed
through Django's test client (the whole middleware stack, no network):

- cold: the cache is emptied before each request, so every request reads the
  release and builds all 300 events with icalendar (after a deploy or flush);
- first after a release: one session changed and was released before each
  request; no worker runs here, so the request builds the whole feed (with a
  worker, `agenda.build_feeds` has built it right after the release);
- warm: the steady state of a subscribed calendar app, bytes from the cache;
- 304: a conditional GET with the ETag the client already holds.

Reports the median and 95th percentile in milliseconds and the SQL queries per
request, and writes bench/results/agenda.json and agenda.md. The bench event is
deleted afterwards (`--keep` keeps it).
"""

import argparse
import json
import os
import platform
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from agenda.programme.models import Room, Session, SessionSpeaker  # noqa: E402
from agenda.programme.services import session_update  # noqa: E402
from agenda.releases.models import ScheduleRelease  # noqa: E402
from agenda.releases.services import schedule_release  # noqa: E402
from events.audit.services import Actor  # noqa: E402
from events.summit.models import Event, RegistrationCategory  # noqa: E402
from registrations.registration.models import Registration  # noqa: E402

RESULTS = BASE_DIR / "bench" / "results"
SLUG = "bench-agenda"
ROOMS = 10
DAYS = 3
SESSIONS = 300
SPEAKERS_PER_SESSION = 2


def remove() -> None:
    """Delete the bench event; releases and registrations protect it, so they go first."""
    ScheduleRelease.objects.filter(event__slug=SLUG).delete()
    Session.objects.filter(event__slug=SLUG).delete()
    Registration.objects.filter(event__slug=SLUG).delete()
    Event.objects.filter(slug=SLUG).delete()


def build() -> tuple[Event, float]:
    remove()
    dubai = ZoneInfo("Asia/Dubai")
    first = (timezone.now().astimezone(dubai) + timedelta(days=60)).date()
    starts = datetime.combine(first, datetime.min.time(), dubai).replace(hour=8)
    event = Event.objects.create(
        slug=SLUG,
        name={"en": "Benchmark Summit", "ar": "قمة القياس"},
        venue_name={"en": "Exhibition Centre"},
        timezone="Asia/Dubai",
        starts_at=starts,
        ends_at=starts + timedelta(days=DAYS - 1, hours=12),
        is_published=True,
    )
    category = RegistrationCategory.objects.create(
        event=event, slug="speaker", name={"en": "Speaker"}
    )
    rooms = Room.objects.bulk_create(
        Room(event=event, slug=f"room-{n}", name={"en": f"Room {n}", "ar": f"القاعة {n}"})
        for n in range(ROOMS)
    )
    speakers = Registration.objects.bulk_create(
        Registration(
            event=event,
            category=category,
            reference=f"BENCH-{n:05d}",
            status="approved",
            first_name="Speaker",
            last_name=f"Number {n}",
            email=f"speaker{n}@bench.example",
            organization="Bench Organisation",
            job_title="Expert",
            country="AE",
            consent_at=timezone.now(),
        )
        for n in range(SESSIONS)
    )
    slots_per_day = SESSIONS // ROOMS // DAYS  # 10 one-hour slots a day
    sessions = []
    for index in range(SESSIONS):
        slot, room = divmod(index, ROOMS)
        day, hour = divmod(slot, slots_per_day)
        begin = starts + timedelta(days=day, hours=hour)
        sessions.append(
            Session(
                event=event,
                title={
                    "en": f"Session {index}: international cooperation against crime",
                    "ar": f"الجلسة {index}: التعاون الدولي في مكافحة الجريمة",
                },
                abstract={
                    "en": "Senior officials compare what works and agree on next steps. " * 3
                },
                kind="panel",
                starts_at=begin,
                ends_at=begin + timedelta(minutes=50),
                room=rooms[room],
            )
        )
    sessions = Session.objects.bulk_create(sessions)
    links = []
    for index, session in enumerate(sessions):
        slot = index // ROOMS
        for k in range(SPEAKERS_PER_SESSION):
            # Distinct speakers within a slot, so nobody is double-booked.
            speaker = speakers[
                (slot * ROOMS * SPEAKERS_PER_SESSION + (index % ROOMS) * 2 + k) % len(speakers)
            ]
            links.append(SessionSpeaker(session=session, registration=speaker, order=k))
    SessionSpeaker.objects.bulk_create(links)
    began = time.perf_counter()
    schedule_release(event_id=event.pk, actor=Actor(label="bench"))
    return event, (time.perf_counter() - began) * 1000


def measure(client: Client, url: str, rounds: int, *, cold: bool, headers=None) -> dict:
    timings, queries, statuses, size = [], set(), set(), 0
    for _ in range(rounds):
        if cold:
            cache.clear()
        with CaptureQueriesContext(connection) as captured:
            began = time.perf_counter()
            response = client.get(url, **(headers or {}))
            timings.append((time.perf_counter() - began) * 1000)
        queries.add(len(captured))
        statuses.add(response.status_code)
        size = len(response.content)
    timings.sort()
    return {
        "requests": rounds,
        "median_ms": round(statistics.median(timings), 2),
        "p95_ms": round(timings[int(len(timings) * 0.95) - 1], 2),
        "min_ms": round(timings[0], 2),
        "queries_per_request": sorted(queries),
        "status": sorted(statuses),
        "bytes": size,
    }


def measure_after_releases(client: Client, event: Event, url: str, rounds: int) -> dict:
    """Each round: one session changes, a release is made, then the feed is asked for.

    Only the request is timed. The feed cache misses (the new release has a new
    content digest) and the request builds all the events.
    """
    sessions = list(Session.objects.filter(event=event).order_by("pk")[:rounds])
    timings, queries, statuses = [], set(), set()
    for number, session in enumerate(sessions):
        session_update(
            session_id=session.pk,
            actor=Actor(label="bench"),
            changes={"title": {"en": f"{session.title.get('en')} (updated {number})"}},
        )
        schedule_release(event_id=event.pk, actor=Actor(label="bench"))
        with CaptureQueriesContext(connection) as captured:
            began = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - began) * 1000)
        statuses.add(response.status_code)
        queries.add(len(captured))
    timings.sort()
    return {
        "requests": len(timings),
        "median_ms": round(statistics.median(timings), 2),
        "p95_ms": round(timings[max(int(len(timings) * 0.95) - 1, 0)], 2),
        "min_ms": round(timings[0], 2),
        "queries_per_request": sorted(queries),
        "status": sorted(statuses),
        "bytes": len(response.content),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument("--keep", action="store_true", help="keep the bench event")
    options = parser.parse_args()
    call_command("migrate", verbosity=0)
    event, release_ms = build()
    client = Client()
    url = f"/e/{event.slug}/agenda.ics"
    try:
        client.get(url)  # warm imports and the VTIMEZONE cache
        cold = measure(client, url, options.rounds, cold=True)
        warm = measure(client, url, options.rounds, cold=False)
        etag = client.get(url)["ETag"]
        not_modified = measure(
            client, url, options.rounds, cold=False, headers={"HTTP_IF_NONE_MATCH": etag}
        )
        after_release = measure_after_releases(client, event, url, min(options.rounds, 30))
    finally:
        if not options.keep:
            remove()
    result = {
        "benchmark": "agenda.ics",
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "sessions": SESSIONS,
        "speaker_links": SESSIONS * SPEAKERS_PER_SESSION,
        "database": connection.vendor,
        "cache": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1],
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "load_average_1m": round(os.getloadavg()[0], 2),
        "release_ms": round(release_ms, 1),
        "cold": cold,
        "warm": warm,
        "not_modified": not_modified,
        "first_after_release": after_release,
        "target_median_ms": 50,
    }
    write_results(result, rounds=options.rounds)
    print(json.dumps(result, indent=2))


SCENARIOS = (
    ("cold", "cold: caches emptied before every request, all 300 events built"),
    ("first_after_release", "first request after a release that changed one session"),
    ("warm", "warm: feed bytes cached for the current release"),
    ("not_modified", "conditional GET answered 304"),
)


def write_results(result: dict, *, rounds: int) -> None:
    """One entry per database and cache setup, kept across runs on other setups."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / "agenda.json"
    runs = json.loads(path.read_text()) if path.exists() else {}
    if "benchmark" in runs:  # an older single-run file
        runs = {}
    runs[f"{result['database']}+{result['cache']}"] = result
    path.write_text(json.dumps(runs, indent=2) + "\n")
    lines = [
        "# agenda.ics benchmark",
        "",
        f"{SESSIONS} sessions, {SESSIONS * SPEAKERS_PER_SESSION} speaker links, {rounds} "
        "requests per row (30 for the release row) through Django's test client, so "
        "the whole middleware stack runs; no network. Target: median under 50 ms.",
        "",
    ]
    for _setup, run in sorted(runs.items()):
        lines += [
            f"## {run['database']} database, {run['cache']} cache",
            "",
            f"Python {run['python']}, {run['date']}, {run.get('cpus')} CPUs, load average "
            f"{run.get('load_average_1m')} at the end (other work on the machine makes the "
            f"numbers noisy). Releasing the programme took {run['release_ms']} ms.",
            "",
            "| request | median ms | p95 ms | SQL queries | bytes |",
            "| --- | --- | --- | --- | --- |",
        ]
        for key, label in SCENARIOS:
            data = run[key]
            queries = ", ".join(map(str, data["queries_per_request"]))
            lines.append(
                f"| {label} | {data['median_ms']} | {data['p95_ms']} | {queries} | "
                f"{data['bytes']} |"
            )
        lines.append("")
    (RESULTS / "agenda.md").write_text("\n".join(lines))


if __name__ == "__main__":
    main()
