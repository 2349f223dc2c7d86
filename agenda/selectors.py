"""Reads of the agenda. Public reads go through the current release only."""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q, QuerySet

from agenda.models import (
    BilateralMeeting,
    BilateralStatus,
    PersonalAgendaChange,
    PersonalAgendaItem,
    Room,
    ScheduleRelease,
    Session,
    SessionInvitation,
    SessionRelease,
    SessionSpeaker,
    SessionStatus,
    SpeakerProfile,
    Track,
    Visibility,
)
from events.models import Event
from registrations.registration.models import Registration
from registrations.registration.models import Status as RegistrationStatus

# Registrations that may keep a personal agenda and hear about its changes.
ACTIVE_REGISTRATION = (
    RegistrationStatus.PENDING,
    RegistrationStatus.APPROVED,
    RegistrationStatus.WAITLISTED,
)


def current_release(*, event: Event) -> ScheduleRelease | None:
    return ScheduleRelease.objects.filter(event=event, is_current=True).first()


def release_sessions(*, release: ScheduleRelease | None) -> list[SessionRelease]:
    """Every session of a release (cancelled ones included), by start: one query."""
    if release is None:
        return []
    return list(release.sessions.order_by("starts_at", "room_name_en", "session_id"))


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
) -> list[SessionRelease]:
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
        result.append(snapshot)
    return result


def rooms_and_tracks(*, event: Event) -> tuple[QuerySet[Room], QuerySet[Track]]:
    return Room.objects.filter(event=event), Track.objects.filter(event=event)


# --- Personal agendas -------------------------------------------------------------


def personal_session_ids(*, registration: Registration) -> set[int]:
    return set(
        PersonalAgendaItem.objects.filter(registration=registration).values_list(
            "session_id", flat=True
        )
    )


def personal_sessions(
    *, registration: Registration, schedule: Schedule
) -> tuple[list[SessionRelease], list[SessionRelease]]:
    """(chosen sessions, sessions where the registrant speaks) of the released programme."""
    chosen_ids = personal_session_ids(registration=registration)
    chosen = [s for s in schedule.sessions if s.session_id in chosen_ids]
    speaking = [s for s in schedule.sessions if registration.pk in s.speaker_ids]
    return chosen, speaking


def personal_agenda_changed_at(*, registration: Registration):
    """When the registrant last added or removed a session (None: never)."""
    return (
        PersonalAgendaChange.objects.filter(registration=registration)
        .values_list("changed_at", flat=True)
        .first()
    )


def personal_feed_sessions(*, registration: Registration, schedule: Schedule):
    """Chosen and speaking sessions together, once each, by start."""
    chosen, speaking = personal_sessions(registration=registration, schedule=schedule)
    ids = {s.session_id for s in chosen} | {s.session_id for s in speaking}
    return [s for s in schedule.sessions if s.session_id in ids]


def places_taken(*, session_ids: Iterable[int]) -> Counter:
    """Personal agendas of active registrations holding each session: one query."""
    rows = PersonalAgendaItem.objects.filter(
        session_id__in=list(session_ids), registration__status__in=ACTIVE_REGISTRATION
    ).values_list("session_id", flat=True)
    return Counter(rows)


def invited_session_ids(*, registration: Registration, session_ids: Iterable[int]) -> set[int]:
    """Of these sessions, those the registrant may attend if invitation-only.

    Invited: by name (`SessionInvitation`), through their registration category
    (`Session.invited_categories`), or as one of the session's own speakers.
    """
    session_ids = list(session_ids)
    personal = SessionInvitation.objects.filter(
        registration=registration, session_id__in=session_ids
    ).values_list("session_id", flat=True)
    by_category = Session.objects.filter(
        pk__in=session_ids, invited_categories=registration.category_id
    ).values_list("pk", flat=True)
    speaking = SessionSpeaker.objects.filter(
        registration=registration, session_id__in=session_ids
    ).values_list("session_id", flat=True)
    return set(personal) | set(by_category) | set(speaking)


