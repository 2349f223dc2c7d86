"""The summit reminder: each approved registrant hears from us before the summit opens.

Planned by a periodic job (`registrations.plan_summit_reminders`) shortly before
the reminder is due, so a registration cancelled earlier never gets one; a
registration that leaves `approved` later has its planned reminder cancelled.
The dedupe key names the event's start time: if the summit moves, a new
reminder is planned for the new time and the old key simply goes unused.

Each reminder is queued in a savepoint of its own: an error in one is logged and
the others are queued; the next run tries it again (its key is still unplanned).
"""

import logging
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from events.summit.models import Event
from events.summit.selectors import event_message_scope
from notifications.selectors import dedupe_keys_with_prefix
from notifications.services import message_enqueue_from_templates, messages_cancel
from registrations.registration.messaging import registrant_page_url
from registrations.registration.models import Registration, Status

logger = logging.getLogger(__name__)

# How far ahead of its send time a reminder is queued.
PLANNING_HORIZON = timedelta(minutes=15)


def summit_reminder_prefix(*, event_id: int) -> str:
    return f"reminder:summit:{event_id}:"


def summit_reminder_key(*, registration: Registration, event: Event) -> str:
    starts = event.starts_at.strftime("%Y%m%dT%H%M")
    return f"{summit_reminder_prefix(event_id=event.pk)}registration:{registration.pk}:{starts}"


def summit_reminders_plan(*, now: datetime | None = None) -> int:
    """Queue the reminders now due within the horizon; returns how many were queued."""
    now = now or timezone.now()
    queued = 0
    events = Event.objects.published().filter(summit_reminder_hours__gt=0, starts_at__gt=now)
    for event in events:
        send_at = event.starts_at - timedelta(hours=event.summit_reminder_hours)
        if send_at > now + PLANNING_HORIZON:
            continue
        planned = dedupe_keys_with_prefix(prefix=summit_reminder_prefix(event_id=event.pk))
        approved = Registration.objects.filter(event=event, status=Status.APPROVED)
        for registration in approved.select_related("event", "category").iterator(chunk_size=500):
            key = summit_reminder_key(registration=registration, event=event)
            if key in planned:
                continue
            try:
                with transaction.atomic():
                    message_enqueue_from_templates(
                        dedupe_key=key,
                        template_prefix="registrations/email/summit_reminder",
                        context={
                            "registration": registration,
                            "event": event,
                            "page_url": registrant_page_url(registration),
                        },
                        language=registration.language,
                        recipient=registration.email,
                        recipient_name=registration.full_name,
                        kind="reminder.summit",
                        scope=event_message_scope(event),
                        scheduled_at=max(send_at, now),
                    )
            except Exception:
                logger.exception("Summit reminder %s could not be queued", key)
                continue
            queued += 1
    return queued


def summit_reminder_cancel(*, registration: Registration) -> int:
    prefix = summit_reminder_prefix(event_id=registration.event_id)
    return messages_cancel(key_prefix=f"{prefix}registration:{registration.pk}:")
