"""Batch printing as a job: the request checks the choice, a worker renders the PDF.

The request refuses a batch it can tell is wrong at once: references that no
registration of this event has (unknown, or another event's: 400 naming them), more
badges than one batch prints, nothing to print (409). The worker issues missing
badges, counts the prints, renders the PDF badge by badge (the job's progress) and
reports each row: printed, or a chosen reference not printed because it is not approved.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events.audit.services import Actor
from events.errors import DomainError
from events.jobs.kinds import JobResult, job_kind
from events.jobs.models import Job
from events.jobs.services import Progress, job_create
from events.summit.models import Event
from events.teams.models import Role
from registrations.badges.render import batch_badges_pdf
from registrations.badges.services import MAX_BATCH_BADGES, BadgeError, badges_for_batch
from registrations.badges.services import badges_batch as badges_batch_pairs
from registrations.registration.models import Registration

BADGE_BATCH = "badge_batch"
SHEETS = ("card", "a4")


class UnknownReferences(DomainError):
    """400: references no registration of this event has."""


def badges_batch_queue(
    *,
    event: Event,
    actor: Actor,
    category: str = "",
    delegation: str = "",
    references: list[str] | None = None,
    sheet: str = "card",
) -> Job:
    """Check the batch and queue the job that prints it."""
    references = sorted({reference.strip().upper() for reference in references or []})
    if references:
        known = set(
            Registration.objects.filter(event=event, reference__in=references).values_list(
                "reference", flat=True
            )
        )
        unknown = [reference for reference in references if reference not in known]
        if unknown:
            raise UnknownReferences(
                _("No registration of this event has these references: %(references)s.")
                % {"references": ", ".join(unknown[:50])},
                field="references",
                code="unknown_references",
            )
    count = badges_for_batch(
        event=event, category=category, delegation=delegation, references=references or None
    ).count()
    if count > MAX_BATCH_BADGES:
        raise BadgeError(
            _("More than %(limit)d badges: choose a category or a delegation to print fewer.")
            % {"limit": MAX_BATCH_BADGES},
            code="too_many",
        )
    if count == 0:
        raise BadgeError(
            _("No approved registration matches this choice: there is no badge to print."),
            code="empty",
        )
    params = {
        "category": category,
        "delegation": delegation,
        "references": references,
        "sheet": sheet if sheet in SHEETS else "card",
    }
    return job_create(event=event, kind=BADGE_BATCH, actor=actor, params=params, total=count)


def badges_batch_work(*, job: Job, progress: Progress) -> JobResult:
    event = job.event
    params = job.params
    actor = Actor(label=job.created_by_label or "system", user=job.created_by)
    pairs = badges_batch_pairs(
        event=event,
        actor=actor,
        category=params.get("category", ""),
        delegation=params.get("delegation", ""),
        references=params.get("references") or None,
    )

    def counted():
        for pair in pairs:
            yield pair
            progress.advance()

    pdf = batch_badges_pdf(counted(), event=event, sheet=params.get("sheet", "card"))
    rows = [
        {"reference": registration.reference, "name": registration.full_name, "outcome": "printed"}
        for registration, _badge in pairs
    ]
    printed = {row["reference"] for row in rows}
    not_approved = [
        reference for reference in params.get("references", []) if reference not in printed
    ]
    rows += [
        {
            "reference": reference,
            "outcome": "not_printed",
            "error": _("Not approved: this registration has no badge."),
        }
        for reference in not_approved
    ]
    return JobResult(
        counts={"printed": len(pairs), "not_printed": len(not_approved)},
        rows=rows,
        content=pdf,
        file_name=f"badges-{event.slug}.pdf",
    )


def register_job_kinds() -> None:
    """Called from AppConfig.ready()."""
    job_kind(
        name=BADGE_BATCH,
        label=gettext_lazy("Printing badges"),
        role=Role.ACCREDITATION,
        work=badges_batch_work,
        count_labels={
            "printed": gettext_lazy("Printed"),
            "not_printed": gettext_lazy("Not printed"),
        },
    )
