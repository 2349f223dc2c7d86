"""Change notices of a release as a job: the release is published at once, the notices
(one per affected person, with calendar attachments) are queued by a worker.

The release's transaction creates the job (so a published release always has its
notices on the way); the worker queues one notice per person and reports each:
queued, or failed with the reason the outbox recorded. Dedupe keys make a rerun
queue nothing twice.
"""

from django.utils.translation import gettext_lazy as _

from agenda.releases import messaging
from agenda.releases.models import ScheduleRelease, SessionRelease
from events.audit.services import Actor
from events.jobs.kinds import JobResult, job_kind
from events.jobs.models import Job
from events.jobs.services import Progress, job_create
from events.teams.models import Role

RELEASE_NOTICES = "release_notices"


def release_notices_job(
    *,
    release: ScheduleRelease,
    rescheduled: list[tuple[SessionRelease, SessionRelease, list[str]]],
    actor: Actor,
) -> Job:
    params = {
        "release_id": release.pk,
        "rescheduled": [
            [before.pk, after.pk, list(changes)] for before, after, changes in rescheduled
        ],
    }
    # The total is the sessions' count until the worker knows the recipients.
    return job_create(
        event=release.event, kind=RELEASE_NOTICES, actor=actor, params=params, total=0
    )


def release_notices_work(*, job: Job, progress: Progress) -> JobResult:
    release = ScheduleRelease.objects.select_related("event").get(pk=job.params["release_id"])
    triples = job.params["rescheduled"]
    rows = SessionRelease.objects.in_bulk([pk for triple in triples for pk in triple[:2]])
    rescheduled = [(rows[before], rows[after], changes) for before, after, changes in triples]
    outcomes = messaging.release_notices_queue(
        release=release, rescheduled=rescheduled, on_recipient=progress.advance
    )
    job.total = len(outcomes)
    Job.objects.filter(pk=job.pk).update(total=len(outcomes))
    queued = sum(1 for outcome in outcomes if outcome["outcome"] == "queued")
    return JobResult(counts={"queued": queued, "failed": len(outcomes) - queued}, rows=outcomes)


def register_job_kinds() -> None:
    """Called from AppConfig.ready()."""
    job_kind(
        name=RELEASE_NOTICES,
        label=_("Sending change notices"),
        role=Role.PROGRAMME,
        work=release_notices_work,
        count_labels={"queued": _("Notices queued"), "failed": _("Notices failed")},
    )
