"""The scenarios of `python -m bench`, run in order against one gunicorn.

1. data: a summit with N registrations (badges, categories, delegations), the
   programme (sessions, speaker links, a release) and personal agendas;
2. SQL queries per request, counted in-process (CaptureQueriesContext) for one
   representative request of each HTTP scenario, so production carries no probe;
3. gunicorn (sync workers, cores + 1) and a Celery worker for the tasks the web
   requests enqueue, on loopback, then over HTTP: the registration burst on a
   fresh event whose capacity is below the number of submissions (then the
   counts are checked), check-in scans at concurrency 1, 8 and 32 over
   distinct badges plus 10 % repeats, the agenda page, agenda.ics, personal
   calendar feeds and the sessions API;
4. in-process: a badge PDF batch (bench/badges.py), the reminder fan-out
   through a real worker and beat to an SMTP sink (bench/outbox.py), and the
   security vetting round trip and seating list (bench/protocol.py).
Every loop is bounded in count and in time. Results: bench/results/latest.* (or
smoke.* for --smoke).
"""

import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from bench import report
from bench.load import Call, drive, json_field

BASE_DIR = Path(__file__).resolve().parent.parent
RESULTS = BASE_DIR / "bench" / "results"


@dataclass(frozen=True)
class Plan:
    size: str
    slug: str
    registrations: int
    sessions: int
    speaker_links: int
    personal_agendas: int
    burst: int
    burst_capacity: int
    scans: tuple[tuple[int, int], ...]  # (concurrency, distinct badges)
    reads: int  # requests per read scenario
    personal_feeds: int
    badges: int
    reminders: int
    vetting: int  # registrations in the vetting round trip
    jobs: tuple[int, int, int, int]  # vetting rows, badges, people notified, rows exported
    console: tuple[int, int]  # registrations the dashboard counts, mailing recipients
    imports: int  # rows of the workbook an import checks, then applies
    max_seconds: float  # per load level


FULL = Plan(
    size="full",
    slug="bench-summit",
    registrations=20_000,
    sessions=300,
    speaker_links=600,
    personal_agendas=5_000,
    burst=2_000,
    burst_capacity=1_500,
    # 20,000 distinct badges over the three levels, each with 10 % repeat scans.
    scans=((1, 2_000), (8, 9_000), (32, 9_000)),
    reads=500,
    personal_feeds=2_000,
    badges=1_000,
    reminders=10_000,
    vetting=1_000,
    jobs=(3_000, 1_000, 5_000, 50_000),
    console=(50_000, 5_000),
    imports=5_000,
    max_seconds=240,
)
SMOKE = Plan(
    size="smoke",
    slug="bench-smoke",
    registrations=300,
    sessions=30,
    speaker_links=60,
    personal_agendas=50,
    burst=300,
    burst_capacity=200,
    scans=((1, 50), (8, 50), (32, 50)),
    reads=30,
    personal_feeds=30,
    badges=10,
    reminders=50,
    vetting=20,
    jobs=(30, 10, 30, 100),
    console=(100, 30),
    imports=50,
    max_seconds=30,
)
SCENARIO_GROUPS = (
    "registration",
    "checkin",
    "reads",
    "badges",
    "reminders",
    "protocol",
    "jobs",
    "console",
    "import",
)


def ensure_database(url: str) -> None:
    """Create the PostgreSQL database of `url` when it does not exist (loopback only)."""
    parts = urlsplit(url)
    if not parts.scheme.startswith("postgres"):
        raise SystemExit("The benchmark needs PostgreSQL: set DATABASE_URL=postgres://…")
    if parts.hostname not in {"127.0.0.1", "localhost", "::1"}:
        raise SystemExit(f"The benchmark only talks to loopback, not {parts.hostname}")
    import psycopg
    from psycopg import sql

    name = parts.path.lstrip("/")
    with psycopg.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password,
        dbname="postgres",
        autocommit=True,
    ) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"created database {name}")


# --- Versions ------------------------------------------------------------------------


def versions() -> dict:
    import platform

    import celery
    import django
    import gunicorn
    import redis
    from django.conf import settings
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0].split()[0]
    redis_server = redis.Redis.from_url(settings.REDIS_URL).info("server")["redis_version"]
    return {
        "Python": platform.python_version(),
        "Django": django.get_version(),
        "PostgreSQL": postgres,
        "Redis": redis_server,
        "gunicorn": gunicorn.__version__,
        "Celery": celery.__version__,
        "httpx": httpx.__version__,
    }


