"""Security vetting: batches out to the host country's security service, decisions back.

A registration in a category that requires vetting waits in `vetting` once an
officer approves it (services/registration.py). Officers then:

1. export a batch: every registration waiting to be sent (new, or sent back with
   "more information") gets the batch's number and is marked as sent;
2. import the security service's decisions, one row per reference: `cleared`
   (approved: the badge is issued and sent), `refused` (rejected; the reason is
   not shown to the registrant) or `more_information` (stays in vetting, goes out
   with the next batch). Every row is checked first; an import with any bad row
   changes nothing and answers with the errors row by row. A dry run checks
   without changing anything;
3. withdraw a clearance later if the service asks: the registration is revoked,
   so its badge is revoked (next online scan: `revoked`; offline scanners at their
   next sync, through the revoked list of their package).

Every step is in the audit log.
"""

import csv
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from events.audit.services import Actor, audit_record
from events.csv_files import csv_decode, csv_reader, csv_text
from events.errors import ConflictError, DomainError
from events.summit.models import Event
from registrations.registration.capacity import lock_event
from registrations.registration.errors import RegistrationError, TransitionNotAllowed
from registrations.registration.models import Registration, Status, VettingState
from registrations.registration.services import registration_transition
from registrations.vetting.models import VettingBatch

DECISIONS = ("cleared", "refused", "more_information")
MAX_IMPORT_ROWS = 20_000
MAX_IMPORT_BYTES = 2_000_000
MAX_NOTE_LENGTH = 2000
# What the security service receives: identity, affiliation, and where to fetch the
# photo (an organizer-only URL), never the photo itself.
BATCH_COLUMNS = (
    "reference",
    "title",
    "first_name",
    "last_name",
    "name_ar",
    "country",
    "organization",
    "job_title",
    "delegation",
    "category",
    "email",
    "phone",
    "photo_url",
)
DECISION_STATES = {
    "cleared": VettingState.CLEARED,
    "refused": VettingState.REFUSED,
    "more_information": VettingState.MORE_INFORMATION,
}
WAITING_TO_BE_SENT = (VettingState.AWAITING_EXPORT, VettingState.MORE_INFORMATION)
AWAITING_DECISION = (VettingState.SUBMITTED,)


class NothingToExport(RegistrationError, ConflictError):
    pass


class VettingImportInvalid(RegistrationError):
    """The decisions file cannot be read at all (not CSV/JSON, no reference column…)."""


# --- Export --------------------------------------------------------------------------


def vetting_batch_create(*, event: Event, actor: Actor) -> VettingBatch:
    """Put every registration waiting to be sent into a new numbered batch."""
    with transaction.atomic():
        lock_event(event.pk)
        waiting = Registration.objects.filter(
            event=event, status=Status.VETTING, vetting_state__in=WAITING_TO_BE_SENT
        )
        ids = list(waiting.values_list("pk", flat=True))
        if not ids:
            raise NothingToExport(
                _("No registration is waiting to be sent for vetting."), code="empty"
            )
        number = (event.vetting_batches.aggregate(last=Max("number"))["last"] or 0) + 1
        batch = VettingBatch.objects.create(
            event=event, number=number, created_by=actor.label[:200], size=len(ids)
        )
        Registration.objects.filter(pk__in=ids).update(
            vetting_state=VettingState.SUBMITTED, vetting_batch=batch, updated_at=timezone.now()
        )
        audit_record(
            event=event,
            actor=actor,
            action="vetting.batch_exported",
            obj=batch,
            data={"number": number, "size": len(ids)},
        )
    return batch


def vetting_batch_rows(*, batch: VettingBatch, photo_url) -> list[dict]:
    """The batch's registrations as rows of BATCH_COLUMNS; `photo_url(registration)`
    gives the absolute organizer URL of a photo."""
    registrations = (
        batch.registrations.select_related("category", "delegation")
        .order_by("reference")
        .iterator(chunk_size=1000)
    )
    return [
        {
            "reference": registration.reference,
            "title": registration.title_en,
            "first_name": registration.first_name,
            "last_name": registration.last_name,
            "name_ar": registration.name_ar,
            "country": registration.country.code,
            "organization": registration.organization,
            "job_title": registration.job_title,
            "delegation": (
                registration.delegation.name.in_language("en") if registration.delegation_id else ""
            ),
            "category": registration.category.slug,
            "email": registration.email,
            "phone": registration.phone,
            "photo_url": photo_url(registration) if registration.photo else "",
        }
        for registration in registrations
    ]


def vetting_batch_csv(rows: list[dict]) -> str:
    """The file for the security service, who open it in a spreadsheet: every cell is
    written inert (a name typed as `=HYPERLINK(…)` stays text)."""
    return csv_text(BATCH_COLUMNS, ([row[column] for column in BATCH_COLUMNS] for row in rows))


