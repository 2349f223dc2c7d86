"""Invitation codes: created in bulk for a list of addresses, or shared by several guests.

A list of addresses is checked whole first (`invitation_emails_parse`: nothing is
created while a row is malformed); then each address gets its code and message in
a savepoint of its own, so an error in one row rolls back that row only and the
outcome names it, and names the addresses whose message failed at once.
"""

import csv
import io
import logging
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events.audit.services import Actor, audit_record
from events.summit.models import Event, RegistrationCategory
from notifications.models import Status as MessageStatus
from registrations.delegations.models import Delegation
from registrations.registration import messaging
from registrations.registration.errors import RegistrationError
from registrations.registration.models import Invitation, random_code

logger = logging.getLogger(__name__)

MAX_EMAILS_PER_BATCH = 2000


@dataclass
class InvitationBatch:
    created: list[Invitation] = field(default_factory=list)
    # address → why no invitation was created for it
    refused: dict[str, str] = field(default_factory=dict)
    # address → why its invitation message failed (the code exists)
    messages_failed: dict[str, str] = field(default_factory=dict)


@dataclass
class ParsedEmails:
    emails: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def invitation_emails_parse(text: str) -> ParsedEmails:
    """Addresses from pasted text or a CSV file: the first cell of each row that has an @.

    Returns the valid, de-duplicated addresses and one error line per bad row.
    """
    parsed = ParsedEmails()
    seen = set()
    header_possible = True
    for number, row in enumerate(csv.reader(io.StringIO(text.replace(";", ","))), start=1):
        cells = [cell.strip() for cell in row if cell.strip()]
        candidates = [cell for cell in cells if "@" in cell]
        if not cells:
            continue
        if not candidates and header_possible:
            header_possible = False
            continue  # the first row names the columns
        header_possible = False
        if not candidates:
            parsed.errors.append(_("Row %(n)d: no email address.") % {"n": number})
            continue
        email = candidates[0]
        try:
            validate_email(email)
        except ValidationError:
            parsed.errors.append(
                _("Row %(n)d: “%(email)s” is not a valid email address.")
                % {"n": number, "email": email}
            )
            continue
        if email.casefold() not in seen:
            seen.add(email.casefold())
            parsed.emails.append(email)
    if len(parsed.emails) > MAX_EMAILS_PER_BATCH:
        parsed.errors.append(
            _("At most %(max)d addresses per batch.") % {"max": MAX_EMAILS_PER_BATCH}
        )
    return parsed


def _new_code() -> str:
    return random_code(8)


def _check_batch(event: Event, category: RegistrationCategory, delegation, expires_at) -> None:
    if category.event_id != event.pk:
        raise RegistrationError(_("Choose a category of this event."), field="category")
    if delegation is not None and delegation.event_id != event.pk:
        raise RegistrationError(_("Choose a delegation of this event."), field="delegation")
    if expires_at is not None and expires_at <= timezone.now():
        raise RegistrationError(_("The expiry must be in the future."), field="expires_at")


@transaction.atomic
def invitations_create_for_emails(
    *,
    event: Event,
    category: RegistrationCategory,
    emails: list[str],
    actor: Actor,
    expires_at: datetime | None = None,
    skips_approval: bool = False,
    delegation: Delegation | None = None,
    language: str = "en",
) -> InvitationBatch:
    """One single-use code per address, locked to it, each sent by email; per row."""
    _check_batch(event, category, delegation, expires_at)
    if not emails:
        raise RegistrationError(_("Give at least one email address."), field="emails")
    if len(emails) > MAX_EMAILS_PER_BATCH:
        raise RegistrationError(
            _("At most %(max)d addresses per batch.") % {"max": MAX_EMAILS_PER_BATCH},
            field="emails",
        )
    batch = InvitationBatch()
    now = timezone.now()
    for email in emails:
        try:
            with transaction.atomic():
                invitation = _create(
                    event=event,
                    category=category,
                    email=email,
                    max_uses=1,
                    expires_at=expires_at,
                    skips_approval=skips_approval,
                    delegation=delegation,
                    sent_at=now,
                )
                message = messaging.invitation(invitation, language=language)
        except Exception:
            logger.exception("Invitation for one address of a batch failed")
            batch.refused[email] = _("No invitation was created; the error was logged.")
            continue
        batch.created.append(invitation)
        if message.status == MessageStatus.FAILED:
            batch.messages_failed[email] = str(message.get_error_reason_display())
    audit_record(
        event=event,
        actor=actor,
        action="invitations.created",
        obj=event,
        data={
            "count": len(batch.created),
            "refused": len(batch.refused),
            "messages_failed": len(batch.messages_failed),
            "category": category.slug,
        },
    )
    return batch


@transaction.atomic
def invitation_create_shared(
    *,
    event: Event,
    category: RegistrationCategory,
    max_uses: int,
    actor: Actor,
    expires_at: datetime | None = None,
    skips_approval: bool = False,
    delegation: Delegation | None = None,
) -> Invitation:
    """One code that several guests may use, up to `max_uses` times."""
    _check_batch(event, category, delegation, expires_at)
    if max_uses < 1:
        raise RegistrationError(_("A code must allow at least one use."), field="max_uses")
    invitation = _create(
        event=event,
        category=category,
        email="",
        max_uses=max_uses,
        expires_at=expires_at,
        skips_approval=skips_approval,
        delegation=delegation,
    )
    audit_record(
        event=event,
        actor=actor,
        action="invitation.created",
        obj=invitation,
        data={"max_uses": max_uses, "category": category.slug},
    )
    return invitation


def _create(**fields) -> Invitation:
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return Invitation.objects.create(code=_new_code(), **fields)
        except IntegrityError:
            continue
    raise RuntimeError("Could not find a free invitation code.")
