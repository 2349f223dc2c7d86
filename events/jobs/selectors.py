"""Reads of jobs: one job of an event, the jobs whose enqueue was lost."""

from datetime import timedelta

from django.utils import timezone

from events.jobs.models import Job, JobStatus
from events.summit.models import Event


def job_of_event(*, event: Event, job_id: int) -> Job | None:
    return Job.objects.filter(event=event, pk=job_id).first()


def jobs_waiting_too_long(*, older_than: timedelta) -> list[int]:
    """Queued jobs no worker started: their after-commit enqueue was lost (broker down)."""
    cutoff = timezone.now() - older_than
    return list(
        Job.objects.filter(status=JobStatus.QUEUED, created_at__lt=cutoff).values_list(
            "pk", flat=True
        )[:100]
    )
