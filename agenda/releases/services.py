"""Publishing the programme: preview what changed since the last release, then release.

Like pretalx, edits stay in the draft until a programme manager releases a new
numbered version. A release snapshots every session (`SessionRelease`); for
each session it compares the draft with the previous snapshot:

- `new`: not in the previous release;
- `moved`: start or end changed; `room`: another room;
- `cancelled` / `reinstated`: the status changed;
- `details`: anything else (titles, abstract, kind, track, capacity, speakers…).

`SEQUENCE` grows only with `moved`, `room`, `cancelled` or `reinstated`: a typo
fix reaches calendars (new DTSTAMP) without asking anyone to accept the event
again. A cancelled session stays in every later release, so feeds keep it with
STATUS:CANCELLED and calendars remove it. A session cancelled before it was ever
released is never published.
"""

import hashlib
import json
import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from agenda.calendars.tasks import build_feeds
from agenda.programme.errors import AgendaConflict
from agenda.programme.interpretation import interpretation_snapshot
from agenda.programme.models import Session, SessionSpeaker, SessionStatus
from agenda.programme.services import lock_event
from agenda.releases.jobs import release_notices_job
from agenda.releases.models import ScheduleRelease, SessionRelease
from agenda.releases.selectors import current_release
from agenda.reminders.services import reminders_cancel_for_session
from agenda.reminders.tasks import plan_reminders_for_event
from events.audit.services import Actor, audit_record
from events.jobs.tasks import job_enqueue
from events.summit.models import Event
from events.translated.text import TranslatedText

logger = logging.getLogger(__name__)

# Changes that make calendars treat the event as rescheduled (SEQUENCE + 1).
SEQUENCE_CHANGES = ("moved", "room", "cancelled", "reinstated")
CHANGE_ORDER = ("new", "moved", "room", "cancelled", "reinstated", "details")
DETAIL_FIELDS = (
    "title",
    "abstract",
    "kind",
    "track_id",
    "track_slug",
    "track_name",
    "track_colour",
    "capacity",
    "visibility",
    "speakers",
    "floor_language",
    "interpretation",
)
ROOM_DETAIL_FIELDS = ("room_slug", "room_name")


@dataclass
class SessionChange:
    session: Session
    values: dict
    before: SessionRelease | None
    changes: list[str]

    @property
    def bumps_sequence(self) -> bool:
        return any(change in SEQUENCE_CHANGES for change in self.changes)


@dataclass
class ReleasePreview:
    event: Event
    previous: ScheduleRelease | None
    # Every session that the next release publishes, changed or not.
    entries: list[SessionChange] = field(default_factory=list)

    @property
    def changes(self) -> list[SessionChange]:
        return [entry for entry in self.entries if entry.changes]

    @property
    def has_changes(self) -> bool:
        return bool(self.changes)

    @property
    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(CHANGE_ORDER, 0)
        for entry in self.changes:
            for change in entry.changes:
                counts[change] += 1
        return counts

    @property
    def count_items(self) -> list[tuple[list[str], int]]:
        """([kind], count) for each kind of change present, for templates."""
        return [([kind], count) for kind, count in self.counts.items() if count]

    @property
    def next_number(self) -> int:
        return self.previous.number + 1 if self.previous else 1


def snapshot_values(session: Session) -> dict:
    """The released form of a draft session (room, track, speakers, interpretation
    prefetched)."""
    room, track = session.room, session.track
    speakers = [
        {
            "registration": speaker.registration_id,
            "name": speaker.registration.display_name,
            "name_ar": speaker.registration.name_ar,
            "organization": speaker.registration.organization,
            "role": speaker.role,
            "order": speaker.order,
        }
        for speaker in sorted(session.speakers.all(), key=lambda s: (s.order, s.pk))
    ]
    return {
        "session_uid": session.uid,
        "title": session.title.as_dict(),
        "abstract": session.abstract.as_dict(),
        "kind": session.kind,
        "starts_at": session.starts_at,
        "ends_at": session.ends_at,
        "room_id": room.pk if room else None,
        "room_slug": room.slug if room else "",
        "room_name": room.name.as_dict() if room else {},
        "track_id": track.pk if track else None,
        "track_slug": track.slug if track else "",
        "track_name": track.name.as_dict() if track else {},
        "track_colour": track.colour if track else "",
        "status": session.status,
        # Empty (a row written past the services): the event's main language, as they set.
        "floor_language": session.floor_language or session.event.main_language,
        "interpretation": interpretation_snapshot(session),
        "capacity": session.effective_capacity,
        "visibility": session.visibility,
        "speakers": speakers,
    }


def compare(before: SessionRelease | None, values: dict) -> list[str]:
    if before is None:
        return ["new"]
    changes = []
    if before.starts_at != values["starts_at"] or before.ends_at != values["ends_at"]:
        changes.append("moved")
    if before.room_id != values["room_id"]:
        changes.append("room")
    if before.status != values["status"]:
        changes.append("cancelled" if values["status"] == SessionStatus.CANCELLED else "reinstated")
    fields = DETAIL_FIELDS if "room" in changes else DETAIL_FIELDS + ROOM_DETAIL_FIELDS
    if any(getattr(before, name) != values[name] for name in fields):
        changes.append("details")
    return changes


