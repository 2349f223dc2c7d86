"""Editing the draft programme: rooms, tracks, sessions and the speakers on them.

Every step that can book a room or a speaker locks the event row first, so two
editors saving at the same moment cannot book one room or one speaker twice.
Nothing here is public until `releases.schedule_release` publishes it.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats
from django.utils.translation import gettext as _

from agenda.programme.errors import AgendaConflict, AgendaError
from agenda.programme.interpretation import (
    ChannelInput,
    interpretation_check,
    interpretation_replace,
    is_known_language,
    unknown_language_message,
)
from agenda.programme.models import (
    Room,
    Session,
    SessionSpeaker,
    SessionStatus,
    SpeakerRole,
    Track,
)
from events.audit.services import Actor, audit_record
from events.in_use import delete_unless_in_use
from events.summit.models import Event
from events.translated.text import language_name
from registrations.registration.models import Registration
from registrations.registration.models import Status as RegistrationStatus

# A session's own fields, as programme managers edit them: the one list the services
# write, the API's draft, the organizer form and the admin form use.
SESSION_FIELDS = (
    "title",
    "abstract",
    "kind",
    "starts_at",
    "ends_at",
    "room",
    "track",
    "status",
    "floor_language",
    "capacity",
    "visibility",
)
# A registration in one of these states can no longer appear on the programme.
GONE = (RegistrationStatus.REJECTED, RegistrationStatus.CANCELLED, RegistrationStatus.REVOKED)


@dataclass(frozen=True)
class SpeakerInput:
    registration_id: int
    role: str = SpeakerRole.SPEAKER
    order: int = 0


def lock_event(event_id: int) -> Event:
    """Serialize programme edits of one event (row lock on PostgreSQL)."""
    return Event.objects.select_for_update().get(pk=event_id)


def format_span(event: Event, starts_at: datetime, ends_at: datetime) -> str:
    """`12 May 2026, 10:00-11:00` in the event's time zone (also across midnight)."""
    start = starts_at.astimezone(event.tzinfo)
    end = ends_at.astimezone(event.tzinfo)
    end_format = "TIME_FORMAT" if end.date() == start.date() else "DATETIME_FORMAT"
    dash = "\u2013"  # an en dash between the times
    first = formats.date_format(start, "DATETIME_FORMAT")
    return f"{first}{dash}{formats.date_format(end, end_format)}"


# --- Checks -------------------------------------------------------------------


def session_check(*, session: Session, speaker_ids: Iterable[int] = ()) -> None:
    """Raise `AgendaError` (naming the field) when the session cannot stand as it is.

    The end comes after the start, the session lies within the event, room and
    track belong to the event, and — for a confirmed session — neither its room
    nor any of its speakers is booked elsewhere at an overlapping time (the
    message names the clashing session). Touching sessions (one ends at 10:00,
    the next starts at 10:00) do not overlap. Cancelled sessions book nothing.
    """
    event = session.event
    if not session.title.get(event.main_language).strip():
        raise AgendaError(
            _("Give the session a title in %(language)s, the event's main language.")
            % {"language": language_name(event.main_language)},
            field="title",
        )
    if session.starts_at is None or session.ends_at is None:
        raise AgendaError(_("Give the session a start and an end."), field="starts_at")
    if session.ends_at <= session.starts_at:
        raise AgendaError(_("The session must end after it starts."), field="ends_at")
    if session.starts_at < event.starts_at or session.ends_at > event.ends_at:
        raise AgendaError(
            _("The session must take place during the summit: %(span)s (%(zone)s).")
            % {
                "span": format_span(event, event.starts_at, event.ends_at),
                "zone": event.timezone,
            },
            field="starts_at",
            code="outside_event",
        )
    if session.room_id and session.room.event_id != event.pk:
        raise AgendaError(_("This room belongs to another summit."), field="room")
    if session.track_id and session.track.event_id != event.pk:
        raise AgendaError(_("This track belongs to another summit."), field="track")
    if session.floor_language and not is_known_language(session.floor_language):
        raise AgendaError(unknown_language_message(session.floor_language), field="floor_language")
    try:
        session.full_clean(exclude=["event", "room", "track"], validate_constraints=False)
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise AgendaError(messages[0], field=field) from error
    if session.status != SessionStatus.CONFIRMED:
        return
    overlapping = (
        Session.objects.filter(
            event=event,
            status=SessionStatus.CONFIRMED,
            starts_at__lt=session.ends_at,
            ends_at__gt=session.starts_at,
        )
        .exclude(pk=session.pk)
        .order_by("starts_at", "pk")
    )
    if session.room_id:
        clash = overlapping.filter(room_id=session.room_id).first()
        if clash is not None:
            raise AgendaError(
                _("%(room)s is already booked at this time for “%(title)s” (%(span)s).")
                % {
                    "room": session.room.name,
                    "title": clash.title,
                    "span": format_span(event, clash.starts_at, clash.ends_at),
                },
                field="room",
                code="room_overlap",
            )
    speaker_ids = list(speaker_ids)
    if speaker_ids:
        booked = (
            SessionSpeaker.objects.filter(registration_id__in=speaker_ids, session__in=overlapping)
            .select_related("session", "registration")
            .order_by("session__starts_at", "pk")
            .first()
        )
        if booked is not None:
            raise AgendaError(
                _("%(name)s already speaks at “%(title)s” at this time (%(span)s).")
                % {
                    "name": booked.registration.display_name,
                    "title": booked.session.title,
                    "span": format_span(event, booked.session.starts_at, booked.session.ends_at),
                },
                field="speakers",
                code="speaker_overlap",
            )


