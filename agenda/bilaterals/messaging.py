"""Bilateral meeting notices and reminders, queued in the notifications outbox."""

from datetime import timedelta

from django.urls import reverse

from agenda.calendars.exporters import BilateralInvitationExporter
from events.absolute_urls import absolute_url
from events.summit.selectors import event_message_scope
from notifications.models import Message
from notifications.services import message_enqueue_from_templates
from registrations.registration.messaging import registrant_page_url

BILATERAL_KIND = "agenda.bilateral"


BILATERAL_REMINDER_KIND = "agenda.bilateral_reminder"


def delegation_bilaterals_url(delegation) -> str:
    return absolute_url(
        reverse("agenda:delegation-bilaterals", kwargs={"token": delegation.secret_token})
    )


def bilateral_notice_enqueue(*, meeting, step: str, delegation, note: str = "") -> Message | None:
    """Tell a delegation's head about a step of a bilateral meeting (nothing without a head).

    `step` is one of requested, counter_proposed, confirmed, declined, cancelled,
    moved, room. Confirmations, moves and room changes carry the meeting as an
    iTIP METHOD:REQUEST attachment, cancellations of a confirmed meeting as
    METHOD:CANCEL, so the head's calendar follows (same UID, higher SEQUENCE).
    """
    head = delegation.head
    if head is None or not head.email:
        return None
    event = meeting.event
    attachments = []
    if meeting.starts_at is not None and step in {"confirmed", "moved", "room", "cancelled"}:
        invitation = BilateralInvitationExporter(
            event,
            meeting=meeting,
            method="CANCEL" if meeting.is_cancelled else "REQUEST",
            attendee_email=head.email,
            attendee_name=head.full_name,
            language=head.language,
        )
        attachments.append(invitation.attachment())
    return message_enqueue_from_templates(
        dedupe_key=f"agenda:bilateral:{meeting.pk}:r{meeting.revision}:registration:{head.pk}",
        template_prefix="agenda/email/bilateral",
        context={
            "registration": head,
            "event": event,
            "meeting": meeting,
            "step": step,
            "delegation": delegation,
            "other": meeting.other_side(delegation.pk),
            "slots": meeting.open_slots() if meeting.is_open else [],
            "note": note,
            "page_url": delegation_bilaterals_url(delegation),
        },
        language=head.language,
        recipient=head.email,
        recipient_name=head.full_name,
        kind=BILATERAL_KIND,
        scope=event_message_scope(event),
        attachments=attachments,
    )


def bilateral_reminder_enqueue(*, key: str, meeting, delegation, registration, minutes: int):
    """Queue the reminder of a confirmed bilateral meeting, `minutes` before it starts."""
    event = meeting.event
    return message_enqueue_from_templates(
        dedupe_key=key,
        template_prefix="agenda/email/bilateral_reminder",
        context={
            "registration": registration,
            "event": event,
            "meeting": meeting,
            "delegation": delegation,
            "other": meeting.other_side(delegation.pk),
            "minutes": minutes,
            "page_url": registrant_page_url(registration),
        },
        language=registration.language,
        recipient=registration.email,
        recipient_name=registration.full_name,
        kind=BILATERAL_REMINDER_KIND,
        scope=event_message_scope(event),
        scheduled_at=meeting.starts_at - timedelta(minutes=minutes),
    )
