"""Schedule change notices, queued in the notifications outbox.

One per affected person and release, listing every change of that release that
concerns them (never one message per edit). Reminders are agenda/reminders/messaging.py,
bilateral notices agenda/bilaterals/messaging.py.

Templates live in templates/agenda/email/ and are rendered in the recipient's
language.
"""

from collections import defaultdict

from agenda.calendars.exporters import SessionInvitationExporter
from agenda.calendars.ics import session_url
from agenda.personal.models import PersonalAgendaItem
from agenda.personal.selectors import ACTIVE_REGISTRATION
from agenda.releases.models import ScheduleRelease, SessionRelease
from events.summit.selectors import event_message_scope
from notifications.models import Message
from notifications.models import Status as MessageStatus
from notifications.services import message_enqueue_from_templates
from registrations.registration.messaging import registrant_page_url
from registrations.registration.models import Registration

CHANGE_KIND = "agenda.schedule_change"


def change_notice_key(release: ScheduleRelease, registration_id: int) -> str:
    return f"agenda:release:{release.pk}:registration:{registration_id}"


def release_notices_queue(
    *,
    release: ScheduleRelease,
    rescheduled: list[tuple[SessionRelease, SessionRelease, list[str]]],
    on_recipient=None,
) -> list[dict]:
    """Queue one change notice per person affected by the rescheduled sessions.

    Affected: active registrants with the session in their personal agenda, and
    the session's speakers (before or after the change). Each notice lists all
    of that person's changes and carries .ics attachments: METHOD:REQUEST for
    the sessions that moved or changed room, METHOD:CANCEL for those cancelled.
    Returns one outcome per recipient: `queued`, or `failed` with the reason (an
    address the outbox cannot use, recorded as a failed message); `on_recipient()`
    is called after each (a job's progress).
    """
    if not rescheduled:
        return []
    event = release.event
    by_session = {
        after.session_id: (before, after, changes) for before, after, changes in rescheduled
    }
    concerned: dict[int, set[int]] = defaultdict(set)
    roles: dict[tuple[int, int], str] = {}
    items = PersonalAgendaItem.objects.filter(
        session_id__in=list(by_session), registration__status__in=ACTIVE_REGISTRATION
    ).values_list("registration_id", "session_id")
    for registration_id, session_id in items:
        concerned[registration_id].add(session_id)
    for before, after, _changes in rescheduled:
        for speaker in [*before.speakers, *after.speakers]:
            concerned[speaker["registration"]].add(after.session_id)
            roles.setdefault((speaker["registration"], after.session_id), speaker["role"])
    registrations = Registration.objects.filter(
        pk__in=list(concerned), event=event, status__in=ACTIVE_REGISTRATION
    ).order_by("pk")
    outcomes = []
    for registration in registrations:
        entries = sorted(
            (by_session[session_id] for session_id in concerned[registration.pk]),
            key=lambda entry: (entry[1].starts_at, entry[1].session_id),
        )
        changes = [
            {
                "before": before,
                "after": after,
                "moved": "moved" in kinds,
                "room": "room" in kinds,
                "cancelled": "cancelled" in kinds,
                "reinstated": "reinstated" in kinds,
                "role": roles.get((registration.pk, after.session_id), ""),
                "url": session_url(event, after.session_id),
            }
            for before, after, kinds in entries
        ]
        message = _enqueue_change_notice(release, registration, changes)
        outcome = {"reference": registration.reference, "name": registration.full_name}
        if message.status == MessageStatus.FAILED:
            outcome |= {
                "outcome": "failed",
                "error": str(message.get_error_reason_display() or message.last_error),
            }
        else:
            outcome["outcome"] = "queued"
        outcomes.append(outcome)
        if on_recipient is not None:
            on_recipient()
    return outcomes


def _enqueue_change_notice(
    release: ScheduleRelease, registration: Registration, changes
) -> Message:
    event = release.event
    updated = [change["after"] for change in changes if not change["after"].is_cancelled]
    cancelled = [change["after"] for change in changes if change["after"].is_cancelled]
    attachments = [
        SessionInvitationExporter(
            event,
            sessions=sessions,
            method=method,
            attendee_email=registration.email,
            attendee_name=registration.full_name,
            language=registration.language,
        ).attachment()
        for method, sessions in (("REQUEST", updated), ("CANCEL", cancelled))
        if sessions
    ]
    return message_enqueue_from_templates(
        dedupe_key=change_notice_key(release, registration.pk),
        template_prefix="agenda/email/schedule_change",
        context={
            "registration": registration,
            "event": event,
            "release": release,
            "changes": changes,
            "page_url": registrant_page_url(registration),
        },
        language=registration.language,
        recipient=registration.email,
        recipient_name=registration.full_name,
        kind=CHANGE_KIND,
        scope=event_message_scope(event),
        attachments=attachments,
    )