def speaker_check(*, registration: Registration, event: Event) -> None:
    """A speaker is a registrant of the event: of the speaker category, or approved."""
    if registration.event_id != event.pk:
        raise AgendaError(
            _("This registrant is registered for another summit."), field="registration"
        )
    if registration.status in GONE:
        raise AgendaError(
            _("%(name)s is %(status)s and cannot appear on the programme.")
            % {
                "name": registration.display_name,
                "status": registration.get_status_display().lower(),
            },
            field="registration",
        )
    if (
        registration.category.slug != "speaker"
        and registration.status != RegistrationStatus.APPROVED
    ):
        raise AgendaError(
            _("Only registrants of the speaker category or approved registrants can speak."),
            field="registration",
        )


def _registrations(event: Event, registration_ids: Iterable[int]) -> dict[int, Registration]:
    ids = set(registration_ids)
    found = {
        registration.pk: registration
        for registration in Registration.objects.select_related("category").filter(pk__in=ids)
    }
    missing = ids - found.keys()
    if missing:
        raise AgendaError(_("There is no such registrant."), field="speakers")
    for registration in found.values():
        try:
            speaker_check(registration=registration, event=event)
        except AgendaError as error:
            error.field = "speakers"
            raise
    return found


# --- Sessions -----------------------------------------------------------------


def _categories(event: Event, data: dict):
    """Pops `invited_categories` (None: unchanged) and checks they are the event's."""
    categories = data.pop("invited_categories", None)
    if categories is None:
        return None
    categories = list(categories)
    if any(category.event_id != event.pk for category in categories):
        raise AgendaError(_("This category belongs to another summit."), field="invited_categories")
    return categories


def _apply(session: Session, data: dict) -> list[str]:
    changed = []
    for name, value in data.items():
        if name not in SESSION_FIELDS:
            raise ValueError(f"{name!r} is not a session field one may set")
        if getattr(session, name) != value:
            setattr(session, name, value)
            changed.append(name)
    return changed


def _speakers_replace(session: Session, speakers: list[SpeakerInput]) -> None:
    keep = {speaker.registration_id: speaker for speaker in speakers}
    session.speakers.exclude(registration_id__in=keep).delete()
    for speaker in speakers:
        SessionSpeaker.objects.update_or_create(
            session=session,
            registration_id=speaker.registration_id,
            defaults={"role": speaker.role, "order": speaker.order},
        )


def _check_speaker_inputs(event: Event, speakers: list[SpeakerInput]) -> None:
    ids = [speaker.registration_id for speaker in speakers]
    if len(ids) != len(set(ids)):
        raise AgendaError(_("A registrant appears twice among the speakers."), field="speakers")
    for speaker in speakers:
        if speaker.role not in SpeakerRole.values:
            raise AgendaError(_("Choose speaker, moderator or chair."), field="speakers")
    _registrations(event, ids)


