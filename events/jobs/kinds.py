"""The kinds of job, registered by the apps built on top of events (which it must not import).

An app registers each kind from its AppConfig.ready(): its label, the role that
may start it and read it, and its work, a service `work(*, job, progress) -> JobResult`
that the worker runs. A kind's work must be safe to run again on the same job (a
worker that died is replaced and the job redelivered): it re-reads the rows it
changes and reports a row already done as such.
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class JobResult:
    """What a job's work hands back: counts, one entry per row, maybe a file, and maybe a
    sentence for the organizer when the outcome needs one (a file refused whole)."""

    counts: dict[str, int] = field(default_factory=dict)
    rows: list[dict] = field(default_factory=list)
    message: str = ""
    content: bytes | None = None
    file_name: str = ""


@dataclass(frozen=True)
class JobKind:
    name: str
    label: str  # a lazy translation
    role: str
    work: Callable  # (*, job, progress) -> JobResult
    # count name -> lazy translation; also names a row's outcome and what it asked for
    count_labels: dict = field(default_factory=dict)


_kinds: dict[str, JobKind] = {}


def job_kind(
    *, name: str, label, role: str, work: Callable, count_labels: dict | None = None
) -> None:
    """Register a kind; `count_labels` names its outcome's counts on the job's page."""
    _kinds[name] = JobKind(
        name=name, label=label, role=role, work=work, count_labels=count_labels or {}
    )


def job_kind_get(name: str) -> JobKind | None:
    return _kinds.get(name)
