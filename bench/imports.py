"""An import of registrations at size: an Excel file checked (dry run), then applied.

    DATABASE_URL=postgres://… .venv/bin/python bench/imports.py [--rows 5000]

Also the "import" scenarios of `python -m bench`. A workbook of --rows people (one row
in a hundred with a bad address, so the report has rows to list) is posted to
`POST …/registrations/import/` with an accreditation token: first `dry_run=true`, then
`dry_run=false`. Each time the request (reading the workbook, storing it: 202) and the
job (every row through the registration form and service), as the worker runs it.
Standalone, writes bench/results/import.json and import.md.
"""

import argparse
import io
import json
import os
import sys
import time
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("BADGE_SIGNING_KEY", "bench-only badge signing secret, not for production")

import django  # noqa: E402

django.setup()

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402
from openpyxl import Workbook  # noqa: E402
from rest_framework.test import APIClient  # noqa: E402

from bench.jobs import bearer, job_done, this_process_is_the_worker, timed  # noqa: E402
from events.summit.models import Event, RegistrationCategory  # noqa: E402
from events.teams.models import Role  # noqa: E402
from registrations.registration.models import Question  # noqa: E402

RESULTS = BASE_DIR / "bench" / "results"
HEADER = ["Category", "First name", "Last name", "Email", "Organization", "Job title", "Country"]


def prepare(rows: int) -> Event:
    """A fresh event for each run (its registrations are what the run made): two
    categories and a yes/no question."""
    now = timezone.now()
    slug = f"bench-import-{rows}-{now:%Y%m%d%H%M%S}"
    event = Event.objects.create(
        slug=slug,
        name={"en": "Import benchmark summit", "ar": "قمة قياس الاستيراد"},
        venue_name={"en": "Bench hall"},
        languages=["en", "ar"],
        starts_at=now + timedelta(days=10),
        ends_at=now + timedelta(days=12),
    )
    RegistrationCategory.objects.create(
        event=event,
        slug="delegate",
        name={"en": "Delegate", "ar": "مندوب"},
        requires_approval=False,
    )
    RegistrationCategory.objects.create(
        event=event, slug="media", name={"en": "Media", "ar": "إعلام"}, requires_approval=True
    )
    Question.objects.create(
        event=event, label={"en": "Attending the dinner"}, kind=Question.Kind.YES_NO
    )
    return event


def workbook(rows: int) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append([*HEADER, "Attending the dinner"])
    for number in range(rows):
        email = f"import{number}@example.org" if number % 100 != 99 else f"import{number}.example"
        sheet.append(
            [
                "Delegate" if number % 3 else "Media",
                "Imported",
                f"Person {number:05d}",
                email,
                "Ministry of Foreign Affairs",
                "Counsellor",
                "United Arab Emirates" if number % 2 else "FR",
                "yes" if number % 2 else "no",
            ]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def one_pass(client, event, auth, content: bytes, *, dry_run: bool) -> dict:
    def send():
        upload = SimpleUploadedFile("delegates.xlsx", content)
        body = {"file": upload, "consent": "true", "dry_run": "true" if dry_run else "false"}
        return client.post(f"/api/v1/events/{event.slug}/registrations/import/", body, **auth)

    request_seconds, response = timed(send)
    if response.status_code != 202:
        raise SystemExit(response.content[:500])
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(1)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        job_seconds, job = job_done(response.json()["id"])
    counts = job.outcome["counts"]
    return {
        "request_seconds": round(request_seconds, 3),
        "status": response.status_code,
        "job_seconds": round(job_seconds, 2),
        "rows_per_second": round(job.total / job_seconds) if job_seconds else None,
        "queries_per_row": round(len(queries) / job.total, 1),
        "counts": counts,
    }


def run(*, rows: int) -> dict:
    event = prepare(rows)
    auth = bearer(event, Role.ACCREDITATION)
    client = APIClient()
    started = time.perf_counter()
    content = workbook(rows)
    built = time.perf_counter() - started
    with this_process_is_the_worker():
        check = one_pass(client, event, auth, content, dry_run=True)
        apply = one_pass(client, event, auth, content, dry_run=False)
    size = f"{rows:,}-row workbook ({len(content) / 1_000_000:.2f} MB, built in {built:.1f} s)"
    return {
        "import_check": {"label": f"import check (dry run) of a {size}", **check},
        "import_apply": {"label": f"import apply of the same {rows:,} rows", **apply},
    }


def markdown(scenarios: dict, rows: int) -> str:
    lines = [
        "# Registrations import benchmark",
        "",
        f"{timezone.now().isoformat(timespec='seconds')}, `python bench/imports.py --rows {rows}`"
        f" (and `python -m bench --only import`), PostgreSQL, {os.cpu_count()} cores shared "
        f"(load average {', '.join(f'{value:.1f}' for value in os.getloadavg())} at the end).",
        "",
        "A workbook posted to `POST …/registrations/import/` with an accreditation token, "
        "first as a dry run, then applied. The request reads the workbook and stores it (202); "
        "the job puts every row through the registration form and `registration_submit`, as "
        "the Celery worker runs it (timed here in-process). One row in a hundred has a bad "
        "address; a third of the rows go to a category that needs approval.",
        "",
        "| step | request (s) | job (s) | rows/s | queries per row | outcome |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for key in ("import_check", "import_apply"):
        result = scenarios[key]
        outcome = ", ".join(f"{name} {count:,}" for name, count in result["counts"].items())
        lines.append(
            f"| {result['label']} | {result['request_seconds']} | {result['job_seconds']} | "
            f"{result['rows_per_second']} | {result['queries_per_row']} | {outcome} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5000)
    args = parser.parse_args()
    scenarios = run(rows=args.rows)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "import.json").write_text(json.dumps(scenarios, indent=2) + "\n")
    (RESULTS / "import.md").write_text(markdown(scenarios, args.rows))
    print(json.dumps(scenarios, indent=2))


if __name__ == "__main__":
    main()
