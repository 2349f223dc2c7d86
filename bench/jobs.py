"""Long work off the request: request time and time to done of the job kinds.

    DATABASE_URL=postgres://… .venv/bin/python bench/jobs.py [--rows 3000] [--badges 1000]

Times, through the API with an accreditation token (Django's test client, in
process): the vetting decisions import of --rows rows (the request checks the whole
file and answers 202; then the job, run as the worker runs it: time to done), and a
batch of --badges badges (202, then the job renders the PDF); then the CSV export of
--export registrations (what the page's request does, then the job). Writes
bench/results/jobs.json.
"""

import argparse
import json
import os
import platform
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("BADGE_SIGNING_KEY", "bench-only badge signing secret, not for production")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.utils import timezone  # noqa: E402
from rest_framework.test import APIClient  # noqa: E402

from bench.badges import prepare as prepare_badges  # noqa: E402
from events.audit.services import Actor  # noqa: E402
from events.jobs import tasks as job_tasks  # noqa: E402
from events.jobs.models import Job  # noqa: E402
from events.jobs.services import job_run  # noqa: E402
from events.summit.models import Event, RegistrationCategory  # noqa: E402
from events.teams.models import Role  # noqa: E402
from events.tokens.services import api_token_issue  # noqa: E402
from registrations.registration.jobs import registrations_export_queue  # noqa: E402
from registrations.registration.models import Registration, Status, VettingState  # noqa: E402
from registrations.vetting.models import VettingBatch  # noqa: E402

RESULTS = BASE_DIR / "bench" / "results"


def token_for(event: Event) -> str:
    _token, raw = api_token_issue(event=event, role=Role.ACCREDITATION, label="bench jobs")
    return raw


def prepare_vetting(rows: int) -> Event:
    """An event with `rows` registrations sent for vetting, awaiting a decision (fresh)."""
    slug = "bench-vetting"
    Event.objects.filter(slug=slug).delete()
    now = timezone.now()
    event = Event.objects.create(
        slug=slug,
        name={"en": "Vetting benchmark summit", "ar": "قمة قياس التدقيق"},
        venue_name={"en": "Bench hall"},
        starts_at=now + timezone.timedelta(days=10),
        ends_at=now + timezone.timedelta(days=12),
    )
    category = RegistrationCategory.objects.create(
        event=event, slug="vetted", name={"en": "Vetted", "ar": "مدقق"}, requires_vetting=True
    )
    batch = VettingBatch.objects.create(event=event, number=1, size=rows, created_by="bench")
    Registration.objects.bulk_create(
        Registration(
            event=event,
            category=category,
            reference=f"VET-{number:06d}",
            status=Status.VETTING,
            vetting_state=VettingState.SUBMITTED,
            vetting_batch=batch,
            first_name="Vetted",
            last_name=f"Number {number:05d}",
            email=f"vet{number}@example.org",
            country="AE",
            consent_at=now,
        )
        for number in range(rows)
    )
    return event


def prepare_export(rows: int) -> Event:
    """An event with `rows` registrations (made once, kept for the next run)."""
    slug = "bench-export"
    now = timezone.now()
    event, _created = Event.objects.get_or_create(
        slug=slug,
        defaults={
            "name": {"en": "Export benchmark summit", "ar": "قمة قياس التصدير"},
            "venue_name": {"en": "Bench hall"},
            "starts_at": now + timezone.timedelta(days=10),
            "ends_at": now + timezone.timedelta(days=12),
        },
    )
    category, _ = RegistrationCategory.objects.get_or_create(
        event=event, slug="delegate", defaults={"name": {"en": "Delegate", "ar": "مندوب"}}
    )
    have = Registration.objects.filter(event=event).count()
    for start in range(have, rows, 5000):
        Registration.objects.bulk_create(
            Registration(
                event=event,
                category=category,
                reference=f"EXP-{number:06d}",
                status=Status.APPROVED,
                first_name="Exported",
                last_name=f"Number {number:06d}",
                name_ar="محمد المنصوري",
                email=f"export{number}@example.org",
                country="AE",
                consent_at=now,
            )
            for number in range(start, min(start + 5000, rows))
        )
    return event


def through_the_job(client: APIClient, bearer: dict, send) -> dict:
    started = time.perf_counter()
    response = send()
    request_seconds = time.perf_counter() - started
    if response.status_code != 202:
        raise SystemExit(response.content[:500])
    job_id = response.json()["id"]
    started = time.perf_counter()
    job_run(job_id=job_id)
    job_seconds = time.perf_counter() - started
    job = Job.objects.get(pk=job_id)
    if job.status != "done":
        raise SystemExit(job.error)
    return {
        "request_seconds": round(request_seconds, 3),
        "status": response.status_code,
        "job_seconds": round(job_seconds, 2),
        "rows": job.total,
        "counts": job.outcome["counts"],
    }


def export_through_the_job(event: Event) -> dict:
    """What the export page's request does (count, audit, queue), then the job."""
    started = time.perf_counter()
    job = registrations_export_queue(event=event, actor=Actor(label="bench"), filters={})
    request_seconds = time.perf_counter() - started
    started = time.perf_counter()
    job_run(job_id=job.pk)
    job_seconds = time.perf_counter() - started
    job.refresh_from_db()
    return {
        "request_seconds": round(request_seconds, 3),
        "job_seconds": round(job_seconds, 2),
        "rows": job.total,
        "file_megabytes": round(job.result.size / 1_000_000, 2),
    }


def vetting(client: APIClient, runs: dict, rows: int) -> None:
    event = prepare_vetting(rows)
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {token_for(event)}"}
    decisions = [
        {"reference": f"VET-{n:06d}", "decision": ("cleared", "refused", "more_information")[n % 3]}
        for n in range(rows)
    ]
    runs["vetting_apply"] = through_the_job(
        client,
        bearer,
        lambda: client.post(
            f"/api/v1/events/{event.slug}/vetting/decisions/",
            {"dry_run": False, "decisions": decisions},
            format="json",
            **bearer,
        ),
    )
    print(json.dumps({"vetting_apply": runs["vetting_apply"]}))


def badges(client: APIClient, runs: dict, count: int) -> None:
    event = prepare_badges(count)
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {token_for(event)}"}
    runs["badge_batch"] = through_the_job(
        client,
        bearer,
        lambda: client.post(f"/api/v1/events/{event.slug}/badges.pdf", {}, format="json", **bearer),
    )
    print(json.dumps({"badge_batch": runs["badge_batch"]}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=3000)
    parser.add_argument("--badges", type=int, default=1000)
    parser.add_argument("--export", type=int, default=50000, help="registrations; 0 skips")
    args = parser.parse_args()
    # This process is the worker: the job runs below, timed apart from the request.
    job_tasks.run_job.delay_on_commit = lambda *args, **kwargs: None
    client = APIClient()
    runs = {}

    previous = RESULTS / "jobs.json"
    if previous.exists():  # a scenario skipped (0) keeps its last figures
        runs.update(json.loads(previous.read_text())["runs"])
    if args.rows:
        vetting(client, runs, args.rows)
    if args.badges:
        badges(client, runs, args.badges)
    if args.export:
        event = prepare_export(args.export)
        runs["registrations_export"] = export_through_the_job(event)
        print(json.dumps({"registrations_export": runs["registrations_export"]}))

    RESULTS.mkdir(parents=True, exist_ok=True)
    report = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "database": settings.DATABASES["default"]["ENGINE"],
        "runs": runs,
    }
    (RESULTS / "jobs.json").write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
