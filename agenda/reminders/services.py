"""Planning session and speaker reminders into the notifications outbox.

Reminders are outbox rows with a future `scheduled_at`, never Celery ETA tasks
(long ETAs are redelivered by Redis, see the notifications issue). The beat job
`agenda.plan_reminders` runs `reminders_plan()` every minute; it is idempotent:

- Every reminder has a dedupe key naming the session, the person, the session's
  release SEQUENCE and the offset, e.g. `reminder:session:42:registration:7:v3:30m`
  (session reminder) or `reminder:session:42:speaker:9:v3:60m` (speaker
  reminder). Planning the same reminder twice finds the existing row.
- A release that moves, re-rooms or cancels a session bumps its SEQUENCE and
  cancels every planned reminder of that session (`reminder:session:42:`); the
  next planning run plans the new version's reminders. The old key is never
  planned again, so the old reminder never goes out.
- Each run also cancels queued reminders it would no longer plan: a session
  removed from a personal agenda, a registration no longer approved, a changed
  offset, a session that has already started (a late reminder is noise).

Horizon: only reminders whose send time is within the next
`AGENDA_REMINDER_HORIZON_HOURS` (48 by default) are planned. Messages are
rendered when queued, so planning late keeps names, rooms and the recipient's
language current and keeps the outbox small; nothing is lost, because the job
runs every minute and a reminder is planned up to two days before it is due.

Who gets what: session reminders (Event.session_reminder_minutes before) go to
approved registrants with the session in their personal agenda; speaker
reminders (Event.speaker_reminder_minutes before) to the approved speakers,
moderators and chairs of the session, who then get no session reminder for it.
Cancelled sessions and registrations that are not approved get nothing. An offset
of 0 turns that kind of reminder off.

One row never stops the rest: each reminder is queued in a savepoint of its own
and each event's programme planned on its own, so an error in one is logged and
reported (`PlanReport.failed`) and the next run tries it again. A recipient whose
address the outbox cannot use gets a `failed` message, counted in
`PlanReport.messages_failed`, as every other message would.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from agenda.bilaterals.messaging import BILATERAL_REMINDER_KIND, bilateral_reminder_enqueue
from agenda.bilaterals.models import BilateralMeeting, BilateralStatus
from agenda.personal.models import PersonalAgendaItem
from agenda.programme.models import SessionStatus
from agenda.releases.models import ScheduleRelease, SessionRelease
from agenda.reminders.messaging import (
    SESSION_REMINDER_KIND,
    SPEAKER_REMINDER_KIND,
    reminder_enqueue,
)
from events.summit.models import Event
from events.summit.selectors import event_message_scope
from notifications.models import Message
from notifications.models import Status as MessageStatus
from notifications.selectors import messages_in_scope
from notifications.services import messages_cancel
from registrations.registration.models import Registration
from registrations.registration.models import Status as RegistrationStatus

logger = logging.getLogger(__name__)

# Sessions per query when reading the outbox's reminder rows.
SESSION_CHUNK = 100


@dataclass
class PlanReport:
    planned: int = 0
    cancelled: int = 0
    kept: int = 0
    # Planned, but the message failed at once (an address the outbox cannot use).
    messages_failed: int = 0
    # dedupe key (or "event:<id>") → what went wrong; tried again on the next run.
    failed: dict[str, str] = field(default_factory=dict)


def _plan_one(report: PlanReport, key: str, enqueue: Callable[[], Message]) -> None:
    """Queue one reminder in a savepoint of its own: its error is reported, not raised."""
    try:
        with transaction.atomic():
            message = enqueue()
    except Exception as error:
        logger.exception("Reminder %s could not be planned", key)
        report.failed[key] = type(error).__name__
        return
    report.planned += 1
    if message.status == MessageStatus.FAILED:
        report.messages_failed += 1


@dataclass(frozen=True)
class _Wanted:
    kind: str
    registration_id: int
    snapshot: SessionRelease
    minutes: int
    role: str = ""


def session_reminder_key(*, session_id: int, registration_id: int, sequence: int, minutes: int):
    return f"reminder:session:{session_id}:registration:{registration_id}:v{sequence}:{minutes}m"


def speaker_reminder_key(*, session_id: int, registration_id: int, sequence: int, minutes: int):
    return f"reminder:session:{session_id}:speaker:{registration_id}:v{sequence}:{minutes}m"


def reminders_cancel_for_session(*, session_id: int) -> int:
    """Cancel every planned reminder of a session (all people, all versions)."""
    return messages_cancel(key_prefix=f"reminder:session:{session_id}:")


def reminders_cancel_for_attendee(*, session_id: int, registration_id: int) -> int:
    """Cancel a registrant's planned session reminders for one session."""
    return messages_cancel(
        key_prefix=f"reminder:session:{session_id}:registration:{registration_id}:"
    )


