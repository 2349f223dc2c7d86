"""Messages to registrants, queued in the notifications outbox.

Each message's dedupe key names the registration and the audit entry of the
step that caused it, so a retried step never queues the same message twice.
"""

from django.urls import reverse
from django.utils import timezone

from events.absolute_urls import absolute_url
from events.summit.selectors import event_message_scope
from notifications.models import Message
from notifications.services import message_enqueue_from_templates
from registrations.delegations.models import Delegation
from registrations.registration.models import Invitation, Registration, Status


def registrant_page_url(registration: Registration) -> str:
    return absolute_url(registration.get_absolute_url())


def _enqueue(registration: Registration, *, kind: str, key: str, attachments=()) -> None:
    message_enqueue_from_templates(
        dedupe_key=f"registration:{registration.pk}:{key}",
        template_prefix=f"registrations/email/{kind}",
        context={
            "registration": registration,
            "event": registration.event,
            "page_url": registrant_page_url(registration),
        },
        language=registration.language,
        recipient=registration.email,
        recipient_name=registration.full_name,
        kind=f"registration.{kind}",
        scope=event_message_scope(registration.event),
        attachments=attachments,
    )


def registration_received(registration: Registration, *, entry_id: int) -> None:
    kind = "waitlisted" if registration.status == Status.WAITLISTED else "received"
    if registration.status != Status.APPROVED:
        _enqueue(registration, kind=kind, key=f"{kind}:{entry_id}")


def registration_approved(registration: Registration, *, entry_id: int, attachments=()) -> None:
    _enqueue(registration, kind="approved", key=f"approved:{entry_id}", attachments=attachments)


def registration_promoted(registration: Registration, *, entry_id: int) -> None:
    if registration.status != Status.APPROVED:
        _enqueue(registration, kind="promoted", key=f"promoted:{entry_id}")


def registration_status_changed(registration: Registration, *, entry_id: int) -> None:
    """Rejected, waitlisted, cancelled or revoked: the registrant hears of it."""
    _enqueue(registration, kind=registration.status, key=f"{registration.status}:{entry_id}")


def _ten_minutes() -> str:
    """The current ten-minute window, for messages sent at most once in it."""
    now = timezone.now()
    return now.strftime("%Y%m%d%H") + str(now.minute // 10)


def registration_link(registration: Registration) -> None:
    # One link message per address every ten minutes at most, however often asked.
    _enqueue(registration, kind="link", key=f"link:{_ten_minutes()}")


def registration_already_registered(registration: Registration) -> None:
    """Someone registered this address again: tell its owner, with their link.

    At most one such message every ten minutes, however often the form is sent.
    """
    _enqueue(registration, kind="already_registered", key=f"already-registered:{_ten_minutes()}")


def invitation(invitation: Invitation, *, language: str = "en") -> Message:
    event = invitation.event
    return message_enqueue_from_templates(
        dedupe_key=f"invitation:{invitation.pk}",
        template_prefix="registrations/email/invitation",
        context={
            "invitation": invitation,
            "event": event,
            "page_url": absolute_url(
                reverse("registrations:register", kwargs={"slug": event.slug})
            ),
        },
        language=language,
        recipient=invitation.email,
        kind="registration.invitation",
        scope=event_message_scope(event),
    )


def _enqueue_to_head(delegation: Delegation, *, head: Registration, kind: str, key: str) -> None:
    message_enqueue_from_templates(
        dedupe_key=f"delegation:{delegation.pk}:{key}",
        template_prefix=f"registrations/email/{kind}",
        context={
            "registration": head,
            "delegation": delegation,
            "event": delegation.event,
            "delegation_url": absolute_url(delegation.get_absolute_url()),
        },
        language=head.language,
        recipient=head.email,
        recipient_name=head.full_name,
        kind=f"registration.{kind}",
        scope=event_message_scope(delegation.event),
    )


def delegation_link(delegation: Delegation, *, head: Registration) -> None:
    _enqueue_to_head(delegation, head=head, kind="delegation_link", key=f"head:{head.pk}")


def registration_link_renewed(registration: Registration, *, entry_id: int) -> None:
    """The new private link the registrant asked for; the email says the old one stopped."""
    _enqueue(registration, kind="link_renewed", key=f"link-renewed:{entry_id}")


def delegation_link_renewed(delegation: Delegation, *, head: Registration, entry_id: int) -> None:
    """The delegation page's new private link, to the head; the old one stopped working."""
    _enqueue_to_head(
        delegation, head=head, kind="delegation_link_renewed", key=f"link-renewed:{entry_id}"
    )
