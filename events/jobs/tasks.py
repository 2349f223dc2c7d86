"""The one task that runs every kind of job, and the beat job that re-sends lost nudges."""

from datetime import timedelta

from celery import shared_task

from events.jobs.models import Job
from events.jobs.selectors import jobs_waiting_too_long
from events.jobs.services import job_run

# A job still queued this long after it was created lost its enqueue (broker down).
REQUEUE_AFTER = timedelta(seconds=60)


@shared_task(name="events.jobs.run", ignore_result=True)
def run_job(job_id: int) -> None:
    job_run(job_id=job_id)


@shared_task(name="events.jobs.requeue_waiting", ignore_result=True)
def requeue_waiting_jobs() -> None:
    for job_id in jobs_waiting_too_long(older_than=REQUEUE_AFTER):
        run_job.delay(job_id)


def job_enqueue(job: Job) -> Job:
    """Enqueue the job's run once the transaction that created it commits."""
    run_job.delay_on_commit(job.pk)
    return job