def _check_languages(session: Session, channels: list[ChannelInput] | None) -> None:
    """An empty floor language is the event's main one; `channels` None: the saved ones."""
    if not session.floor_language:
        session.floor_language = session.event.main_language
    if channels is None:
        channels = [
            ChannelInput(row.language, row.channel, row.stream_url)
            for row in session.interpretation.all()
        ]
    interpretation_check(floor_language=session.floor_language, channels=channels)


def session_create(
    *,
    event: Event,
    actor: Actor,
    data: dict,
    speakers: list[SpeakerInput] | None = None,
    interpretation: list[ChannelInput] | None = None,
) -> Session:
    """Add a session to the draft (and its speakers and interpretation, if given)."""
    speakers = speakers or []
    interpretation = interpretation or []
    with transaction.atomic():
        event = lock_event(event.pk)
        data = dict(data)
        categories = _categories(event, data)
        session = Session(event=event)
        _apply(session, data)
        _check_speaker_inputs(event, speakers)
        session_check(session=session, speaker_ids=[s.registration_id for s in speakers])
        _check_languages(session, interpretation)
        session.save()
        _speakers_replace(session, speakers)
        interpretation_replace(session=session, channels=interpretation)
        if categories is not None:
            session.invited_categories.set(categories)
        audit_record(event=event, actor=actor, action="session.created", obj=session)
    return session


def session_update(
    *,
    session_id: int,
    actor: Actor,
    changes: dict,
    speakers: list[SpeakerInput] | None = None,
    interpretation: list[ChannelInput] | None = None,
) -> Session:
    """Change a draft session; `speakers` and `interpretation`, when given, replace the
    whole list."""
    with transaction.atomic():
        event_id = Session.objects.values_list("event_id", flat=True).get(pk=session_id)
        event = lock_event(event_id)
        session = Session.objects.select_related("room", "track").get(pk=session_id)
        session.event = event
        changes = dict(changes)
        categories = _categories(event, changes)
        changed = _apply(session, changes)
        if speakers is not None:
            _check_speaker_inputs(event, speakers)
            speaker_ids = [speaker.registration_id for speaker in speakers]
        else:
            speaker_ids = list(session.speakers.values_list("registration_id", flat=True))
        session_check(session=session, speaker_ids=speaker_ids)
        _check_languages(session, interpretation)
        session.save()
        if speakers is not None:
            _speakers_replace(session, speakers)
            changed.append("speakers")
        if interpretation is not None:
            interpretation_replace(session=session, channels=interpretation)
            changed.append("interpretation")
        if categories is not None:
            session.invited_categories.set(categories)
        audit_record(
            event=event,
            actor=actor,
            action="session.updated",
            obj=session,
            data={"fields": sorted(changed)},
        )
    return session


def session_delete(*, session_id: int, actor: Actor) -> None:
    """Delete a session that was never released; a released one must be cancelled."""
    with transaction.atomic():
        event_id = Session.objects.values_list("event_id", flat=True).get(pk=session_id)
        event = lock_event(event_id)
        session = Session.objects.get(pk=session_id)
        if session.releases.exists():
            # The request is fine; the session's state (published) refuses it: 409.
            raise AgendaConflict(
                _(
                    "This session has been published: cancel it instead, so that calendars "
                    "remove it."
                ),
                code="released",
            )
        audit_record(
            event=event,
            actor=actor,
            action="session.deleted",
            obj=session,
            data={"title": str(session.title)},
        )
        session.delete()


def session_speaker_add(
    *,
    session_id: int,
    registration_id: int,
    actor: Actor,
    role: str = SpeakerRole.SPEAKER,
    order: int = 0,
) -> SessionSpeaker:
    with transaction.atomic():
        event_id = Session.objects.values_list("event_id", flat=True).get(pk=session_id)
        event = lock_event(event_id)
        session = Session.objects.select_related("room", "track").get(pk=session_id)
        session.event = event
        registration = _registrations(event, [registration_id])[registration_id]
        if session.speakers.filter(registration=registration).exists():
            raise AgendaError(
                _("%(name)s is already on this session.") % {"name": registration.display_name},
                field="registration",
            )
        if role not in SpeakerRole.values:
            raise AgendaError(_("Choose speaker, moderator or chair."), field="role")
        speaker_ids = [*session.speakers.values_list("registration_id", flat=True), registration_id]
        try:
            session_check(session=session, speaker_ids=speaker_ids)
        except AgendaError as error:
            error.field = "registration"
            raise
        speaker = SessionSpeaker.objects.create(
            session=session, registration=registration, role=role, order=order
        )
        audit_record(
            event=event,
            actor=actor,
            action="session.speaker_added",
            obj=session,
            data={"registration": registration.reference, "role": role},
        )
    return speaker


