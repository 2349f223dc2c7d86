"""An officer corrects a registrant's address, and what failed is sent again to it.

The outbox keeps the address a message failed for (its record of what happened),
so "send again" to a corrected address queues a copy: each of the person's failed
messages in the event's scope, to the old address, becomes a new message to the new
one. The copy's dedupe key is the original's with a digest of the new address, so
saving the same correction twice queues nothing twice, and a second correction
(another typo) sends again to the newer address.

The person's messages are found by address within the event's scope rather than
by dedupe key: approval, reminder, release and bilateral notices each have their
own key format, but all went to the one address, and an address names at most one
registration in an event (`one_registration_per_email_per_event`).
"""

import hashlib
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db import transaction
from django.utils.translation import gettext as _

from events.audit.services import Actor, audit_record
from events.summit.selectors import event_message_scope
from notifications.selectors import messages_failed_to
from notifications.services import message_copy_to
from registrations.registration.capacity import lock_event
from registrations.registration.errors import DuplicateRegistration, RegistrationError
from registrations.registration.models import Registration

MAX_EMAIL_LENGTH = 254


@dataclass(frozen=True)
class EmailCorrection:
    registration: Registration
    previous_email: str
    # The failed messages queued again to the new address.
    messages_sent_again: int


def readdressed_key(dedupe_key: str, email: str) -> str:
    """The dedupe key of a copy of a message to `email`: the same on every retry."""
    digest = hashlib.sha256(email.lower().encode()).hexdigest()[:16]
    return f"{dedupe_key}:to:{digest}"


def _clean_email(email: str) -> str:
    email = email.strip()
    if not email:
        raise RegistrationError(_("Enter the email address."), field="email", code="required")
    if len(email) > MAX_EMAIL_LENGTH:
        raise RegistrationError(
            _("The address is longer than %(max)d characters.") % {"max": MAX_EMAIL_LENGTH},
            field="email",
            code="max_length",
        )
    try:
        # The registration form's own check, so a corrected address is one it would take.
        EmailValidator()(email)
    except ValidationError as error:
        raise RegistrationError(
            _("Enter a valid email address."), field="email", code="invalid"
        ) from error
    return email


def registration_messages_send_again(*, registration: Registration, previous_email: str) -> int:
    """Queue copies of the person's failed messages to their current address; how many."""
    sent_again = 0
    scope = event_message_scope(registration.event)
    for message in messages_failed_to(scope=scope, recipient=previous_email):
        message_copy_to(
            message_id=message.pk,
            recipient=registration.email,
            dedupe_key=readdressed_key(message.dedupe_key, registration.email),
        )
        sent_again += 1
    return sent_again


def registration_correct_email(
    *, registration_id: int, email: str, actor: Actor
) -> EmailCorrection:
    """Correct a registration's address (accreditation) and send its failed messages again.

    Refused, naming the `email` field: an address the registration form would refuse,
    or one another registration of the event already has. The same address again
    changes nothing and sends nothing.
    """
    email = _clean_email(email)
    with transaction.atomic():
        event_id = Registration.objects.values_list("event_id", flat=True).get(pk=registration_id)
        # The event lock serializes this with registrations, so two people never end
        # up with one address.
        lock_event(event_id)
        registration = (
            Registration.objects.select_for_update(of=("self",))
            .select_related("event")
            .get(pk=registration_id)
        )
        previous = registration.email
        if (
            Registration.objects.filter(event_id=event_id, email__iexact=email)
            .exclude(pk=registration.pk)
            .exists()
        ):
            raise DuplicateRegistration(
                _("This email address is already registered for this event."),
                field="email",
                code="duplicate",
            )
        changed = previous != email
        if changed:
            registration.email = email
            registration.save(update_fields=["email", "updated_at"])
        # The same address again: a server's refusal is sent again from the messages page.
        sent_again = (
            registration_messages_send_again(registration=registration, previous_email=previous)
            if changed
            else 0
        )
        audit_record(
            event=registration.event,
            actor=actor,
            action="registration.email_corrected",
            obj=registration,
            data={"changed": changed, "messages_sent_again": sent_again},
        )
    return EmailCorrection(
        registration=registration, previous_email=previous, messages_sent_again=sent_again
    )