def reminders_plan(*, now: datetime | None = None, event_id: int | None = None) -> PlanReport:
    """Plan due-soon reminders of every event with a released programme (or of one)."""
    now = now or timezone.now()
    horizon = timedelta(hours=settings.AGENDA_REMINDER_HORIZON_HOURS)
    releases = ScheduleRelease.objects.filter(is_current=True).select_related("event")
    if event_id is not None:
        releases = releases.filter(event_id=event_id)
    report = PlanReport()
    for release in releases:
        try:
            _plan_release(release, now=now, horizon=horizon, report=report)
        except Exception as error:
            # One event's programme must not stop the other events' reminders.
            logger.exception("Reminders of event %s could not be planned", release.event_id)
            report.failed[f"event:{release.event_id}"] = type(error).__name__
    _plan_bilaterals(now=now, horizon=horizon, event_id=event_id, report=report)
    if report.planned or report.cancelled or report.failed:
        logger.info("Reminder planning: %s", report)
    return report


def _wanted(release: ScheduleRelease, *, now: datetime, horizon: timedelta) -> dict:
    event = release.event
    session_minutes = event.session_reminder_minutes
    speaker_minutes = event.speaker_reminder_minutes
    longest = max(session_minutes, speaker_minutes)
    if not longest:
        return {}
    snapshots = {
        snapshot.session_id: snapshot
        for snapshot in release.sessions.filter(
            status=SessionStatus.CONFIRMED,
            starts_at__gt=now,
            starts_at__lte=now + horizon + timedelta(minutes=longest),
        )
    }
    wanted: dict[str, _Wanted] = {}

    def due_soon(snapshot: SessionRelease, minutes: int) -> bool:
        return snapshot.starts_at - timedelta(minutes=minutes) <= now + horizon

    if speaker_minutes:
        for snapshot in snapshots.values():
            if not due_soon(snapshot, speaker_minutes):
                continue
            for speaker in snapshot.speakers:
                key = speaker_reminder_key(
                    session_id=snapshot.session_id,
                    registration_id=speaker["registration"],
                    sequence=snapshot.sequence,
                    minutes=speaker_minutes,
                )
                wanted[key] = _Wanted(
                    SPEAKER_REMINDER_KIND,
                    speaker["registration"],
                    snapshot,
                    speaker_minutes,
                    speaker["role"],
                )
    if session_minutes:
        soon = [s.session_id for s in snapshots.values() if due_soon(s, session_minutes)]
        items = PersonalAgendaItem.objects.filter(
            session_id__in=soon, registration__status=RegistrationStatus.APPROVED
        ).values_list("registration_id", "session_id")
        for registration_id, session_id in items:
            snapshot = snapshots[session_id]
            if speaker_minutes and registration_id in snapshot.speaker_ids:
                continue
            key = session_reminder_key(
                session_id=session_id,
                registration_id=registration_id,
                sequence=snapshot.sequence,
                minutes=session_minutes,
            )
            wanted[key] = _Wanted(SESSION_REMINDER_KIND, registration_id, snapshot, session_minutes)
    return wanted


def _plan_release(
    release: ScheduleRelease, *, now: datetime, horizon: timedelta, report: PlanReport
) -> None:
    event = release.event
    scope = event_message_scope(event)
    wanted = _wanted(release, now=now, horizon=horizon)
    approved = Registration.objects.filter(
        event=event,
        status=RegistrationStatus.APPROVED,
        pk__in={entry.registration_id for entry in wanted.values()},
    ).in_bulk()
    wanted = {key: entry for key, entry in wanted.items() if entry.registration_id in approved}

    kinds = [SESSION_REMINDER_KIND, SPEAKER_REMINDER_KIND]
    queued = set(
        messages_in_scope(scope=scope, status="queued")
        .filter(kind__in=kinds)
        .values_list("dedupe_key", flat=True)
    )
    for key in sorted(queued):
        base = key if key.endswith("m") else key.rpartition(":")[0]
        if base not in wanted:
            # At most one row per reminder is ever queued, and messages_cancel
            # touches queued rows only: as a prefix, the key matches just its row.
            report.cancelled += messages_cancel(key_prefix=key)

    # Every reminder row of these sessions, whatever its state: a wanted reminder
    # already queued, sent or failed is kept; one whose rows are all cancelled
    # (a session removed from an agenda, then added back) is planned again under
    # a new key, `<key>:2`, `<key>:3`…
    states: dict[str, list[tuple[str, str]]] = {}
    session_ids = sorted({entry.snapshot.session_id for entry in wanted.values()})
    for start in range(0, len(session_ids), SESSION_CHUNK):
        prefixes = Q()
        for session_id in session_ids[start : start + SESSION_CHUNK]:
            prefixes |= Q(dedupe_key__startswith=f"reminder:session:{session_id}:")
        rows = (
            messages_in_scope(scope=scope)
            .filter(kind__in=kinds)
            .filter(prefixes)
            .values_list("dedupe_key", "status")
        )
        for key, status in rows:
            base = key if key.endswith("m") else key.rpartition(":")[0]
            states.setdefault(base, []).append((key, status))
    for key in sorted(wanted):
        rows = states.get(key, [])
        if any(status != "cancelled" for _key, status in rows):
            report.kept += 1
            continue
        entry = wanted[key]
        _plan_one(
            report,
            key,
            lambda key=key, entry=entry, rows=rows: reminder_enqueue(
                key=f"{key}:{len(rows) + 1}" if rows else key,
                kind=entry.kind,
                event=event,
                registration=approved[entry.registration_id],
                snapshot=entry.snapshot,
                minutes=entry.minutes,
                role=entry.role,
            ),
        )