def may_attend(snapshot: SessionRelease, invited: set[int]) -> bool:
    return snapshot.visibility == Visibility.PUBLIC or snapshot.session_id in invited


# --- Speakers -----------------------------------------------------------------


def speaker_profiles(*, registration_ids: Iterable[int]) -> dict[int, SpeakerProfile]:
    return {
        profile.registration_id: profile
        for profile in SpeakerProfile.objects.filter(registration_id__in=list(registration_ids))
    }


def speaker_registration(*, event: Event, registration_id: int) -> Registration | None:
    return Registration.objects.filter(event=event, pk=registration_id).first()


# --- The draft (organizers) ------------------------------------------------------------


def draft_sessions(*, event: Event) -> QuerySet[Session]:
    return (
        Session.objects.filter(event=event)
        .select_related("room", "track")
        .prefetch_related("speakers__registration")
        .order_by("starts_at", "room__position", "pk")
    )


def releases_of(*, event: Event) -> QuerySet[ScheduleRelease]:
    return ScheduleRelease.objects.filter(event=event).order_by("-number")


def registrations_for_speaking(*, event: Event, search: str = "") -> QuerySet[Registration]:
    queryset = Registration.objects.filter(event=event).filter(
        Q(category__slug="speaker") | Q(status=RegistrationStatus.APPROVED)
    )
    queryset = queryset.exclude(
        status__in=[
            RegistrationStatus.REJECTED,
            RegistrationStatus.CANCELLED,
            RegistrationStatus.REVOKED,
        ]
    )
    if search:
        queryset = queryset.filter(Q(reference__iexact=search) | Q(last_name__icontains=search))
    return queryset.select_related("category").order_by("last_name", "first_name")


def confirmed(sessions: Iterable[SessionRelease]) -> list[SessionRelease]:
    return [s for s in sessions if s.status == SessionStatus.CONFIRMED]


# --- Bilateral meetings -----------------------------------------------------------------


def _bilaterals():
    return BilateralMeeting.objects.select_related(
        "event", "requester", "counterpart", "requester__head", "counterpart__head", "room"
    ).prefetch_related("slots")


def bilaterals_of_delegation(*, delegation):
    """Every meeting the delegation asked for or was asked for, soonest first."""
    return (
        _bilaterals()
        .filter(Q(requester=delegation) | Q(counterpart=delegation))
        .order_by("-updated_at", "-pk")
    )


def bilateral_of_delegation(*, delegation, meeting_id):
    """One of the delegation's meetings; None when it is not theirs (or does not exist)."""
    try:
        meeting_id = int(meeting_id)
    except (TypeError, ValueError):
        return None
    return bilaterals_of_delegation(delegation=delegation).filter(pk=meeting_id).first()


def bilaterals_of_event(*, event, status: str = ""):
    queryset = _bilaterals().filter(event=event)
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("starts_at", "pk")


def bilateral_of_event(*, event, meeting_id):
    try:
        meeting_id = int(meeting_id)
    except (TypeError, ValueError):
        return None
    return _bilaterals().filter(event=event, pk=meeting_id).first()


def personal_bilaterals(*, registration: Registration) -> list:
    """The bilateral meetings in a registrant's calendar feed.

    Approved members of either delegation (the head included) see the meetings
    once confirmed, and keep them as STATUS:CANCELLED after a cancellation so
    that calendars drop them. Requests that were never confirmed stay out.
    """
    delegation_id = registration.delegation_id
    if delegation_id is None or registration.status != RegistrationStatus.APPROVED:
        return []
    return list(
        _bilaterals()
        .filter(Q(requester_id=delegation_id) | Q(counterpart_id=delegation_id))
        .filter(
            Q(status=BilateralStatus.CONFIRMED)
            | Q(status=BilateralStatus.CANCELLED, starts_at__isnull=False)
        )
        .order_by("starts_at", "pk")
    )
