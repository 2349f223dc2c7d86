"""Check-in benchmark: badge scans against gunicorn (2 workers) on PostgreSQL.

    DATABASE_URL=postgres://… REDIS_URL=redis://… .venv/bin/python bench/checkin.py

Creates (once) a bench event with 20,000 approved registrations and their
badges, starts gunicorn with two workers on --port, then scans at concurrency
1, 8 and 32 through `POST /api/v1/events/<slug>/checkins/` with a check-in
token. Every request scans a different fresh badge at the main entrance, so
every one takes the slowest path (an insert of the admission row and of the
scan log); the scans of the previous level are deleted before each level.
Reports requests/s and p50/p95/p99 latency as the client saw them, and the SQL
queries per scan (counted in-process for the accepted and the repeat path).
Writes bench/results/checkin.json and checkin.md. Every loop is bounded.
"""

import argparse
import asyncio
import json
import logging
import os
import platform
import signal
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# The server and this script must derive the same event keys.
os.environ.setdefault("BADGE_SIGNING_KEY", "bench-only badge signing secret, not for production")

import django  # noqa: E402

django.setup()

import httpx  # noqa: E402
from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from events.summit.models import AccessZone, Event, RegistrationCategory  # noqa: E402
from events.teams.models import Role  # noqa: E402
from events.tokens.services import api_token_issue  # noqa: E402
from registrations.badges.keys import badge_code  # noqa: E402
from registrations.badges.models import Badge  # noqa: E402
from registrations.checkin.models import CheckInScan, ZonePresence  # noqa: E402
from registrations.registration.models import Registration, Status  # noqa: E402

RESULTS = BASE_DIR / "bench" / "results"
SLUG = "bench-checkin"


def prepare(count: int) -> Event:
    event, _created = Event.objects.get_or_create(
        slug=SLUG,
        defaults={
            "name": {"en": "Check-in benchmark"},
            "venue_name": {"en": "Bench hall"},
            "starts_at": timezone.now() + timezone.timedelta(days=10),
            "ends_at": timezone.now() + timezone.timedelta(days=12),
            "is_published": True,
        },
    )
    zone, _ = AccessZone.objects.get_or_create(
        event=event, slug="plenary", defaults={"name": {"en": "Plenary"}, "is_main_entrance": True}
    )
    category, _ = RegistrationCategory.objects.get_or_create(
        event=event, slug="delegate", defaults={"name": {"en": "Delegate"}}
    )
    category.zones.set([zone])
    have = Registration.objects.filter(event=event).count()
    batch = []
    for number in range(have, count):
        batch.append(
            Registration(
                event=event,
                category=category,
                reference=f"BCH-{number:06d}",
                status=Status.APPROVED,
                first_name="Bench",
                last_name=f"Delegate {number:05d}",
                name_ar="مندوب",
                email=f"bench{number}@example.org",
                organization="Bench",
                job_title="Delegate",
                country="AE",
                consent_at=timezone.now(),
            )
        )
    Registration.objects.bulk_create(batch, batch_size=2000)
    missing = Registration.objects.filter(event=event, badges__isnull=True)
    Badge.objects.bulk_create(
        (Badge(registration=registration, version=1) for registration in missing.iterator()),
        batch_size=2000,
    )
    return event


def reset(event: Event) -> None:
    CheckInScan.objects.filter(event=event).delete()
    ZonePresence.objects.filter(event=event).delete()


def codes(event: Event) -> list[str]:
    return [
        badge_code(event_id=event.pk, registration_id=pk, version=1)
        for pk in Registration.objects.filter(event=event)
        .order_by("pk")
        .values_list("pk", flat=True)
    ]