def session_speaker_remove(*, session_id: int, speaker_id: int, actor: Actor) -> None:
    with transaction.atomic():
        speaker = (
            SessionSpeaker.objects.select_related("session__event", "registration")
            .filter(session_id=session_id, pk=speaker_id)
            .first()
        )
        if speaker is None:
            raise AgendaError(_("This speaker is not on the session."), code="not_found")
        audit_record(
            event=speaker.session.event,
            actor=actor,
            action="session.speaker_removed",
            obj=speaker.session,
            data={"registration": speaker.registration.reference},
        )
        speaker.delete()


# --- Rooms and tracks -----------------------------------------------------------


def _save_named(model, *, event: Event, actor: Actor, data: dict, pk: int | None, fields):
    with transaction.atomic():
        event = lock_event(event.pk)  # two editors cannot both take one slug
        instance = model.objects.get(pk=pk, event=event) if pk else model(event=event)
        for name, value in data.items():
            if name not in fields:
                raise ValueError(f"{name!r} cannot be set on a {model.__name__}")
            setattr(instance, name, value)
        if getattr(instance, "zone_id", None) and instance.zone.event_id != event.pk:
            raise AgendaError(_("This zone belongs to another summit."), field="zone")
        duplicate = model.objects.filter(event=event, slug=instance.slug).exclude(pk=instance.pk)
        if duplicate.exists():
            raise AgendaError(_("Another one already uses this slug."), field="slug")
        try:
            instance.full_clean(exclude=["event"], validate_constraints=False)
        except ValidationError as error:
            field, messages = next(iter(error.message_dict.items()))
            raise AgendaError(messages[0], field=field) from error
        instance.save()
        action = f"{model._meta.model_name}.{'updated' if pk else 'created'}"
        audit_record(event=event, actor=actor, action=action, obj=instance)
    return instance


ROOM_FIELDS = ("slug", "name", "capacity", "zone", "is_bilateral", "position")
TRACK_FIELDS = ("slug", "name", "colour", "position")


def room_save(*, event: Event, actor: Actor, data: dict, room_id: int | None = None) -> Room:
    """Create a room, or change the one with `room_id`."""
    return _save_named(Room, event=event, actor=actor, data=data, pk=room_id, fields=ROOM_FIELDS)


def track_save(*, event: Event, actor: Actor, data: dict, track_id: int | None = None) -> Track:
    """Create a track, or change the one with `track_id`."""
    return _save_named(Track, event=event, actor=actor, data=data, pk=track_id, fields=TRACK_FIELDS)


# Released sessions keep a copy of their room's and track's slug and name: a link from
# them is history, not a use.
RELEASE_COPIES = ("agenda.SessionRelease",)


def _delete_named(model, *, event: Event, pk: int, actor: Actor) -> None:
    with transaction.atomic():
        event = lock_event(event.pk)
        instance = model.objects.get(pk=pk, event=event)
        action = f"{model._meta.model_name}.deleted"
        audit_record(
            event=event, actor=actor, action=action, obj=instance, data={"slug": instance.slug}
        )
        delete_unless_in_use(instance, ignore=RELEASE_COPIES)


def room_delete(*, event: Event, room_id: int, actor: Actor) -> None:
    """Delete a room no session or bilateral meeting is in (409 naming them otherwise)."""
    _delete_named(Room, event=event, pk=room_id, actor=actor)


def track_delete(*, event: Event, track_id: int, actor: Actor) -> None:
    """Delete a track no session is on (409 naming them otherwise)."""
    _delete_named(Track, event=event, pk=track_id, actor=actor)
