"""A registrant's personal agenda: the released sessions they plan to attend.

Rules: the registration is active (pending, approved or waitlisted); the session
is in the current release and not cancelled; an invitation-only session only
for registrants invited by name, through their category, or speaking in it; a
session with a capacity (its own, else its room's) takes no more agendas than
it has places. The capacity check locks the session row, so two registrants
cannot both take its last place.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agenda.personal.models import PersonalAgendaChange, PersonalAgendaItem
from agenda.personal.selectors import (
    ACTIVE_REGISTRATION,
    invited_session_ids,
    may_attend,
    places_taken,
)
from agenda.programme.errors import AgendaConflict, AgendaError, AgendaForbidden
from agenda.programme.models import Session, SessionStatus
from agenda.releases.selectors import released_session
from agenda.reminders.services import reminders_cancel_for_attendee
from registrations.registration.models import Registration


def _unknown_session() -> AgendaError:
    return AgendaError(
        _("There is no session with this number in the programme."),
        field="session",
        code="unknown_session",
    )


def _session_id(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError) as error:
        raise _unknown_session() from error


def personal_agenda_add(*, registration: Registration, session_id) -> PersonalAgendaItem:
    """Add a released session to the registrant's agenda (idempotent)."""
    session_id = _session_id(session_id)
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update(of=("self",))
            .select_related("event", "category")
            .get(pk=registration.pk)
        )
        if registration.status not in ACTIVE_REGISTRATION:
            raise AgendaConflict(
                _("Your registration is %(status)s: you cannot plan sessions.")
                % {"status": registration.get_status_display().lower()},
                code="inactive",
            )
        # Locks the session: the capacity count below cannot race another add.
        session = (
            Session.objects.select_for_update(of=("self",))
            .filter(pk=session_id, event_id=registration.event_id)
            .order_by("pk")
            .first()
        )
        snapshot = (
            released_session(event=registration.event, session_id=session_id)
            if (session is not None)
            else None
        )
        if snapshot is None:
            raise _unknown_session()
        existing = PersonalAgendaItem.objects.filter(
            registration=registration, session=session
        ).first()
        if existing is not None:
            return existing
        if snapshot.status == SessionStatus.CANCELLED:
            raise AgendaConflict(
                _("“%(title)s” is cancelled.") % {"title": snapshot.title}, code="cancelled"
            )
        invited = invited_session_ids(registration=registration, session_ids=[session_id])
        if not may_attend(snapshot, invited):
            raise AgendaForbidden(
                _("“%(title)s” is by invitation only, and you are not invited.")
                % {"title": snapshot.title},
                code="not_invited",
            )
        if snapshot.capacity is not None and (
            places_taken(session_ids=[session_id])[session_id] >= snapshot.capacity
        ):
            raise AgendaConflict(
                _("“%(title)s” is full: all %(capacity)s places are taken.")
                % {"title": snapshot.title, "capacity": snapshot.capacity},
                code="full",
            )
        item = PersonalAgendaItem.objects.create(registration=registration, session=session)
        _changed(registration)
        return item


def personal_agenda_remove(*, registration: Registration, session_id) -> bool:
    """Take a session out of the agenda and cancel its planned reminder; False if absent."""
    session_id = _session_id(session_id)
    with transaction.atomic():
        deleted, _rows = PersonalAgendaItem.objects.filter(
            registration=registration, session_id=session_id
        ).delete()
        if deleted:
            _changed(registration)
            reminders_cancel_for_attendee(session_id=session_id, registration_id=registration.pk)
    return bool(deleted)


def _changed(registration: Registration) -> None:
    # Whole seconds, like HTTP dates: a later change always reads as newer.
    PersonalAgendaChange.objects.update_or_create(
        registration=registration,
        defaults={"changed_at": timezone.now().replace(microsecond=0)},
    )
