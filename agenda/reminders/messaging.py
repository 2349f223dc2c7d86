"""Session and speaker reminders, queued in the notifications outbox."""

from datetime import timedelta

from agenda.calendars.ics import session_url
from agenda.releases.models import SessionRelease
from events.summit.models import Event
from events.summit.selectors import event_message_scope
from notifications.services import message_enqueue_from_templates
from registrations.registration.messaging import registrant_page_url
from registrations.registration.models import Registration

SESSION_REMINDER_KIND = "agenda.session_reminder"


SPEAKER_REMINDER_KIND = "agenda.speaker_reminder"


def reminder_enqueue(
    *,
    key: str,
    kind: str,
    event: Event,
    registration: Registration,
    snapshot: SessionRelease,
    minutes: int,
    role: str = "",
):
    """Queue a session or speaker reminder at `minutes` before the session starts."""
    template = "session_reminder" if kind == SESSION_REMINDER_KIND else "speaker_reminder"
    return message_enqueue_from_templates(
        dedupe_key=key,
        template_prefix=f"agenda/email/{template}",
        context={
            "registration": registration,
            "event": event,
            "session": snapshot,
            "minutes": minutes,
            "role": role,
            "url": session_url(event, snapshot.session_id),
            "page_url": registrant_page_url(registration),
        },
        language=registration.language,
        recipient=registration.email,
        recipient_name=registration.full_name,
        kind=kind,
        scope=event_message_scope(event),
        scheduled_at=snapshot.starts_at - timedelta(minutes=minutes),
    )
