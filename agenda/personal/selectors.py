"""Reads of personal agendas: chosen sessions, places taken, invitations."""

from collections import Counter
from collections.abc import Iterable

from agenda.personal.models import PersonalAgendaChange, PersonalAgendaItem
from agenda.programme.models import (
    Session,
    SessionInvitation,
    SessionSpeaker,
    Visibility,
)
from agenda.releases.models import SessionRelease
from agenda.releases.selectors import Schedule
from registrations.registration.models import Registration
from registrations.registration.models import Status as RegistrationStatus

# Registrations that may keep a personal agenda and hear about its changes.
ACTIVE_REGISTRATION = (
    RegistrationStatus.PENDING,
    RegistrationStatus.APPROVED,
    RegistrationStatus.WAITLISTED,
)


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