# A snapshot's content is every column but the row's own identity.
DIGEST_EXCLUDED = ("id", "release")


def _digest_value(value):
    # Instants, not their text: the same time reads back from the database in UTC.
    if isinstance(value, datetime):
        return value.timestamp()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, TranslatedText):
        return value.as_dict()
    return value


def release_content_digest(rows: Iterable[SessionRelease]) -> str:
    """A SHA-256 of the snapshots of a release: equal digests, equal published programmes.

    Taken over every column of `SessionRelease` (so a column added later counts
    without being listed here), in session order. The migration that added the
    digest computes it the same way for the releases made before it.
    """
    # By name: a model's field order is not its migrations' field order.
    names = sorted(
        column.attname
        for column in SessionRelease._meta.concrete_fields
        if column.name not in DIGEST_EXCLUDED
    )
    content = [
        [_digest_value(getattr(row, name)) for name in names]
        for row in sorted(rows, key=lambda row: row.session_id)
    ]
    text = json.dumps([names, content], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def release_preview(*, event: Event) -> ReleasePreview:
    """What releasing the draft now would publish and change (no writes)."""
    previous = current_release(event=event)
    before = {}
    if previous is not None:
        before = {snapshot.session_id: snapshot for snapshot in previous.sessions.all()}
    drafts = (
        Session.objects.filter(event=event)
        .select_related("room", "track")
        .prefetch_related(
            Prefetch("speakers", queryset=SessionSpeaker.objects.select_related("registration")),
            "interpretation",
        )
        .order_by("starts_at", "pk")
    )
    preview = ReleasePreview(event=event, previous=previous)
    for session in drafts:
        old = before.get(session.pk)
        if old is None and session.status == SessionStatus.CANCELLED:
            continue
        session.event = event
        values = snapshot_values(session)
        preview.entries.append(
            SessionChange(session=session, values=values, before=old, changes=compare(old, values))
        )
    return preview


def schedule_release(*, event_id: int, actor: Actor, comment: str = "") -> ScheduleRelease:
    """Publish the draft as the next numbered release, and tell those affected.

    Refuses (409) when nothing changed since the current release. Queues one
    change notice per affected person (see `agenda.releases.messaging`), cancels the
    reminders of rescheduled or cancelled sessions (the planner plans the new
    ones), all in the release's transaction.
    """
    with transaction.atomic():
        event = lock_event(event_id)
        preview = release_preview(event=event)
        if not preview.has_changes:
            raise AgendaConflict(
                _("Nothing has changed since version %(number)s.")
                % {"number": preview.previous.number if preview.previous else 0},
                code="nothing_to_release",
            )
        # Whole seconds: DTSTAMP and Last-Modified carry no fractions.
        now = timezone.now().replace(microsecond=0)
        rows = []
        for entry in preview.entries:
            old = entry.before
            sequence = old.sequence if old else 0
            if old is not None and entry.bumps_sequence:
                sequence += 1
            rows.append(
                SessionRelease(
                    session=entry.session,
                    sequence=sequence,
                    last_modified_at=now if entry.changes else old.last_modified_at,
                    changes=entry.changes,
                    **entry.values,
                )
            )
        ScheduleRelease.objects.filter(event=event, is_current=True).update(is_current=False)
        release = ScheduleRelease.objects.create(
            event=event,
            number=preview.next_number,
            released_at=now,
            released_by=actor.user,
            released_by_label=actor.label[:150],
            comment=comment,
            is_current=True,
            content_digest=release_content_digest(rows),
        )
        for row in rows:
            row.release = release
        SessionRelease.objects.bulk_create(rows)
        audit_record(
            event=event,
            actor=actor,
            action="agenda.released",
            obj=release,
            reason=comment,
            data={"number": release.number, "changes": preview.counts},
        )
        after = {row.session_id: row for row in rows}
        rescheduled = [
            (entry.before, after[entry.session.pk], entry.changes)
            for entry in preview.changes
            if entry.before is not None and entry.bumps_sequence
        ]
        for _before, row, _changes in rescheduled:
            reminders_cancel_for_session(session_id=row.session_id)
        release.notices_job = None
        if rescheduled:
            release.notices_job = job_enqueue(
                release_notices_job(release=release, rescheduled=rescheduled, actor=actor)
            )
    _plan_after_commit(event.pk)
    return release


def _plan_after_commit(event_id: int) -> None:
    """Plan the new reminders and build the feeds now, not at the first request or beat."""
    for task in (plan_reminders_for_event, build_feeds):
        try:
            task.delay_on_commit(event_id)
        except Exception:
            # The beat job plans reminders anyway and a request builds a missing
            # feed: the release stands.
            logger.warning("Could not queue %s for event %s", task.name, event_id, exc_info=True)
