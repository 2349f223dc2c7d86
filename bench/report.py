"""The results: the machine, the versions, the targets, and latest.md / latest.json.

Plain functions over the result dict, so tests can check the verdicts and the
table without running a benchmark.
"""

import json
import os
import platform
from pathlib import Path

# name, scenario key, measure, comparison, limit, how the table says it
TARGETS = (
    ("check-in p99 at concurrency 8", "checkin_c8", "p99_ms", "<", 30, "p99 < 30 ms"),
    ("queries per check-in scan", "checkin_c8", "queries", "<=", 4, "<= 4"),
    (
        "registration p95 at concurrency 32",
        "registration_burst",
        "p95_ms",
        "<",
        150,
        "p95 < 150 ms",
    ),
    ("registration errors", "registration_burst", "errors", "<=", 0, "0"),
    ("registration capacity respected", "registration_burst", "overrun", "<=", 0, "no overrun"),
    ("agenda.ics median", "agenda_ics_c1", "p50_ms", "<", 50, "median < 50 ms"),
    ("badge batch of 1,000", "badges", "seconds", "<", 20, "< 20 s"),
    ("reminders delivered per second", "reminders", "messages_per_second", ">=", 200, ">= 200/s"),
    *(
        (f"{what}: the request", key, "request_seconds", "<", 1, "< 1 s")
        for what, key in (
            ("vetting apply of 3,000 rows", "jobs_vetting_apply"),
            ("badge batch of 1,000", "jobs_badge_batch"),
            ("release notices to 5,000", "jobs_release_notices"),
            ("CSV export of 50,000", "jobs_registrations_export"),
            ("mailing to 5,000", "console_mailing"),
        )
    ),
)


def machine() -> dict:
    memory = {}
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        for line in meminfo.read_text().splitlines():
            key, _, value = line.partition(":")
            if key in {"MemTotal", "MemAvailable"}:
                memory[key] = round(int(value.split()[0]) / 1024 / 1024, 1)
    return {
        "cpus": os.cpu_count(),
        "memory_gb": memory.get("MemTotal"),
        "memory_available_gb": memory.get("MemAvailable"),
        "platform": platform.platform(),
        "load_average": [round(value, 2) for value in os.getloadavg()],
    }


def evaluate(scenarios: dict) -> list[dict]:
    """One verdict per target: pass, miss, or not measured (scenario skipped)."""
    verdicts = []
    for name, key, measure, comparison, limit, wording in TARGETS:
        value = scenarios.get(key, {}).get(measure)
        if value is None:
            verdict = "not measured"
        else:
            ok = (
                value < limit
                if comparison == "<"
                else (value <= limit if comparison == "<=" else value >= limit)
            )
            verdict = "pass" if ok else "miss"
        verdicts.append(
            {
                "target": name,
                "scenario": key,
                "wanted": wording,
                "measured": value,
                "verdict": verdict,
            }
        )
    return verdicts


def _cell(value) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def markdown(report: dict) -> str:
    run = report["run"]
    host = report["machine"]
    versions = report["versions"]
    lines = [
        f"# Summit benchmark ({run['size']})",
        "",
        f"{run['finished']}, `{run['command']}`, {run['seconds']:.0f} s in all.",
        "",
        f"Machine: {host['cpus']} cores, {host['memory_gb']} GB memory "
        f"({host['memory_available_gb']} GB available at the start), {host['platform']}. "
        f"Load average at the start {', '.join(map(str, run['load_average_before']))}, "
        f"at the end {', '.join(map(str, run['load_average_after']))} "
        "(the machine is shared: other engineers' test runs make the numbers noisy).",
        "",
        "Versions: " + ", ".join(f"{name} {value}" for name, value in versions.items()) + ".",
        "",
        f"Server: {run['server']}. Client: httpx (asyncio) on the same machine, loopback. "
        f"Data: {run['data']}.",
        "",
    ]
    if report.get("targets"):
        lines += [
            "## Targets",
            "",
            "| target | wanted | measured | verdict |",
            "| --- | --- | ---: | --- |",
            *(
                f"| {row['target']} | {row['wanted']} | {_cell(row['measured'])} | "
                f"**{row['verdict']}** |"
                for row in report["targets"]
            ),
            "",
        ]
    lines += [
        "## Scenarios",
        "",
        "| scenario | concurrency | requests | requests/s | p50 ms | p95 ms | p99 ms | errors "
        "| SQL queries per request | outcomes |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for key, row in report["scenarios"].items():
        if "requests_per_second" not in row:
            continue
        outcomes = ", ".join(f"{name} {count:,}" for name, count in row.get("outcomes", {}).items())
        lines.append(
            f"| {row.get('label', key)} | {_cell(row.get('concurrency'))} | "
            f"{_cell(row['requests'])} | {_cell(row['requests_per_second'])} | "
            f"{_cell(row['p50_ms'])} | {_cell(row['p95_ms'])} | {_cell(row['p99_ms'])} | "
            f"{_cell(row['errors'])} | {_cell(row.get('queries'))} | {outcomes} |"
        )
    lines.append("")
    for key, row in report["scenarios"].items():
        if "requests_per_second" in row:
            continue
        details = ", ".join(
            f"{name.replace('_', ' ')} {_cell(value)}"
            for name, value in row.items()
            if name != "label" and not isinstance(value, dict | list)
        )
        lines.append(f"- **{row.get('label', key)}**: {details}.")
    for note in report.get("notes", []):
        lines += ["", note]
    lines.append("")
    return "\n".join(lines)


def write(report: dict, *, folder: Path, stem: str) -> tuple[Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    as_json = folder / f"{stem}.json"
    as_markdown = folder / f"{stem}.md"
    as_json.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    as_markdown.write_text(markdown(report))
    return as_json, as_markdown
