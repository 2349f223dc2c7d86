"""Messages of the agenda, queued in the notifications outbox.

- A schedule change notice: one per affected person and release, listing every
  change of that release that concerns them (never one message per edit).
- Session and speaker reminders, planned by `services.reminders`.

Templates live in templates/agenda/email/ and are rendered in the recipient's
language.
"""

from collections import defaultdict
from datetime import timedelta

from django.conf import settings

from agenda.ics import invitation_ics, session_url
from agenda.models import PersonalAgendaItem, ScheduleRelease, SessionRelease
from agenda.selectors import ACTIVE_REGISTRATION
from events.models import Event
from events.selectors import event_message_scope
from notifications.models import Message
from notifications.services import Attachment, message_enqueue_from_templates
from registrations.registration.models import Registration

CHANGE_KIND = "agenda.schedule_change"
SESSION_REMINDER_KIND = "agenda.session_reminder"
SPEAKER_REMINDER_KIND = "agenda.speaker_reminder"


def registrant_page_url(registration: Registration) -> str:
    return settings.SITE_URL.rstrip("/") + registration.get_absolute_url()


def change_notice_key(release: ScheduleRelease, registration_id: int) -> str:
    return f"agenda:release:{release.pk}:registration:{registration_id}"


def release_notices_queue(
    *,
    release: ScheduleRelease,
    rescheduled: list[tuple[SessionRelease, SessionRelease, list[str]]],
) -> int:
    """Queue one change notice per person affected by the rescheduled sessions.

    Affected: active registrants with the session in their personal agenda, and
    the session's speakers (before or after the change). Each notice lists all
    of that person's changes and carries .ics attachments: METHOD:REQUEST for
    the sessions that moved or changed room, METHOD:CANCEL for those cancelled.
    Returns how many notices were queued.
    """
    if not rescheduled:
        return 0
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
    queued = 0
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
        _enqueue_change_notice(release, registration, changes)
        queued += 1
    return queued


def _enqueue_change_notice(
    release: ScheduleRelease, registration: Registration, changes
) -> Message:
    event = release.event
    updated = [change["after"] for change in changes if not change["after"].is_cancelled]
    cancelled = [change["after"] for change in changes if change["after"].is_cancelled]
    attachments = []
    for method, sessions, filename in (
        ("REQUEST", updated, "updated-sessions.ics"),
        ("CANCEL", cancelled, "cancelled-sessions.ics"),
    ):
        if sessions:
            content = invitation_ics(
                event=event,
                sessions=sessions,
                method=method,
                attendee_email=registration.email,
                attendee_name=registration.full_name,
                language=registration.language,
            )
            attachments.append(
                Attachment(filename, content, f"text/calendar; method={method}; charset=utf-8")
            )
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


# --- Bilateral meetings ------------------------------------------------------------------

BILATERAL_KIND = "agenda.bilateral"
BILATERAL_REMINDER_KIND = "agenda.bilateral_reminder"


def delegation_bilaterals_url(delegation) -> str:
    from django.urls import reverse

    path = reverse("agenda:delegation-bilaterals", kwargs={"token": delegation.secret_token})
    return settings.SITE_URL.rstrip("/") + path


def bilateral_notice_enqueue(*, meeting, step: str, delegation, note: str = "") -> Message | None:
    """Tell a delegation's head about a step of a bilateral meeting (nothing without a head).

    `step` is one of requested, counter_proposed, confirmed, declined, cancelled,
    moved, room. Confirmations, moves and room changes carry the meeting as an
    iTIP METHOD:REQUEST attachment, cancellations of a confirmed meeting as
    METHOD:CANCEL, so the head's calendar follows (same UID, higher SEQUENCE).
    """
    from agenda.ics import bilateral_invitation_ics

    head = delegation.head
    if head is None or not head.email:
        return None
    event = meeting.event
    attachments = []
    if meeting.starts_at is not None and step in {"confirmed", "moved", "room", "cancelled"}:
        method = "CANCEL" if meeting.is_cancelled else "REQUEST"
        content = bilateral_invitation_ics(
            event=event,
            meeting=meeting,
            method=method,
            attendee_email=head.email,
            attendee_name=head.full_name,
            language=head.language,
        )
        attachments.append(
            Attachment(
                "bilateral-meeting.ics", content, f"text/calendar; method={method}; charset=utf-8"
            )
        )
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