# --- Servers -------------------------------------------------------------------------


class Servers:
    """gunicorn plus a Celery worker (the tasks web requests enqueue), each in its own group."""

    def __init__(self, *, port: int, workers: int, var_dir: Path) -> None:
        self.port = port
        self.workers = workers
        self.var_dir = var_dir
        self.children: list[subprocess.Popen] = []
        self.log = var_dir / "servers.log"

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def environment(self) -> dict:
        return {
            **os.environ,
            "DEBUG": "false",
            "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-secret-key-" + "x" * 40),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "false",
            "LOG_LEVEL": "WARNING",
            # The burst comes from one address; the per-client throttle is not under test.
            "REGISTRATION_THROTTLE_RATE": "1000000/minute",
            "REGISTRATION_EVENT_THROTTLE_RATE": "1000000/minute",
            "CHECKIN_THROTTLE_RATE": "1000000/minute",
            "CHECKIN_EVENT_THROTTLE_RATE": "1000000/minute",
            "SUMMIT_VAR_DIR": str(self.var_dir),
            "EMAIL_URL": "filemail://",
            "EMAIL_FILE_PATH": str(self.var_dir / "mail"),
        }

    def start(self) -> "Servers":
        env = self.environment()
        bin_dir = Path(sys.executable).parent
        (self.var_dir / "celery").mkdir(parents=True, exist_ok=True)
        log = self.log.open("ab")
        # DEBUG off serves hashed static names from the manifest, as a deployment does.
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity=0"],
            cwd=BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            check=True,
            timeout=300,
        )
        commands = [
            [
                str(bin_dir / "gunicorn"),
                "config.wsgi",
                f"--workers={self.workers}",
                f"--bind=127.0.0.1:{self.port}",
                "--worker-class=sync",
                "--backlog=256",
                "--log-level=warning",
            ],
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--pool=solo",
                "--loglevel=WARNING",
                "--without-gossip",
                "--without-mingle",
                f"--hostname=bench-{os.getpid()}@%h",
            ],
        ]
        for command in commands:
            self.children.append(
                subprocess.Popen(  # noqa: S603 - our own interpreter and fixed arguments
                    command,
                    cwd=BASE_DIR,
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            )
        log.close()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.base_url}/healthz", timeout=2).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            if self.children[0].poll() is not None:
                break
            time.sleep(0.3)
        self.stop()
        raise SystemExit(f"gunicorn did not become healthy; see {self.log}")

    def stop(self) -> None:
        for child in self.children:
            if child.poll() is None:
                os.killpg(child.pid, signal.SIGTERM)
        for child in self.children:
            try:
                child.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(child.pid, signal.SIGKILL)
                child.wait(timeout=10)
        self.children = []


# --- Queries per request (in-process, no probe in production) --------------------------