# --- Import --------------------------------------------------------------------------


@dataclass
class DecisionRow:
    line: int
    reference: str
    decision: str
    note: str = ""
    errors: list[str] = field(default_factory=list)
    name: str = ""


@dataclass
class ImportReport:
    rows: list[DecisionRow]
    applied: bool = False

    @property
    def valid(self) -> bool:
        return not any(row.errors for row in self.rows)

    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(DECISIONS, 0)
        for row in self.rows:
            if row.decision in counts:
                counts[row.decision] += 1
        return counts


def decisions_from_csv(content: bytes | str) -> list[DecisionRow]:
    """Read `reference,decision[,note]` rows (header required; BOM and `;` tolerated)."""
    content = csv_decode(content)
    if content is None:
        raise VettingImportInvalid(
            _("The file is not UTF-8 text; save it as CSV (UTF-8)."), field="file"
        )
    if not content.strip():
        raise VettingImportInvalid(_("The file is empty."), field="file")
    reader = csv_reader(content)
    header = [name.strip().lower() for name in next(reader, [])]
    if not {"reference", "decision"} <= set(header):
        raise VettingImportInvalid(
            _("The first line must name the columns: reference, decision and optionally note."),
            field="file",
        )
    # Positions found once: a 20,000-row file is read in the request.
    columns = [
        (name, header.index(name)) for name in ("reference", "decision", "note") if name in header
    ]
    rows = []
    try:
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            values = {
                name: cells[position] if position < len(cells) else "" for name, position in columns
            }
            rows.append(_decision_row(reader.line_num, values))
            if len(rows) > MAX_IMPORT_ROWS:
                raise VettingImportInvalid(
                    _("A file may hold at most %(count)d decisions.") % {"count": MAX_IMPORT_ROWS},
                    field="file",
                )
    except csv.Error as error:
        raise VettingImportInvalid(
            _("The file is not valid CSV (line %(line)d).") % {"line": reader.line_num},
            field="file",
        ) from error
    return rows


def decisions_from_json(items) -> list[DecisionRow]:
    if not isinstance(items, list):
        raise VettingImportInvalid(_("Send a list of decisions."), field="decisions")
    if len(items) > MAX_IMPORT_ROWS:
        raise VettingImportInvalid(
            _("A file may hold at most %(count)d decisions.") % {"count": MAX_IMPORT_ROWS},
            field="decisions",
        )
    rows = []
    for line, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            rows.append(
                DecisionRow(
                    line=line,
                    reference="",
                    decision="",
                    errors=[_("Each decision is an object with a reference and a decision.")],
                )
            )
            continue
        rows.append(_decision_row(line, {k: str(v or "") for k, v in item.items()}))
    return rows


def _decision_row(line: int, values: dict) -> DecisionRow:
    row = DecisionRow(
        line=line,
        reference=values.get("reference", "").strip().upper(),
        decision=values.get("decision", "").strip().lower(),
        note=values.get("note", "").strip(),
    )
    if not row.reference:
        row.errors.append(_("The reference is missing."))
    if row.decision not in DECISIONS:
        row.errors.append(
            _("Unknown decision “%(decision)s”: use cleared, refused or more_information.")
            % {"decision": row.decision[:40]}
        )
    if len(row.note) > MAX_NOTE_LENGTH:
        row.errors.append(_("Keep the note under 2,000 characters."))
    return row


def vetting_import(
    *, event: Event, rows: list[DecisionRow], actor: Actor, dry_run: bool, since=None
) -> ImportReport:
    """Check every row; apply them all (one transaction) only if none has an error.

    `since` (a job's start): a row that job applied already is no error (a redelivered
    job checks its file again)."""
    report = ImportReport(rows=rows)
    decisions_present(rows)
    if dry_run:  # nothing is written, so nothing is locked: the apply checks again
        _check_rows(event, rows, lock=False, since=since)
        return report
    with transaction.atomic():
        lock_event(event.pk)
        registrations = _check_rows(event, rows, lock=True)
        if not report.valid:
            return report
        batch_numbers = set()
        for row in rows:
            registration = registrations[row.reference]
            batch_numbers.add(registration.vetting_batch.number)
            _apply(registration, row, actor=actor)
        audit_record(
            event=event,
            actor=actor,
            action="vetting.decisions_imported",
            obj=event,
            data={"counts": report.counts(), "batches": sorted(batch_numbers)},
        )
        report.applied = True
    return report


def decisions_present(rows: list[DecisionRow]) -> None:
    if not rows:
        raise VettingImportInvalid(_("The file holds no decisions."), field="file")


