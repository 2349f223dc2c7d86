"""`python -m bench`: every hot path of Summit on PostgreSQL, Redis and gunicorn.

    .venv/bin/python -m bench            # full size, writes bench/results/latest.md + .json
    .venv/bin/python -m bench --smoke    # small counts, no targets, bench/results/smoke.*

DATABASE_URL and REDIS_URL come from the environment; without them the
machine's PostgreSQL (database `summit_bench`, created when missing) and Redis
(db 7) on 127.0.0.1 are used. Only loopback addresses are contacted.
"""

import argparse
import os
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/summit_bench"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/7"


def arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="small counts, no targets asserted")
    parser.add_argument("--port", type=int, default=8701, help="gunicorn port on 127.0.0.1")
    parser.add_argument("--workers", type=int, default=None, help="gunicorn workers (cores + 1)")
    parser.add_argument(
        "--results", default=str(BASE_DIR / "bench" / "results"), help="folder for the results"
    )
    parser.add_argument(
        "--only",
        default="",
        help="comma-separated scenarios: registration,checkin,reads,"
        "badges,reminders,protocol,jobs,console,import (default: all)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    options = arguments(argv)
    sys.path.insert(0, str(BASE_DIR))
    os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)
    os.environ.setdefault("REDIS_URL", DEFAULT_REDIS_URL)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # The servers and this process must derive the same event keys.
    os.environ.setdefault(
        "BADGE_SIGNING_KEY", "bench-only badge signing secret, not for production"
    )
    from bench.harness import ensure_database, run

    ensure_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    return run(options)


if __name__ == "__main__":
    sys.exit(main())
