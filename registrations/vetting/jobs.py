"""Applying a decisions file as a job: checked whole in the request, applied by a worker.

The request checks every row (`vetting_import(dry_run=True)`, the same check as the
"check the file" step) and refuses the whole file when a row is bad, as before.
A valid file becomes a job; the worker applies it row by row, each row in its own
transaction, so a row refused at apply time (its registration moved on since the
check) is reported and the others are applied. The audit entry of the import is
written at the end with the counts.
"""

from django.utils.translation import gettext_lazy as _

from events.audit.services import Actor, audit_record
from events.jobs.kinds import JobResult, job_kind
from events.jobs.models import Job
from events.jobs.services import Progress, job_create
from events.summit.models import Event
from events.teams.models import Role
from registrations.vetting.services import (
    DECISIONS,
    DecisionRow,
    ImportReport,
    vetting_decision_apply,
    vetting_import,
)

VETTING_APPLY = "vetting_apply"


def vetting_apply_queue(
    *, event: Event, rows: list[DecisionRow], actor: Actor
) -> tuple[ImportReport, Job | None]:
    """Check the whole file; when every row is good, a queued job that applies it."""
    report = vetting_import(event=event, rows=rows, actor=actor, dry_run=True)
    if not report.valid:
        return report, None
    params = {
        "rows": [
            {
                "line": row.line,
                "reference": row.reference,
                "decision": row.decision,
                "note": row.note,
            }
            for row in rows
        ]
    }
    job = job_create(event=event, kind=VETTING_APPLY, actor=actor, params=params, total=len(rows))
    return report, job


def vetting_apply_work(*, job: Job, progress: Progress) -> JobResult:
    event = job.event
    actor = Actor(label=job.created_by_label or "system", user=job.created_by)
    counts = {"applied": 0, "failed": 0, **dict.fromkeys(DECISIONS, 0)}
    outcomes = []
    for item in job.params.get("rows", []):
        row = DecisionRow(
            line=item["line"],
            reference=item["reference"],
            decision=item["decision"],
            note=item.get("note", ""),
        )
        outcome = vetting_decision_apply(event=event, row=row, actor=actor, since=job.created_at)
        counts[outcome] += 1
        if outcome == "applied":
            counts[row.decision] += 1
        entry = {
            "line": row.line,
            "reference": row.reference,
            "name": row.name,
            "detail": row.decision,
            "outcome": outcome,
        }
        if row.errors:
            entry["error"] = " ".join(str(error) for error in row.errors)
        outcomes.append(entry)
        progress.advance()
    audit_record(
        event=event,
        actor=actor,
        action="vetting.decisions_imported",
        obj=event,
        data={"counts": counts, "job": job.pk},
    )
    return JobResult(counts=counts, rows=outcomes)


def register_job_kinds() -> None:
    """Called from AppConfig.ready()."""
    job_kind(
        name=VETTING_APPLY,
        label=_("Applying vetting decisions"),
        role=Role.ACCREDITATION,
        work=vetting_apply_work,
        count_labels={
            "applied": _("Applied"),
            "failed": _("Not applied"),
            "cleared": _("Cleared"),
            "refused": _("Refused"),
            "more_information": _("Asked for more information"),
        },
    )