def vetting_decision_apply(*, event: Event, row: DecisionRow, actor: Actor, since=None) -> str:
    """Apply one checked row in its own transaction: "applied", or "failed" with the row's
    errors (its registration moved on since the check, or the step was refused). A row
    this job applied already (`since`: the job's start) answers "applied" again."""
    try:
        with transaction.atomic():
            lock_event(event.pk)
            registrations = _check_rows(event, [row], lock=True, since=since)
            if row.errors:
                return "failed"
            registration = registrations[row.reference]
            if not _already_decided(registration, row, since):
                _apply(registration, row, actor=actor)
    except DomainError as error:
        row.errors.append(str(error.message))
        return "failed"
    return "applied"


# What the check reads of a registration; a whole file's check reads only these, as
# tuples (a 20,000-row file: 20,000 registrations; building models would cost seconds).
CHECKED_FIELDS = (
    "reference",
    "status",
    "vetting_state",
    "vetting_decided_at",
    "first_name",
    "last_name",
)


def _already_decided(registration, row: DecisionRow, since) -> bool:
    """The row was applied on or after `since` (by the job that started then)."""
    decided = registration.vetting_decided_at
    return (
        since is not None
        and decided is not None
        and decided >= since
        and registration.vetting_state == DECISION_STATES.get(row.decision)
    )


def _check_rows(
    event: Event, rows: list[DecisionRow], *, lock: bool, since=None
) -> dict[str, Registration]:
    """Each row's errors against the event's registrations; the registrations by reference,
    locked and whole for an apply (`lock`), else only what the check reads (`CHECKED_FIELDS`)."""
    references = {row.reference for row in rows if row.reference}
    found = Registration.objects.filter(event=event, reference__in=references)
    if lock:
        found = found.select_for_update(of=("self",)).select_related("vetting_batch")
    else:
        found = found.values_list(*CHECKED_FIELDS, named=True)
    registrations = {registration.reference: registration for registration in found}
    first_line: dict[str, int] = {}
    for row in rows:
        if not row.reference:
            continue
        if row.reference in first_line:
            row.errors.append(
                _("Duplicate row: this reference already has a decision on line %(line)d.")
                % {"line": first_line[row.reference]}
            )
            continue
        first_line[row.reference] = row.line
        registration = registrations.get(row.reference)
        if registration is None:
            row.errors.append(_("No registration of this event has this reference."))
            continue
        row.name = f"{registration.first_name} {registration.last_name}"  # its full_name
        if (
            registration.status != Status.VETTING
            or registration.vetting_state not in AWAITING_DECISION
        ) and not _already_decided(registration, row, since):
            row.errors.append(
                _("This registration is not waiting for a vetting decision (it is %(state)s).")
                % {"state": _state_label(registration)}
            )
    return registrations


def _state_label(registration: Registration) -> str:
    if registration.status == Status.VETTING:
        return VettingState(registration.vetting_state).label.lower()
    return Status(registration.status).label.lower()


def _apply(registration: Registration, row: DecisionRow, *, actor: Actor) -> None:
    now = timezone.now()
    state = DECISION_STATES[row.decision]
    Registration.objects.filter(pk=registration.pk).update(
        vetting_state=state, vetting_note=row.note, vetting_decided_at=now, updated_at=now
    )
    batch = registration.vetting_batch.number
    if row.decision == "cleared":
        registration_transition(
            registration_id=registration.pk,
            to=Status.APPROVED,
            actor=actor,
            clearance=True,
            action="vetting.cleared",
        )
    elif row.decision == "refused":
        registration_transition(
            registration_id=registration.pk,
            to=Status.REJECTED,
            actor=actor,
            reason=_("Refused in security vetting."),
            action="vetting.refused",
        )
    else:
        audit_record(
            event=registration.event,
            actor=actor,
            action="vetting.more_information",
            obj=registration,
            reason=row.note,
            data={"batch": batch},
        )


def vetting_withdraw_clearance(*, registration_id: int, actor: Actor, reason: str) -> Registration:
    """The security service withdrew its clearance: revoke the accreditation and badge."""
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration_id)
        if registration.vetting_state != VettingState.CLEARED:
            raise TransitionNotAllowed(
                _(
                    "Only a registration cleared by security vetting can have its clearance "
                    "withdrawn."
                ),
                code="not_cleared",
            )
        if not reason.strip():
            raise RegistrationError(
                _("Say why the clearance is withdrawn."), field="reason", code="required"
            )
        registration = registration_transition(
            registration_id=registration.pk,
            to=Status.REVOKED,
            actor=actor,
            reason=reason,
            action="vetting.clearance_withdrawn",
        )
        registration.vetting_state = VettingState.WITHDRAWN
        registration.vetting_decided_at = timezone.now()
        registration.save(update_fields=["vetting_state", "vetting_decided_at", "updated_at"])
    return registration
