"""Long work off the request: request time and time to done of each job kind.

    DATABASE_URL=postgres://… .venv/bin/python bench/jobs.py [--rows 3000] [--badges 1000]
        [--notices 5000] [--export 50000]

Also the "jobs" scenarios of `python -m bench`. Each is timed through the API
with a token of the role it needs (Django's test client, in process): the request
(it answers 202 with the job), then the job run as the worker runs it (time to
done). The vetting decisions import of --rows rows; a batch of --badges badges;
a release that moves a session in --notices people's personal agendas (the
release answers 201, its change notices are the job); the CSV export of --export
registrations (what the page's POST does, then the job). A count of 0 skips that
one. Standalone, writes bench/results/jobs.json.
"""

import argparse
import json
import logging
import os
import platform
import sys
import time
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("BADGE_SIGNING_KEY", "bench-only badge signing secret, not for production")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.utils import timezone  # noqa: E402
from rest_framework.test import APIClient  # noqa: E402

from agenda.personal.models import PersonalAgendaItem  # noqa: E402
from agenda.programme.models import Session  # noqa: E402
from agenda.releases.messaging import CHANGE_KIND  # noqa: E402
from bench import data  # noqa: E402
from bench.badges import prepare as prepare_badges  # noqa: E402
from events.audit.services import Actor  # noqa: E402
from events.jobs import tasks as job_tasks  # noqa: E402
from events.jobs.models import Job  # noqa: E402
from events.jobs.services import job_run  # noqa: E402
from events.summit.models import Event, RegistrationCategory  # noqa: E402
from events.summit.selectors import event_message_scope  # noqa: E402
from events.teams.models import Role  # noqa: E402
from events.tokens.services import api_token_issue  # noqa: E402
from notifications.models import Message  # noqa: E402
from registrations.registration.jobs import registrations_export_queue  # noqa: E402
from registrations.registration.models import Registration, Status, VettingState  # noqa: E402
from registrations.vetting.models import VettingBatch  # noqa: E402

RESULTS = BASE_DIR / "bench" / "results"


@contextmanager
def this_process_is_the_worker():
    """Jobs are run below, timed apart from the request, instead of going to the broker;
    the outbox's one-per-message log lines are quiet meanwhile."""
    enqueue = job_tasks.run_job.delay_on_commit
    job_tasks.run_job.delay_on_commit = lambda *args, **kwargs: None
    outbox_log = logging.getLogger("notifications")
    level = outbox_log.level
    outbox_log.setLevel(logging.WARNING)
    try:
        yield
    finally:
        job_tasks.run_job.delay_on_commit = enqueue
        outbox_log.setLevel(level)


def bearer(event: Event, role: str) -> dict:
    _token, raw = api_token_issue(event=event, role=role, label="bench jobs")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def timed(send) -> tuple[float, object]:
    started = time.perf_counter()
    response = send()
    return time.perf_counter() - started, response


def job_done(job_id: int) -> tuple[float, Job]:
    started = time.perf_counter()
    job_run(job_id=job_id)
    seconds = time.perf_counter() - started
    job = Job.objects.get(pk=job_id)
    if job.status != "done":
        raise SystemExit(f"job {job_id} {job.status}: {job.error}")
    return seconds, job


def through_the_job(send, *, label: str) -> dict:
    request_seconds, response = timed(send)
    if response.status_code != 202:
        raise SystemExit(response.content[:500])
    job_seconds, job = job_done(response.json()["id"])
    return {
        "label": label,
        "request_seconds": round(request_seconds, 3),
        "status": response.status_code,
        "job_seconds": round(job_seconds, 2),
        "rows": job.total,
        "counts": job.outcome["counts"],
    }


def prepare_vetting(rows: int) -> Event:
    """An event with `rows` registrations sent for vetting, awaiting a decision (fresh)."""
    slug = "bench-vetting"
    for old in Event.objects.filter(slug=slug):
        Message.objects.filter(scope=event_message_scope(old)).delete()
        Registration.objects.filter(event=old).delete()
        RegistrationCategory.objects.filter(event=old).delete()
        old.delete()
    now = timezone.now()
    event = Event.objects.create(
        slug=slug,
        name={"en": "Vetting benchmark summit", "ar": "قمة قياس التدقيق"},
        venue_name={"en": "Bench hall"},
        starts_at=now + timedelta(days=10),
        ends_at=now + timedelta(days=12),
    )
    category = RegistrationCategory.objects.create(
        event=event, slug="vetted", name={"en": "Vetted", "ar": "مدقق"}, requires_vetting=True
    )
    batch = VettingBatch.objects.create(event=event, number=1, size=rows, created_by="bench")
    Registration.objects.bulk_create(
        (
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
        ),
        batch_size=5000,
    )
    return event


def vetting_apply(rows: int) -> dict:
    """The security service's file, uploaded as the officer's page and API take it."""
    event = prepare_vetting(rows)
    auth = bearer(event, Role.ACCREDITATION)
    lines = ["reference,decision,note"] + [
        f"VET-{n:06d},{('cleared', 'refused', 'more_information')[n % 3]}," for n in range(rows)
    ]
    content = ("\n".join(lines) + "\n").encode()
    client = APIClient()

    def upload():
        return client.post(
            f"/api/v1/events/{event.slug}/vetting/decisions/",
            {"dry_run": "false", "file": SimpleUploadedFile("decisions.csv", content)},
            format="multipart",
            **auth,
        )

    result = through_the_job(
        upload, label=f"vetting decisions import of {rows:,} rows (checked whole, then applied)"
    )
    result["file_kilobytes"] = round(len(content) / 1000)
    return result


