"""The check (dry run) and the apply of an import, each a job with progress.

A 5,000-row file takes longer to check than a request may (every row goes through
the form and the service: bench/results/import.md), so the check is a job too: the
request only reads the file. Both jobs' outcomes list the rows with errors, each
error with its column and message; the apply's lists the registrations made.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events.audit.services import Actor
from events.jobs.kinds import JobResult, job_kind
from events.jobs.models import Job
from events.jobs.services import Progress, job_create
from events.jobs.tasks import job_enqueue
from events.teams.models import Role
from registrations.imports.mapping import field_choices, mapping_clean
from registrations.imports.models import RegistrationImport
from registrations.imports.services import import_apply, import_check

IMPORT_CHECK = "registrations_import_check"
IMPORT_APPLY = "registrations_import_apply"


def import_queue(*, imported: RegistrationImport, actor: Actor, apply: bool) -> Job:
    """Queue the check or the apply of `imported` (its mapping checked first)."""
    questions = imported.event.questions.all()
    allowed = {name for name, _label in field_choices(imported.event, questions)}
    mapping_clean(imported.mapping, header=imported.header, allowed=allowed)
    job = job_create(
        event=imported.event,
        kind=IMPORT_APPLY if apply else IMPORT_CHECK,
        actor=actor,
        params={"import": imported.pk},
        total=imported.row_count,
    )
    if apply:
        imported.apply_job = job
    else:
        imported.check_job = job
    imported.save(update_fields=["apply_job" if apply else "check_job", "updated_at"])
    return job_enqueue(job)


def _imported(job: Job) -> RegistrationImport:
    return RegistrationImport.objects.select_related("event").get(pk=job.params["import"])


def _actor(job: Job) -> Actor:
    return Actor(label=job.created_by_label or "system", user=job.created_by)


def import_check_work(*, job: Job, progress: Progress) -> JobResult:
    outcomes = import_check(imported=_imported(job), actor=_actor(job), on_row=progress.advance)
    bad = [outcome for outcome in outcomes if outcome.errors]
    message = (
        _("%(count)d of the %(total)d rows have errors; nothing was written.")
        % {"count": len(bad), "total": len(outcomes)}
        if bad
        else _("No errors in the %(total)d rows; nothing was written yet.")
        % {"total": len(outcomes)}
    )
    return JobResult(
        counts={"rows": len(outcomes), "ready": len(outcomes) - len(bad), "with_errors": len(bad)},
        rows=[outcome.as_dict("error") for outcome in bad],
        message=message,
    )


def import_apply_work(*, job: Job, progress: Progress) -> JobResult:
    outcomes = import_apply(
        imported=_imported(job), actor=_actor(job), since=job.created_at, on_row=progress.advance
    )
    created = [outcome for outcome in outcomes if outcome.reference]
    failed = [outcome for outcome in outcomes if not outcome.reference]
    return JobResult(
        counts={"rows": len(outcomes), "created": len(created), "failed": len(failed)},
        rows=[outcome.as_dict("failed") for outcome in failed]
        + [outcome.as_dict("created") for outcome in created],
    )


def register_job_kinds() -> None:
    """Called from AppConfig.ready()."""
    labels = {
        "rows": gettext_lazy("Rows"),
        "ready": gettext_lazy("Rows without errors"),
        "with_errors": gettext_lazy("Rows with errors"),
        "created": gettext_lazy("Registered"),
        "failed": gettext_lazy("Not registered"),
        "error": gettext_lazy("Error"),
    }
    job_kind(
        name=IMPORT_CHECK,
        label=gettext_lazy("Checking a registrations import"),
        role=Role.ACCREDITATION,
        work=import_check_work,
        count_labels=labels,
    )
    job_kind(
        name=IMPORT_APPLY,
        label=gettext_lazy("Importing registrations"),
        role=Role.ACCREDITATION,
        work=import_apply_work,
        count_labels=labels,
    )
