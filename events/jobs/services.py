"""Jobs: created by the step that checked the request, run by a worker, finished once.

`job_create` records the work (the caller enqueues `events.jobs.run` after commit,
see `events.jobs.tasks.job_enqueue`); `job_run` claims the job under a row lock
(a job already done or failed is left alone, so a redelivered task does nothing),
runs its kind's work with a `Progress` that writes `done` now and then, and stores
the outcome and file, or the failure. A failure of the work is the job's, never the
worker's: it is recorded with a message the organizer can read, and logged.
"""

import logging
import time
from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from events.audit.services import Actor
from events.errors import DomainError
from events.jobs.kinds import JobResult, job_kind_get
from events.jobs.models import Job, JobStatus
from events.summit.models import Event

logger = logging.getLogger(__name__)

# Progress is written at most this often (seconds), and at the end.
PROGRESS_INTERVAL = 0.5
# A running job without progress this long lost its worker; a redelivery takes it over.
RUNNING_STALE = timedelta(minutes=10)


class UnknownJobKind(DomainError):
    pass


def job_create(*, event: Event, kind: str, actor: Actor, params: dict, total: int) -> Job:
    """A queued job of `kind` for `event`, with the JSON `params` its work reads; it will
    speak the active language (the requester's)."""
    registered = job_kind_get(kind)
    if registered is None:
        raise UnknownJobKind(_("Unknown kind of job."), field="kind", code="unknown_kind")
    user = actor.user if getattr(actor.user, "pk", None) else None
    return Job.objects.create(
        event=event,
        kind=kind,
        role=registered.role,
        params=params,
        total=max(total, 0),
        created_by=user,
        created_by_label=actor.label[:200],
        language=translation.get_language() or "",
    )


class Progress:
    """Counts the job's rows done; writes the count at most every PROGRESS_INTERVAL."""

    def __init__(self, job: Job) -> None:
        self.job = job
        self.done = 0
        self._written_at = 0.0

    def advance(self, count: int = 1) -> None:
        self.done += count
        now = time.monotonic()
        if now - self._written_at >= PROGRESS_INTERVAL:
            self._write()
            self._written_at = now

    def _write(self) -> None:
        done = min(self.done, self.job.total)
        Job.objects.filter(pk=self.job.pk).update(done=done, updated_at=timezone.now())


def job_run(*, job_id: int) -> Job | None:
    """Run a queued (or redelivered running) job to its end; None if there is nothing to do."""
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.finished or _running_elsewhere(job):
            return None
        job.status = JobStatus.RUNNING
        job.started_at = job.started_at or timezone.now()
        job.save(update_fields=["status", "started_at", "updated_at"])
    with translation.override(job.language or None):
        return _work(job)


def _work(job: Job) -> Job:
    kind = job_kind_get(job.kind)
    progress = Progress(job)
    try:
        if kind is None:
            raise UnknownJobKind(_("Unknown kind of job."), code="unknown_kind")
        result = kind.work(job=job, progress=progress)
    except DomainError as error:
        return _fail(job, str(error.message))
    except Exception:
        logger.exception("Job %s (%s) failed", job.pk, job.kind)
        return _fail(job, _("The work stopped on an unexpected error; start it again."))
    return _finish(job, result)


def _running_elsewhere(job: Job) -> bool:
    """Another worker runs it (its progress is recent); a silent one has died."""
    return job.status == JobStatus.RUNNING and job.updated_at > timezone.now() - RUNNING_STALE


def _finish(job: Job, result: JobResult) -> Job:
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job.pk)
        job.status = JobStatus.DONE
        job.done = job.total
        job.outcome = {"counts": result.counts, "rows": result.rows, "message": result.message}
        job.finished_at = timezone.now()
        if result.content is not None:
            job.result_name = result.file_name[:200]
            job.result.save(result.file_name, ContentFile(result.content), save=False)
        job.save()
    return job


def _fail(job: Job, message: str) -> Job:
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.FAILED,
        error=message,
        finished_at=timezone.now(),
        updated_at=timezone.now(),
    )
    job.refresh_from_db()
    return job