def queries_per_scan(event: Event, token: str, code_pair: tuple[str, str]) -> dict:
    from rest_framework.test import APIClient

    client = APIClient()
    url = f"/api/v1/events/{event.slug}/checkins/"
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    client.post(url, {"code": code_pair[1]}, format="json", **auth)  # token use stamped
    counted = {}
    for label, body in (
        ("accepted", {"code": code_pair[0]}),
        ("already_checked_in", {"code": code_pair[0]}),
        ("accepted_with_nonce", {"code": code_pair[1], "nonce": "bench-nonce", "zone": ""}),
        ("invalid", {"code": "NOT-A-BADGE"}),
    ):
        if label == "accepted_with_nonce":
            ZonePresence.objects.filter(event=event).delete()
        with CaptureQueriesContext(connection) as captured:
            answer = client.post(url, body, format="json", **auth).json()
        counted[label] = {"result": answer["result"], "queries": len(captured)}
    reset(event)
    return counted


async def run_baseline(base_url: str, path: str, count: int, concurrency: int) -> dict:
    """The same server answering its cheapest request (public badge key): the floor."""
    latencies: list[float] = []
    remaining = [count]
    async with httpx.AsyncClient(base_url=base_url, timeout=30) as client:

        async def worker():
            while remaining[0] > 0:
                remaining[0] -= 1
                started = time.perf_counter()
                await client.get(path)
                latencies.append(time.perf_counter() - started)

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "concurrency": concurrency,
        "requests_per_second": round(len(latencies) / elapsed, 1),
        "p50_ms": round(latencies[len(latencies) // 2] * 1000, 2),
        "p99_ms": round(latencies[int(0.99 * len(latencies))] * 1000, 2),
    }


async def run_level(base_url: str, path: str, token: str, batch: list[str], concurrency: int):
    latencies: list[float] = []
    results: dict[str, int] = {}
    queue = list(reversed(batch))
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(
        base_url=base_url, limits=limits, headers=headers, timeout=30
    ) as client:

        async def worker():
            while queue:
                code = queue.pop()
                started = time.perf_counter()
                response = await client.post(path, json={"code": code})
                latencies.append(time.perf_counter() - started)
                result = response.json().get("result", str(response.status_code))
                results[result] = results.get(result, 0) + 1

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    latencies.sort()

    def pct(share: float) -> float:
        return round(latencies[min(len(latencies) - 1, int(share * len(latencies)))] * 1000, 2)

    return {
        "concurrency": concurrency,
        "requests": len(latencies),
        "seconds": round(elapsed, 2),
        "requests_per_second": round(len(latencies) / elapsed, 1),
        "p50_ms": pct(0.50),
        "p95_ms": pct(0.95),
        "p99_ms": pct(0.99),
        "mean_ms": round(statistics.fmean(latencies) * 1000, 2),
        "results": results,
    }


def start_gunicorn(port: int, workers: int, worker_class: str, threads: int):
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-secret-key-" + "x" * 40),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "LOG_LEVEL": "WARNING",
    }
    command = [
        str(BASE_DIR / ".venv" / "bin" / "gunicorn"),
        "config.wsgi",
        "--workers",
        str(workers),
        "--bind",
        f"127.0.0.1:{port}",
        "--worker-class",
        worker_class,
        "--threads",
        str(threads),
        "--log-level",
        "warning",
        "--backlog",
        "256",
    ]
    process = subprocess.Popen(command, cwd=BASE_DIR, env=env, start_new_session=True)  # noqa: S603
    # The worker records tokens' last use (one task a minute per token); without it
    # every request would queue that task again, as a deployment without workers would.
    worker = subprocess.Popen(  # noqa: S603 - fixed argument lists, no input
        [
            str(BASE_DIR / ".venv" / "bin" / "celery"),
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "--loglevel=WARNING",
        ],
        cwd=BASE_DIR,
        env=env,
        start_new_session=True,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/api/v1/events/{SLUG}/badge-key/", timeout=1)
            return process, worker
        except httpx.HTTPError:
            time.sleep(0.3)
    process.kill()
    worker.kill()
    raise SystemExit("gunicorn did not start within 30 seconds")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--registrations", type=int, default=20_000)
    parser.add_argument("--port", type=int, default=8401)
    parser.add_argument("--requests", type=int, default=3000, help="scans per level")
    parser.add_argument("--levels", default="1,8,32")
    parser.add_argument("--worker-class", default="sync")
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    logging.getLogger("httpx").setLevel(logging.WARNING)
    if connection.vendor != "postgresql":
        raise SystemExit("Run it on PostgreSQL: set DATABASE_URL=postgres://…")

    started = time.perf_counter()
    event = prepare(args.registrations)
    reset(event)
    token = api_token_issue(event=event, role=Role.CHECKIN, label="bench scanner")[1]
    all_codes = codes(event)
    print(f"{len(all_codes)} registrations ready in {time.perf_counter() - started:.1f} s")
    counted = queries_per_scan(event, token, (all_codes[0], all_codes[1]))
    print("queries per scan:", counted)

    levels = [int(level) for level in args.levels.split(",")]
    needed = min(args.requests, len(all_codes) - 200)
    process, worker = start_gunicorn(args.port, 2, args.worker_class, args.threads)
    measured = []
    try:
        base_url = f"http://127.0.0.1:{args.port}"
        path = f"/api/v1/events/{event.slug}/checkins/"
        for concurrency in levels:
            reset(event)
            # Warm up both workers (connections, caches) on badges not measured after.
            asyncio.run(run_level(base_url, path, token, all_codes[-200:], concurrency))
            level = asyncio.run(run_level(base_url, path, token, all_codes[:needed], concurrency))
            measured.append(level)
            print(json.dumps(level))
        baseline = asyncio.run(
            run_baseline(base_url, f"/api/v1/events/{event.slug}/badge-key/", 1000, 8)
        )
        load = os.getloadavg()
    finally:
        for child in (process, worker):
            os.killpg(child.pid, signal.SIGTERM)
            child.wait(timeout=30)
        reset(event)

    report = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "database": settings.DATABASES["default"]["ENGINE"],
        "cache": settings.CACHES["default"]["BACKEND"],
        "server": f"gunicorn, 2 workers, {args.worker_class}, {args.threads} thread(s)",
        "registrations": len(all_codes),
        "path": "every scan a fresh badge: accepted, admission row and scan log inserted",
        "queries_per_scan": counted,
        "levels": measured,
        "baseline_public_get_concurrency_8": baseline,
        "load_average_after": [round(value, 2) for value in load],
        "target": "p99 < 30 ms at concurrency 8; at most 4 SQL queries per scan",
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "checkin.json").write_text(json.dumps(report, indent=2) + "\n")
    lines = [
        "# Check-in benchmark",
        "",
        f"{report['when']}: {report['registrations']:,} approved registrations with badges, "
        f"{report['database']}, {report['server']}, client (httpx, asyncio) on the same "
        f"{report['machine']['cpus']}-core machine. {report['path']}.",
        "",
        "| concurrency | requests | requests/s | p50 ms | p95 ms | p99 ms |",
        "| ---: | ---: | ---: | ---: | ---: | ---: |",
        *(
            f"| {row['concurrency']} | {row['requests']} | {row['requests_per_second']} | "
            f"{row['p50_ms']} | {row['p95_ms']} | {row['p99_ms']} |"
            for row in measured
        ),
        "",
        "SQL queries per scan (token authentication included): "
        + ", ".join(f"{label} {value['queries']}" for label, value in counted.items())
        + ".",
        "",
        f"Floor of this server on this machine: GET badge-key (no authentication, no "
        f"write) at concurrency 8: {baseline['requests_per_second']} requests/s, p50 "
        f"{baseline['p50_ms']} ms, p99 {baseline['p99_ms']} ms. Load average after the run "
        f"(the machine is shared): {', '.join(str(round(v, 2)) for v in load)}.",
        "",
        f"Target: {report['target']}.",
        "",
    ]
    (RESULTS / "checkin.md").write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