def count_queries(method: str, path: str, *, body: dict | None = None, token: str = "") -> dict:
    """SQL queries of one request through the whole middleware stack (a warm second call)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}

    def send():
        if method == "GET":
            return client.get(path, **headers)
        return client.post(path, body, content_type="application/json", **headers)

    if method == "GET":
        send()  # caches filled as in the steady state
    with CaptureQueriesContext(connection) as captured:
        response = send()
    return {"queries": len(captured), "status": response.status_code}


# --- Scenarios -----------------------------------------------------------------------


def registration_body(number: int, *, domain: str) -> dict:
    categories = ("delegate", "delegate", "delegate", "private-sector", "media", "speaker")
    return {
        "first_name": "Burst",
        "last_name": f"Registrant {number:05d}",
        "email": f"Burst.{number}@{domain}",
        "organization": "Ministry of Interior",
        "job_title": "Director",
        "country": "AE",
        "category": categories[number % len(categories)],
        "consent": True,
    }


def scenario_registration(plan: Plan, servers: Servers) -> dict:
    from bench import data
    from notifications.models import Message
    from notifications.models import Status as MessageStatus
    from registrations.registration.models import HOLDS_A_PLACE, Registration, Status

    run = datetime.now(UTC).strftime("%m%d%H%M%S")
    event = data.opening(slug=f"bench-opening-{run}", capacity=plan.burst_capacity)
    domain = f"{event.slug}.example"
    path = f"/api/v1/events/{event.slug}/registrations/"
    counted = count_queries("POST", path, body=registration_body(plan.burst, domain=domain))
    calls = [
        Call("POST", path, registration_body(number, domain=domain), frozenset({202}))
        for number in range(plan.burst)
    ]
    result = drive(
        base_url=servers.base_url,
        calls=calls,
        concurrency=32,
        max_seconds=plan.max_seconds,
        outcome=json_field("status"),
    )
    registrations = Registration.objects.filter(event=event)
    holding = registrations.filter(status__in=HOLDS_A_PLACE).count()
    waitlisted = registrations.filter(status=Status.WAITLISTED).count()
    total = registrations.count()
    submitted = plan.burst + 1  # the one counted in-process
    result.update(
        label="registration burst at opening",
        queries=counted["queries"],
        capacity=plan.burst_capacity,
        holding_a_place=holding,
        waitlisted=waitlisted,
        overrun=max(0, holding - plan.burst_capacity),
        # Every accepted submission is one record: a place until full, then the waitlist.
        counts_consistent=(
            total == result["requests"] - result["errors"] + 1
            and holding == min(plan.burst_capacity, total)
            and waitlisted == total - holding
        ),
        submitted=submitted,
    )
    # The confirmations they queued are not part of the reminder measurement.
    Message.objects.filter(
        recipient__iendswith=f"@{domain}",
        status__in=[MessageStatus.QUEUED, MessageStatus.SENDING],
    ).delete()
    return result


def scenario_checkin(plan: Plan, servers: Servers, event) -> dict:
    from bench.checkin import codes, queries_per_scan, reset
    from events.teams.models import Role
    from events.tokens.services import api_token_issue

    reset(event)
    token = api_token_issue(event=event, role=Role.CHECKIN, label="bench scanner")[1]
    all_codes = codes(event)
    counted = queries_per_scan(event, token, (all_codes[0], all_codes[1]))
    path = f"/api/v1/events/{event.slug}/checkins/"
    headers = {"Authorization": f"Bearer {token}"}
    shuffler = random.Random(9)  # noqa: S311 - the order of scans, not a secret
    levels = {}
    # Warm both workers on badges that are not measured after.
    drive(
        base_url=servers.base_url,
        calls=[Call("POST", path, {"code": code}) for code in all_codes[-50:]],
        concurrency=8,
        max_seconds=plan.max_seconds,
        headers=headers,
    )
    reset(event)
    position = 0
    for concurrency, distinct in plan.scans:
        batch = all_codes[position : position + distinct]
        position += distinct
        repeats = shuffler.sample(batch, max(1, len(batch) // 10))
        scans = [*batch]
        # A repeat comes after its first scan: insert each one later in the list.
        for code in repeats:
            first = scans.index(code)
            scans.insert(shuffler.randint(first + 1, len(scans)), code)
        level = drive(
            base_url=servers.base_url,
            calls=[Call("POST", path, {"code": code}) for code in scans],
            concurrency=concurrency,
            max_seconds=plan.max_seconds,
            headers=headers,
            outcome=json_field("result"),
        )
        level.update(
            label=f"check-in scans, concurrency {concurrency}",
            queries=counted["accepted"]["queries"],
            queries_by_result={label: value["queries"] for label, value in counted.items()},
            distinct_badges=len(batch),
            repeat_scans=len(repeats),
        )
        levels[f"checkin_c{concurrency}"] = level
    reset(event)
    return levels


def scenario_reads(plan: Plan, servers: Servers, event) -> dict:
    from bench import data

    tokens = data.personal_feed_tokens(event=event, count=plan.personal_feeds)
    reads = {
        # The floor: the cheapest request this server answers (one SELECT 1, one PING).
        "healthz_floor": ("floor: /healthz", "/healthz", 8),
        "agenda_page": ("public agenda page", f"/e/{event.slug}/agenda/", 8),
        "agenda_ics_c1": ("agenda.ics, one client", f"/e/{event.slug}/agenda.ics", 1),
        "agenda_ics_c8": ("agenda.ics", f"/e/{event.slug}/agenda.ics", 8),
        "sessions_api": ("sessions API (first page)", f"/api/v1/events/{event.slug}/sessions/", 8),
    }
    results = {}
    for key, (label, path, concurrency) in reads.items():
        counted = count_queries("GET", path)
        count = plan.reads if concurrency > 1 else max(10, plan.reads // 2)
        result = drive(
            base_url=servers.base_url,
            calls=[Call("GET", path)] * count,
            concurrency=concurrency,
            max_seconds=plan.max_seconds,
        )
        result.update(label=label, queries=counted["queries"])
        results[key] = result
    counted = count_queries("GET", f"/feeds/{tokens[0]}/calendar.ics")
    result = drive(
        base_url=servers.base_url,
        calls=[Call("GET", f"/feeds/{token}/calendar.ics") for token in tokens],
        concurrency=8,
        max_seconds=plan.max_seconds,
    )
    result.update(
        label="personal calendar feed (a different registrant each)", queries=counted["queries"]
    )
    results["personal_feed"] = result
    return results


def scenario_badges(plan: Plan) -> dict:
    from bench import badges
    from events.audit.services import Actor
    from events.summit.models import Event
    from registrations.badges.render import batch_badges_pdf
    from registrations.badges.services import badges_batch

    slug, prefix = ("bench-badges", "BDG") if plan.size == "full" else ("bench-badges-smoke", "BDS")
    event = badges.prepare(plan.badges, slug=slug, prefix=prefix)
    Event.objects.filter(pk=event.pk).update(badge_format="cr80")
    event.refresh_from_db()
    started = time.perf_counter()
    pairs = badges_batch(event=event, actor=Actor(label="bench"))
    selected = time.perf_counter()
    pdf = batch_badges_pdf(pairs, event=event, sheet="card")
    finished = time.perf_counter()
    return {
        "label": "badge PDF batch (CR80 cards, half Arabic names, a fifth with photos)",
        "badges": len(pairs),
        "seconds": round(finished - started, 2),
        "select_seconds": round(selected - started, 2),
        "render_seconds": round(finished - selected, 2),
        "badges_per_second": round(len(pairs) / (finished - started), 1),
        "pdf_megabytes": round(len(pdf) / 1_000_000, 2),
    }


def scenario_reminders(plan: Plan) -> dict:
    from bench.outbox import deliver
    from notifications.models import Message

    result = deliver(count=plan.reminders, concurrency=2, timeout=max(60, plan.reminders / 20))
    if result is None:
        return {"label": "reminder fan-out", "messages": plan.reminders, "delivered": "not all"}
    Message.objects.filter(scope=result["scope"]).delete()
    return {
        "label": "reminder fan-out (worker with beat, 2 processes, SMTP sink on loopback)",
        "messages": result["count"],
        "messages_per_second": result["messages_per_second"],
        "messages_per_second_including_startup": result["messages_per_second_including_startup"],
        "delivery_seconds": result["delivery_seconds"],
        "enqueue_per_second": result["enqueue_per_second"],
        "received_distinct": result["received_distinct_message_ids"],
        "smtp_connections": result["smtp_connections"],
        "failed": result["failed"],
    }


# --- The run -------------------------------------------------------------------------


def run(options) -> int:
    import logging

    from django.core.management import call_command

    # The SMTP sink logs every command it receives, httpx every request.
    for noisy in ("mail.log", "httpx", "httpcore"):
        logging.getLogger(noisy).setLevel(logging.WARNING)

    from bench import data

    plan = SMOKE if options.smoke else FULL
    groups = [g for g in options.only.split(",") if g] or list(SCENARIO_GROUPS)
    unknown = set(groups) - set(SCENARIO_GROUPS)
    if unknown:
        raise SystemExit(f"unknown scenarios: {', '.join(sorted(unknown))}")
    workers = options.workers or (os.cpu_count() or 1) + 1
    began = time.perf_counter()
    load_before = [round(value, 2) for value in os.getloadavg()]
    host = report.machine()
    call_command("migrate", verbosity=0)

    print(f"[bench] {plan.size}: preparing data…", flush=True)
    prepared = time.perf_counter()
    event = data.summit(
        slug=plan.slug,
        prefix="BSUM" if plan.size == "full" else "BSMK",
        sizes=data.Sizes(
            registrations=plan.registrations,
            sessions=plan.sessions,
            speaker_links=plan.speaker_links,
            personal_agendas=plan.personal_agendas,
        ),
    )
    data_seconds = round(time.perf_counter() - prepared, 1)
    print(f"[bench] data ready in {data_seconds} s", flush=True)

    scenarios: dict = {}
    var_dir = Path(tempfile.mkdtemp(prefix="summit-bench-"))
    if {"registration", "checkin", "reads"} & set(groups):
        servers = Servers(port=options.port, workers=workers, var_dir=var_dir).start()
        try:
            if "registration" in groups:
                print("[bench] registration burst…", flush=True)
                scenarios["registration_burst"] = scenario_registration(plan, servers)
            if "checkin" in groups:
                print("[bench] check-in scans…", flush=True)
                scenarios.update(scenario_checkin(plan, servers, event))
            if "reads" in groups:
                print("[bench] agenda, feeds, sessions API…", flush=True)
                scenarios.update(scenario_reads(plan, servers, event))
        finally:
            servers.stop()
    if "badges" in groups:
        print("[bench] badge batch…", flush=True)
        scenarios["badges"] = scenario_badges(plan)
    if "reminders" in groups:
        print("[bench] reminders…", flush=True)
        scenarios["reminders"] = scenario_reminders(plan)
    if "protocol" in groups:
        print("[bench] vetting round trip and seating list…", flush=True)
        from bench import protocol

        scenarios.update(
            protocol.run(
                count=plan.vetting,
                slug=f"bench-protocol-{plan.size}",
                prefix="PRF" if plan.size == "full" else "PRS",
            )
        )

    if "jobs" in groups:
        print("[bench] long work through jobs: vetting, badges, notices, export…", flush=True)
        from bench import jobs

        rows, badges, notices, export = plan.jobs
        scenarios.update(
            jobs.run(
                rows=rows,
                badges=badges,
                notices=notices,
                export=export,
                badge_slug="" if plan.size == "full" else "bench-jobs-smoke",
            )
        )

    if "console" in groups:
        print("[bench] the organizer's console: dashboard numbers, a mailing…", flush=True)
        from bench import console

        stats_rows, recipients = plan.console
        scenarios.update(console.run(stats_rows=stats_rows, mailing_recipients=recipients))

    if "import" in groups:
        print("[bench] a registrations import: a workbook checked, then applied…", flush=True)
        from bench import imports

        scenarios.update(imports.run(rows=plan.imports))

    command = "python -m bench" + (" --smoke" if options.smoke else "")
    result = {
        "run": {
            "size": plan.size,
            "command": command + (f" --only {options.only}" if options.only else ""),
            "finished": datetime.now(UTC).isoformat(timespec="seconds"),
            "seconds": round(time.perf_counter() - began, 1),
            "load_average_before": load_before,
            "load_average_after": [round(value, 2) for value in os.getloadavg()],
            "server": f"gunicorn {workers} sync workers + 1 Celery worker (solo), DEBUG off",
            "data": (
                f"{plan.registrations:,} approved registrations with badges over "
                f"{len(data.CATEGORIES)} categories and delegations of {data.DELEGATION_SIZE}, "
                f"{plan.sessions} sessions, {plan.speaker_links} speaker links, "
                f"{plan.personal_agendas:,} personal agendas; prepared in {data_seconds} s "
                "(only what was missing)"
            ),
        },
        "machine": host,
        "versions": versions(),
        "plan": plan.__dict__,
        "scenarios": scenarios,
        "targets": report.evaluate(scenarios) if plan.size == "full" else [],
        "notes": [],
    }
    burst = scenarios.get("registration_burst")
    if burst and not burst["counts_consistent"]:
        result["notes"].append("Registration burst: the counts after the burst do not add up.")
    stem = "latest" if plan.size == "full" and not options.only else f"{plan.size}"
    if options.only and plan.size == "full":
        stem = "partial"
    as_json, as_markdown = report.write(result, folder=Path(options.results), stem=stem)
    print(as_markdown.read_text())
    print(f"[bench] wrote {as_markdown} and {as_json}")
    failures = []
    if burst and (burst["overrun"] or not burst["counts_consistent"]):
        failures.append("registration capacity")
    if scenarios.get("reminders", {}).get("delivered") == "not all":
        failures.append("reminders not all delivered")
    if failures:
        print("[bench] FAILED: " + ", ".join(failures))
        return 1
    return 0