# --- Bilateral meetings --------------------------------------------------------------------
#
# The heads of both delegations of a confirmed meeting get a reminder
# Event.session_reminder_minutes before it, keyed like session reminders:
# `reminder:bilateral:<meeting>:registration:<head>:v<sequence>:<minutes>m`. Moving,
# re-rooming or cancelling the meeting bumps its SEQUENCE and cancels its planned
# reminders (`reminders_cancel_for_bilateral`); the next run plans the new version.


def bilateral_reminder_key(*, meeting_id: int, registration_id: int, sequence: int, minutes: int):
    return f"reminder:bilateral:{meeting_id}:registration:{registration_id}:v{sequence}:{minutes}m"


def reminders_cancel_for_bilateral(*, meeting_id: int) -> int:
    """Cancel every planned reminder of a bilateral meeting (both heads, all versions)."""
    return messages_cancel(key_prefix=f"reminder:bilateral:{meeting_id}:")


def _plan_bilaterals(
    *, now: datetime, horizon: timedelta, event_id: int | None, report: PlanReport
) -> None:
    events = Event.objects.filter(
        bilaterals__status=BilateralStatus.CONFIRMED, bilaterals__starts_at__gt=now
    ).distinct()
    if event_id is not None:
        events = events.filter(pk=event_id)
    for event in events:
        try:
            _plan_event_bilaterals(event, now=now, horizon=horizon, report=report)
        except Exception as error:
            logger.exception("Bilateral reminders of event %s could not be planned", event.pk)
            report.failed[f"event:{event.pk}:bilaterals"] = type(error).__name__


def _plan_event_bilaterals(
    event: Event, *, now: datetime, horizon: timedelta, report: PlanReport
) -> None:
    minutes = event.session_reminder_minutes
    scope = event_message_scope(event)
    wanted = {}
    if minutes:
        meetings = BilateralMeeting.objects.filter(
            event=event,
            status=BilateralStatus.CONFIRMED,
            starts_at__gt=now,
            starts_at__lte=now + horizon + timedelta(minutes=minutes),
        ).select_related("event", "room", "requester__head", "counterpart__head")
        for meeting in meetings:
            for delegation in (meeting.requester, meeting.counterpart):
                head = delegation.head
                if head is None or head.status != RegistrationStatus.APPROVED:
                    continue
                key = bilateral_reminder_key(
                    meeting_id=meeting.pk,
                    registration_id=head.pk,
                    sequence=meeting.sequence,
                    minutes=minutes,
                )
                wanted[key] = (meeting, delegation, head)
    rows = (
        messages_in_scope(scope=scope)
        .filter(kind=BILATERAL_REMINDER_KIND)
        .values_list("dedupe_key", "status")
    )
    states: dict[str, list[str]] = {}
    for key, status in rows:
        base = key if key.endswith("m") else key.rpartition(":")[0]
        if status == "queued" and base not in wanted:
            # A new head, a changed offset: this reminder is no longer wanted.
            report.cancelled += messages_cancel(key_prefix=key)
            status = "cancelled"
        states.setdefault(base, []).append(status)
    for key in sorted(wanted):
        statuses = states.get(key, [])
        if any(status != "cancelled" for status in statuses):
            report.kept += 1
            continue
        meeting, delegation, head = wanted[key]
        _plan_one(
            report,
            key,
            lambda key=key, statuses=statuses, meeting=meeting, delegation=delegation, head=head: (
                bilateral_reminder_enqueue(
                    key=f"{key}:{len(statuses) + 1}" if statuses else key,
                    meeting=meeting,
                    delegation=delegation,
                    registration=head,
                    minutes=minutes,
                )
            ),
        )
