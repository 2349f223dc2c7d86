"""Applying a decisions file as a job: the request reads the file, the worker checks it
whole and applies it.

The request only reads the file (`decisions_from_csv`/`_json`: not CSV, no header,
too many rows are refused at once); nothing of that needs the database, so it returns
in well under a second at any size. The worker first checks every row (what reading
found, such as an unknown decision, and then against the registrations:
`vetting_import(dry_run=True)`, the same check as the "check the file" step) and
refuses the whole file when a row is bad: nothing is applied, the outcome lists each
bad row and says so. A good file is applied row by row, each row in its own
transaction, so a row refused at apply time (its registration moved on since the
check) is reported and the others are applied. The audit entry of the import is
written at the end with the counts.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events.audit.services import Actor, audit_record
from events.jobs.kinds import JobResult, job_kind
from events.jobs.models import Job
from events.jobs.services import Progress, job_create
from events.summit.models import Event
from events.teams.models import Role
from registrations.vetting.services import (
    DECISIONS,
    DecisionRow,
    decisions_present,
    vetting_decision_apply,
    vetting_import,
)

VETTING_APPLY = "vetting_apply"


def vetting_apply_queue(*, event: Event, rows: list[DecisionRow], actor: Actor) -> Job:
    """A queued job that checks the read file whole, then applies it."""
    decisions_present(rows)
    params = {"rows": [_row_param(row) for row in rows]}
    return job_create(event=event, kind=VETTING_APPLY, actor=actor, params=params, total=len(rows))


def _row_param(row: DecisionRow) -> dict:
    param = {"line": row.line, "reference": row.reference, "decision": row.decision}
    if row.note:
        param["note"] = row.note
    if row.errors:
        # What reading the file found (an unknown decision, a long note): the job's
        # check reports it with the rest.
        param["errors"] = [str(error) for error in row.errors]
    return param


def vetting_apply_work(*, job: Job, progress: Progress) -> JobResult:
    event = job.event
    actor = Actor(label=job.created_by_label or "system", user=job.created_by)
    rows = [
        DecisionRow(
            line=item["line"],
            reference=item["reference"],
            decision=item["decision"],
            note=item.get("note", ""),
            errors=list(item.get("errors", [])),
        )
        for item in job.params.get("rows", [])
    ]
    report = vetting_import(event=event, rows=rows, actor=actor, dry_run=True, since=job.created_at)
    if not report.valid:
        return _refused_whole(rows)
    counts = {"applied": 0, "failed": 0, **dict.fromkeys(DECISIONS, 0)}
    outcomes = []
    for row in rows:
        outcome = vetting_decision_apply(event=event, row=row, actor=actor, since=job.created_at)
        counts[outcome] += 1
        if outcome == "applied":
            counts[row.decision] += 1
        outcomes.append(_row_outcome(row, outcome))
        progress.advance()
    audit_record(
        event=event,
        actor=actor,
        action="vetting.decisions_imported",
        obj=event,
        data={"counts": counts, "job": job.pk},
    )
    return JobResult(counts=counts, rows=outcomes)


def _refused_whole(rows: list[DecisionRow]) -> JobResult:
    """Nothing applied: the bad rows, each with its errors, and a sentence that says so."""
    bad = [row for row in rows if row.errors]
    return JobResult(
        counts={"applied": 0, "rows_with_errors": len(bad), "not_applied": len(rows)},
        rows=[_row_outcome(row, "error") for row in bad],
        message=_(
            "Nothing was applied: %(count)d of the %(total)d rows have errors. "
            "Correct them and upload the whole file again."
        )
        % {"count": len(bad), "total": len(rows)},
    )


def _row_outcome(row: DecisionRow, outcome: str) -> dict:
    entry = {
        "line": row.line,
        "reference": row.reference,
        "name": row.name,
        "detail": row.decision,
        "outcome": outcome,
    }
    if row.errors:
        entry["error"] = " ".join(str(error) for error in row.errors)
    return entry


def register_job_kinds() -> None:
    """Called from AppConfig.ready()."""
    job_kind(
        name=VETTING_APPLY,
        label=gettext_lazy("Applying vetting decisions"),
        role=Role.ACCREDITATION,
        work=vetting_apply_work,
        count_labels={
            "applied": gettext_lazy("Applied"),
            "failed": gettext_lazy("Not applied"),
            "cleared": gettext_lazy("Cleared"),
            "refused": gettext_lazy("Refused"),
            "more_information": gettext_lazy("Asked for more information"),
            "rows_with_errors": gettext_lazy("Rows with errors"),
            "not_applied": gettext_lazy("Rows not applied"),
            "error": gettext_lazy("Error"),
        },
    )
