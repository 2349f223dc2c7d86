"""CPU per badge scan, in-process: `python bench/profile_checkin.py [scans] [--profile]`.

Runs against the data of `bench/checkin.py` (run that once first, with the same
DATABASE_URL and REDIS_URL): scans fresh badges at the main entrance through
Django's test client, so the whole middleware stack, DRF, the throttles and the
token authentication run, without the network or gunicorn. Prints wall and CPU
milliseconds per scan; with --profile, the pyinstrument call tree. Bounded: at
most `scans` requests, after 100 to warm up. The scans are deleted afterwards.
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("BADGE_SIGNING_KEY", "bench-only badge signing secret, not for production")
# As the benchmark's gunicorn runs: DEBUG off (no query log kept in memory).
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-" + "x" * 40)
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")

import django  # noqa: E402

django.setup()

from django.test import Client  # noqa: E402

from bench import checkin  # noqa: E402  (its event and badge codes)
from events.summit.models import Event  # noqa: E402
from events.teams.models import Role  # noqa: E402
from events.tokens.services import api_token_issue  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scans", type=int, nargs="?", default=1000)
    parser.add_argument("--profile", action="store_true", help="print the pyinstrument tree")
    args = parser.parse_args()

    event = Event.objects.filter(slug=checkin.SLUG).first()
    if event is None:
        raise SystemExit("No bench event: run bench/checkin.py once first.")
    checkin.reset(event)
    token = api_token_issue(event=event, role=Role.CHECKIN, label="profile")[1]
    codes = checkin.codes(event)
    count = min(args.scans, len(codes) - 100)
    client = Client(HTTP_HOST="127.0.0.1")
    url = f"/api/v1/events/{event.slug}/checkins/"

    def scan(code: str) -> None:
        response = client.post(
            url,
            json.dumps({"code": code}),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token}",
        )
        if response.status_code != 200:
            raise SystemExit(f"HTTP {response.status_code}: {response.content[:300]!r}")

    try:
        for code in codes[-100:]:
            scan(code)
        profiler = None
        if args.profile:
            from pyinstrument import Profiler

            profiler = Profiler(interval=0.0005)
            profiler.start()
        wall, cpu = time.perf_counter(), time.process_time()
        for code in codes[:count]:
            scan(code)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        if profiler is not None:
            profiler.stop()
            print(profiler.output_text(unicode=False, color=False))
        print(
            f"{count} scans: {wall / count * 1000:.2f} ms wall, {cpu / count * 1000:.2f} ms CPU "
            "per scan" + (" (under the profiler)" if profiler else "")
        )
    finally:
        checkin.reset(event)


if __name__ == "__main__":
    main()
