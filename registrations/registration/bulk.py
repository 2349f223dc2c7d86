"""Approving many registrations at once: each on its own, each reported.

Every row is approved in its own transaction (`registration_approve` owns one), so a
refusal, or an error nobody foresaw, rolls back that row only and the rest go on.
The outcome names every row: approved, or refused and why; and, among the approved,
the people whose approval message could not be queued for sending (an address the
outbox cannot use), so the officer knows whose address to correct.
"""

import logging
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from events.audit.services import Actor
from events.errors import DomainError
from events.summit.models import Event
from events.summit.selectors import event_message_scope
from notifications.selectors import messages_failed_to
from registrations.registration.models import Registration
from registrations.registration.services import registration_approve

logger = logging.getLogger(__name__)

APPROVED_KIND = "registration.approved"


@dataclass
class BulkResult:
    approved: list[str] = field(default_factory=list)
    # reference → why it was not approved
    refused: dict[str, str] = field(default_factory=dict)
    # reference → why its approval message failed (the approval stands)
    messages_failed: dict[str, str] = field(default_factory=dict)


def registrations_bulk_approve(*, event: Event, references: list[str], actor: Actor) -> BulkResult:
    """Approve each registration on its own; one refusal or failure does not stop the others."""
    result = BulkResult()
    rows = {
        registration.reference: registration
        for registration in Registration.objects.filter(event=event, reference__in=references)
    }
    scope = event_message_scope(event)
    for reference in dict.fromkeys(references):
        registration = rows.get(reference)
        if registration is None:
            result.refused[reference] = _("No such registration.")
            continue
        try:
            registration_approve(registration_id=registration.pk, actor=actor)
        except DomainError as error:
            result.refused[reference] = str(error.message)
            continue
        except Exception:
            # Its own transaction rolled back; the others must still be approved.
            logger.exception("Bulk approval of %s failed", reference)
            result.refused[reference] = _("It could not be approved; the error was logged.")
            continue
        result.approved.append(reference)
        failed = (
            messages_failed_to(scope=scope, recipient=registration.email)
            .filter(kind=APPROVED_KIND)
            .last()
        )
        if failed is not None:
            result.messages_failed[reference] = str(failed.get_error_reason_display())
    return result
