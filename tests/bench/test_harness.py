import asyncio
import json
import socket
import subprocess
import sys
from collections import Counter
from pathlib import Path

import httpx
import pytest

from bench.__main__ import arguments
from bench.harness import FULL, SMOKE
from bench.load import Call, drive, percentile, summarize
from bench.report import evaluate, markdown

BASE_DIR = Path(__file__).resolve().parents[2]


def test_percentile_takes_the_nearest_rank():
    ordered = [float(n) for n in range(1, 101)]
    assert percentile(ordered, 0.50) == 50
    assert percentile(ordered, 0.95) == 95
    assert percentile(ordered, 0.99) == 99
    assert percentile([0.2], 0.99) == 0.2
    assert percentile([], 0.5) == 0


def test_summary_reports_rate_percentiles_and_errors_in_milliseconds():
    summary = summarize(
        [0.010] * 98 + [0.100, 0.200], seconds=2, errors=1, outcomes=Counter({"200": 99})
    )
    assert summary["requests"] == 100
    assert summary["requests_per_second"] == 50
    assert summary["p50_ms"] == 10
    assert summary["p99_ms"] == 100
    assert summary["errors"] == 1


def test_driver_sends_every_call_once_and_counts_unexpected_statuses_as_errors():
    seen = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.path)
        status = 409 if request.url.path == "/full" else 201
        return httpx.Response(status, json={"status": "pending"})

    calls = [Call("POST", f"/r/{n}", {"n": n}, frozenset({201})) for n in range(20)]
    calls.append(Call("POST", "/full", {}, frozenset({201})))
    result = drive(
        base_url="http://127.0.0.1:1",
        calls=calls,
        concurrency=4,
        max_seconds=30,
        transport=httpx.MockTransport(answer),
    )
    assert sorted(seen) == sorted(call.path for call in calls)
    assert result["requests"] == 21
    assert result["errors"] == 1
    assert result["unsent"] == 0
    assert result["concurrency"] == 4


def test_driver_stops_at_its_deadline_and_reports_what_it_did_not_send():
    async def slow(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(0.05)
        return httpx.Response(200)

    result = drive(
        base_url="http://127.0.0.1:1",
        calls=[Call("GET", "/")] * 1000,
        concurrency=2,
        max_seconds=0.2,
        transport=httpx.MockTransport(slow),
    )
    assert 0 < result["requests"] < 1000
    assert result["unsent"] == 1000 - result["requests"]


def test_targets_say_pass_miss_or_not_measured():
    scenarios = {
        "checkin_c8": {"p99_ms": 25.0, "queries": 5},
        "registration_burst": {"p95_ms": 149.0, "errors": 0, "overrun": 0},
        "reminders": {"messages_per_second": 150.0},
    }
    verdicts = {row["target"]: row["verdict"] for row in evaluate(scenarios)}
    assert verdicts["check-in p99 at concurrency 8"] == "pass"
    assert verdicts["queries per check-in scan"] == "miss"
    assert verdicts["registration p95 at concurrency 32"] == "pass"
    assert verdicts["reminders delivered per second"] == "miss"
    assert verdicts["badge batch of 1,000"] == "not measured"


def test_markdown_has_the_machine_the_targets_and_a_row_per_scenario():
    row = summarize([0.01, 0.02], seconds=1, errors=0, outcomes=Counter({"accepted": 2}))
    row.update(label="check-in scans, concurrency 8", concurrency=8, queries=4)
    scenarios = {"checkin_c8": row, "badges": {"label": "badge batch", "seconds": 12.5}}
    text = markdown(
        {
            "run": {
                "size": "full",
                "finished": "2026-11-27T23:00:00+00:00",
                "command": "python -m bench",
                "seconds": 600,
                "load_average_before": [1.0, 1.0, 1.0],
                "load_average_after": [2.0, 1.5, 1.2],
                "server": "gunicorn",
                "data": "20,000 registrations",
            },
            "machine": {
                "cpus": 2,
                "memory_gb": 8,
                "memory_available_gb": 6,
                "platform": "Linux",
                "load_average": [1.0, 1.0, 1.0],
            },
            "versions": {"Django": "5.2"},
            "scenarios": scenarios,
            "targets": evaluate(scenarios),
        }
    )
    assert "2 cores" in text
    assert "| check-in p99 at concurrency 8 | p99 < 30 ms | 20 | **pass** |" in text
    assert "| badge batch of 1,000 | < 20 s | 12.5 | **pass** |" in text
    assert "| check-in scans, concurrency 8 | 8 | 2 |" in text
    assert "accepted 2" in text


def test_smoke_plan_is_small_and_the_full_plan_has_the_issue_sizes():
    assert arguments(["--smoke"]).smoke
    assert SMOKE.burst <= 300
    assert SMOKE.reminders <= 50
    assert SMOKE.badges <= 10
    assert FULL.registrations == 20_000
    assert FULL.sessions == 300
    assert FULL.speaker_links == 600
    assert FULL.personal_agendas == 5_000
    assert FULL.burst == 2_000
    assert FULL.burst_capacity < FULL.burst
    assert sum(distinct for _c, distinct in FULL.scans) == 20_000
    assert [c for c, _d in FULL.scans] == [1, 8, 32]
    assert FULL.badges == 1_000
    assert FULL.reminders == 10_000


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_smoke_run_scans_through_gunicorn_and_writes_its_results(tmp_path, settings):
    from django.db import connection

    from tests.notifications.worker_process import database_url

    env = {
        "PATH": "/usr/bin:/bin",
        "DATABASE_URL": database_url(connection.settings_dict),
        "REDIS_URL": settings.REDIS_URL,
        "SUMMIT_VAR_DIR": str(tmp_path / "var"),
    }
    command = [
        sys.executable,
        "-m",
        "bench",
        "--smoke",
        "--only",
        "registration,checkin",
        f"--port={_free_port()}",
        f"--results={tmp_path}",
    ]
    finished = subprocess.run(  # noqa: S603 - our own interpreter and arguments
        command, cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=180, check=False
    )
    assert finished.returncode == 0, finished.stdout[-3000:] + finished.stderr[-3000:]
    result = json.loads((tmp_path / "smoke.json").read_text())
    burst = result["scenarios"]["registration_burst"]
    assert burst["errors"] == 0
    assert burst["overrun"] == 0
    assert burst["counts_consistent"]
    assert burst["holding_a_place"] == SMOKE.burst_capacity
    scans = result["scenarios"]["checkin_c8"]
    assert scans["errors"] == 0
    assert scans["outcomes"] == {"accepted": 50, "already_checked_in": 5}
    assert scans["queries"] <= 4
    assert result["targets"] == []
    assert "check-in scans, concurrency 32" in (tmp_path / "smoke.md").read_text()
