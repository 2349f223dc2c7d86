"""The load driver and the statistics: plain functions, no Django, so tests can run them.

`drive()` sends a fixed list of requests with a fixed number of concurrent
clients (httpx, asyncio) and stops at the end of the list or at its deadline,
whichever comes first: every loop is bounded in count and in time.
"""

import asyncio
import math
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx


@dataclass(frozen=True)
class Call:
    method: str
    path: str
    json: dict | None = None
    expect: frozenset[int] = field(default_factory=lambda: frozenset({200}))


def percentile(ordered: list[float], share: float) -> float:
    """Nearest-rank percentile of an ascending list (0 for an empty one)."""
    if not ordered:
        return 0.0
    rank = max(1, math.ceil(share * len(ordered) - 1e-9))
    return ordered[min(rank, len(ordered)) - 1]


def summarize(
    latencies: list[float], *, seconds: float, errors: int, outcomes: Counter, unsent: int = 0
) -> dict:
    ordered = sorted(latencies)
    return {
        "requests": len(ordered),
        "unsent": unsent,
        "seconds": round(seconds, 2),
        "requests_per_second": round(len(ordered) / seconds, 1) if seconds > 0 else 0.0,
        "p50_ms": round(percentile(ordered, 0.50) * 1000, 2),
        "p95_ms": round(percentile(ordered, 0.95) * 1000, 2),
        "p99_ms": round(percentile(ordered, 0.99) * 1000, 2),
        "errors": errors,
        "outcomes": dict(sorted(outcomes.items())),
    }


async def _drive(
    *,
    base_url: str,
    calls: list[Call],
    concurrency: int,
    max_seconds: float,
    headers: dict | None,
    outcome: Callable[[httpx.Response], str] | None,
    transport: httpx.AsyncBaseTransport | None,
) -> dict:
    queue = list(reversed(calls))
    latencies: list[float] = []
    outcomes: Counter = Counter()
    errors = 0
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(
        base_url=base_url, limits=limits, headers=headers or {}, timeout=30, transport=transport
    ) as client:
        started = time.perf_counter()
        deadline = started + max_seconds

        async def worker() -> None:
            nonlocal errors
            while queue and time.perf_counter() < deadline:
                call = queue.pop()
                began = time.perf_counter()
                try:
                    response = await client.request(call.method, call.path, json=call.json)
                except httpx.HTTPError as error:
                    latencies.append(time.perf_counter() - began)
                    errors += 1
                    outcomes[type(error).__name__] += 1
                    continue
                latencies.append(time.perf_counter() - began)
                if response.status_code not in call.expect:
                    errors += 1
                outcomes[outcome(response) if outcome else str(response.status_code)] += 1

        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    return summarize(
        latencies, seconds=elapsed, errors=errors, outcomes=outcomes, unsent=len(queue)
    )


def drive(
    *,
    base_url: str,
    calls: list[Call],
    concurrency: int,
    max_seconds: float,
    headers: dict | None = None,
    outcome: Callable[[httpx.Response], str] | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
) -> dict:
    """Send `calls` with `concurrency` clients; stop when they are sent or time is up."""
    result = asyncio.run(
        _drive(
            base_url=base_url,
            calls=calls,
            concurrency=concurrency,
            max_seconds=max_seconds,
            headers=headers,
            outcome=outcome,
            transport=transport,
        )
    )
    result["concurrency"] = concurrency
    return result


def json_field(name: str) -> Callable[[httpx.Response], str]:
    """Outcome = a field of the JSON answer (check-in `result`, registration `status`)."""

    def read(response: httpx.Response) -> str:
        try:
            return str(response.json().get(name, response.status_code))
        except ValueError:
            return str(response.status_code)

    return read
