"""The CSV export of registrations as a job: any size, without holding the request.

The request records who exported what (the audit entry) and queues the job; the
worker writes the file with the filters the officer chose, counting rows as it goes.
"""

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from events.audit.services import Actor, audit_record
from events.jobs.kinds import JobResult, job_kind
from events.jobs.models import Job
from events.jobs.services import Progress, job_create
from events.summit.models import Event
from events.teams.models import Role
from registrations.registration.export import registrations_csv
from registrations.registration.selectors import registration_list

REGISTRATIONS_EXPORT = "registrations_export"
EXPORT_FILTERS = ("status", "category", "country", "delegation", "search", "rank", "order")


def registrations_export_queue(*, event: Event, actor: Actor, filters: dict) -> Job:
    chosen = {name: str(filters.get(name, "")).strip() for name in EXPORT_FILTERS}
    total = registration_list(event=event, **chosen).count()
    audit_record(
        event=event,
        actor=actor,
        action="registrations.exported",
        obj=event,
        data={"filters": {name: value for name, value in chosen.items() if value}},
    )
    # The questions' columns are headed in the officer's language, if the event has it.
    language = get_language()
    params = {**chosen, "language": language if language in event.languages else ""}
    return job_create(
        event=event, kind=REGISTRATIONS_EXPORT, actor=actor, params=params, total=total
    )


def registrations_export_work(*, job: Job, progress: Progress) -> JobResult:
    filters = {name: job.params.get(name, "") for name in EXPORT_FILTERS}
    registrations = registration_list(event=job.event, **filters)
    event = job.event
    text = registrations_csv(
        registrations,
        on_row=progress.advance,
        questions=event.questions.prefetch_related("options").order_by("position", "pk"),
        language=job.params.get("language") or event.main_language,
    )
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    return JobResult(
        counts={"rows": progress.done},
        content=text.encode("utf-8"),
        file_name=f"{job.event.slug}-registrations-{stamp}.csv",
    )


def register_job_kinds() -> None:
    """Called from AppConfig.ready()."""
    job_kind(
        name=REGISTRATIONS_EXPORT,
        label=_("Exporting registrations (CSV)"),
        role=Role.ACCREDITATION,
        work=registrations_export_work,
        count_labels={"rows": _("Registrations exported")},
    )