def badge_batch(count: int, *, slug: str = "bench-badges", prefix: str = "BDG") -> dict:
    event = prepare_badges(count, slug=slug, prefix=prefix)
    auth = bearer(event, Role.ACCREDITATION)
    client = APIClient()
    return through_the_job(
        lambda: client.post(f"/api/v1/events/{event.slug}/badges.pdf", {}, format="json", **auth),
        label=f"badge batch of {count:,} through the job (CR80 PDF)",
    )


def prepare_notices(people: int) -> tuple[Event, Session]:
    """A published programme whose first session is in `people` personal agendas (one
    event per size, made once and kept)."""
    event = data.summit(
        slug=f"bench-notices-{people}",
        prefix=f"BN{people}",
        sizes=data.Sizes(
            registrations=people + people // 10,
            sessions=10,
            speaker_links=20,
            personal_agendas=0,
        ),
    )
    session = Session.objects.filter(event=event).order_by("pk").first()
    followers = Registration.objects.filter(event=event).order_by("pk")[:people]
    PersonalAgendaItem.objects.bulk_create(
        (
            PersonalAgendaItem(registration=registration, session=session)
            for registration in followers
        ),
        batch_size=5000,
        ignore_conflicts=True,
    )
    return event, session


def release_notices(people: int) -> dict:
    """Move the session by an hour and release: the request, then the notices job."""
    event, session = prepare_notices(people)
    Session.objects.filter(pk=session.pk).update(
        starts_at=session.starts_at + timedelta(hours=1),
        ends_at=session.ends_at + timedelta(hours=1),
    )
    auth = bearer(event, Role.PROGRAMME)
    client = APIClient()
    request_seconds, response = timed(
        lambda: client.post(
            f"/api/v1/events/{event.slug}/releases/",
            {"comment": "bench: session moved"},
            format="json",
            **auth,
        )
    )
    if response.status_code != 201:
        raise SystemExit(response.content[:500])
    job_seconds, job = job_done(response.json()["notices_job"]["id"])
    # Queued, not sent: the outbox's delivery rate is the reminders benchmark.
    Message.objects.filter(scope=event_message_scope(event), kind=CHANGE_KIND).delete()
    return {
        "label": f"release moving a session in {people:,} personal agendas: change notices",
        "request_seconds": round(request_seconds, 3),
        "status": response.status_code,
        "job_seconds": round(job_seconds, 2),
        "rows": job.total,
        "counts": job.outcome["counts"],
    }


def prepare_export(rows: int) -> Event:
    """An event with `rows` registrations (one per size, made once, kept for the next run)."""
    slug = f"bench-export-{rows}"
    now = timezone.now()
    event, _created = Event.objects.get_or_create(
        slug=slug,
        defaults={
            "name": {"en": "Export benchmark summit", "ar": "قمة قياس التصدير"},
            "venue_name": {"en": "Bench hall"},
            "starts_at": now + timedelta(days=10),
            "ends_at": now + timedelta(days=12),
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
                reference=f"EX{rows}-{number:06d}",
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


def registrations_export(rows: int) -> dict:
    """What the export page's POST does (count, audit, queue), then the job."""
    event = prepare_export(rows)
    request_seconds, job = timed(
        lambda: registrations_export_queue(event=event, actor=Actor(label="bench"), filters={})
    )
    job_seconds, job = job_done(job.pk)
    return {
        "label": f"CSV export of {job.total:,} registrations",
        "request_seconds": round(request_seconds, 3),
        "job_seconds": round(job_seconds, 2),
        "rows": job.total,
        "file_megabytes": round(job.result.size / 1_000_000, 2),
    }


def run(*, rows: int, badges: int, notices: int, export: int, badge_slug: str = "") -> dict:
    """The scenarios with a non-zero count, as `python -m bench` reports them."""
    scenarios = {}
    # The first request of a process loads the URL conf and the API's modules: not timed.
    APIClient().get("/api/v1/events/")
    with this_process_is_the_worker():
        if rows:
            scenarios["jobs_vetting_apply"] = vetting_apply(rows)
        if badges:
            slug_prefix = (badge_slug, "BJS") if badge_slug else ("bench-badges", "BDG")
            scenarios["jobs_badge_batch"] = badge_batch(
                badges, slug=slug_prefix[0], prefix=slug_prefix[1]
            )
        if notices:
            scenarios["jobs_release_notices"] = release_notices(notices)
        if export:
            scenarios["jobs_registrations_export"] = registrations_export(export)
    return scenarios


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=3000, help="vetting decisions; 0 skips")
    parser.add_argument("--badges", type=int, default=1000, help="badges in the batch; 0 skips")
    parser.add_argument("--notices", type=int, default=5000, help="people to notify; 0 skips")
    parser.add_argument("--export", type=int, default=50000, help="registrations; 0 skips")
    args = parser.parse_args()
    runs = {}
    previous = RESULTS / "jobs.json"
    if previous.exists():  # a scenario skipped (0) keeps its last figures
        runs.update(json.loads(previous.read_text())["runs"])
    for name, result in run(
        rows=args.rows, badges=args.badges, notices=args.notices, export=args.export
    ).items():
        runs[name] = result
        print(json.dumps({name: result}))
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
