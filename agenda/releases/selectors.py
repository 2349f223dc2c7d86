"""Reads of the released programme: the current release, its sessions, the releases.

Public reads go through the current release only.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import QuerySet
from django.db.models.fields.json import KT

from agenda.programme.interpretation import interpretation_language_name
from agenda.programme.models import SessionStatus
from agenda.releases.models import ScheduleRelease, SessionRelease
from events.summit.models import Event


def current_release(*, event: Event) -> ScheduleRelease | None:
    return ScheduleRelease.objects.filter(event=event, is_current=True).first()


def release_sessions(*, release: ScheduleRelease | None) -> list[SessionRelease]:
    """Every session of a release (cancelled ones included), by start: one query."""
    if release is None:
        return []
    return list(release.sessions.order_by("starts_at", KT("room_name__en"), "session_id"))


@dataclass
class Schedule:
    """An event's released programme, read once per request."""

    event: Event
    release: ScheduleRelease | None
    sessions: list[SessionRelease] = field(default_factory=list)

    @property
    def last_modified(self):
        return max((s.last_modified_at for s in self.sessions), default=None)

    def days(self) -> list[date]:
        zone = self.event.tzinfo
        return sorted({s.starts_at.astimezone(zone).date() for s in self.sessions})

    def by_id(self) -> dict[int, SessionRelease]:
        return {s.session_id: s for s in self.sessions}

    def languages(self) -> list[tuple[str, str]]:
        """(code, name) of every language one can follow a session in, by name."""
        codes = set()
        for snapshot in self.sessions:
            if snapshot.interpretation:
                codes |= snapshot.languages
        return sorted(
            ((code, interpretation_language_name(code)) for code in codes),
            key=lambda item: item[1].casefold(),
        )

    def speakers(self) -> list[dict]:
        """Everyone who speaks in a released, not cancelled session, once, by name."""
        seen = {}
        for snapshot in self.sessions:
            if snapshot.is_cancelled:
                continue
            for speaker in snapshot.speakers:
                seen.setdefault(speaker["registration"], speaker)
        return sorted(seen.values(), key=lambda speaker: speaker["name"].lower())


def schedule_get(*, event: Event) -> Schedule:
    release = current_release(event=event)
    return Schedule(event=event, release=release, sessions=release_sessions(release=release))


def released_session(*, event: Event, session_id: int) -> SessionRelease | None:
    return (
        SessionRelease.objects.select_related("release")
        .filter(release__event=event, release__is_current=True, session_id=session_id)
        .first()
    )


def sessions_filter(
    sessions: Iterable[SessionRelease],
    *,
    event: Event,
    day: date | None = None,
    track: str = "",
    room: str = "",
    kind: str = "",
    speaker: int | None = None,
    interpretation: str = "",
) -> list[SessionRelease]:
    """The sessions matching every filter given. `interpretation` is a language: the
    sessions one can follow in it, spoken on the floor or interpreted into it (a
    French speaker looking for "French" wants both)."""
    zone = event.tzinfo
    result = []
    for snapshot in sessions:
        if day and snapshot.starts_at.astimezone(zone).date() != day:
            continue
        if track and snapshot.track_slug != track:
            continue
        if room and snapshot.room_slug != room:
            continue
        if kind and snapshot.kind != kind:
            continue
        if speaker and speaker not in snapshot.speaker_ids:
            continue
        if interpretation and interpretation not in snapshot.languages:
            continue
        result.append(snapshot)
    return result


def releases_of(*, event: Event) -> QuerySet[ScheduleRelease]:
    return ScheduleRelease.objects.filter(event=event).order_by("-number")


def confirmed(sessions: Iterable[SessionRelease]) -> list[SessionRelease]:
    return [s for s in sessions if s.status == SessionStatus.CONFIRMED]
