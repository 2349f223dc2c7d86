"""When a bilateral meeting may take place: the delegations free, the time inside the
summit, the proposed times, and a bilateral room free of meetings and sessions.

The checks read; the steps in `agenda.bilaterals.services` call them once they hold
the locks (`lock_bilateral_rooms` takes the rooms' locks, in primary-key order).
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q
from django.utils import formats
from django.utils.translation import gettext as _

from agenda.bilaterals.models import BILATERAL_MAX_SLOTS, BilateralMeeting, BilateralStatus
from agenda.programme.errors import AgendaConflict, AgendaError
from agenda.programme.models import Room, Session, SessionStatus
from events.summit.models import Event
from registrations.delegations.models import Delegation


@dataclass(frozen=True)
class SlotInput:
    starts_at: datetime
    ends_at: datetime


def moment_text(moment: datetime, event: Event) -> str:
    return formats.date_format(moment.astimezone(event.tzinfo), "SHORT_DATETIME_FORMAT")


def delegations_busy(
    *, delegation_ids: Iterable[int], starts_at, ends_at, exclude: int | None = None
):
    """Confirmed meetings of these delegations overlapping the time."""
    ids = list(delegation_ids)
    queryset = BilateralMeeting.objects.filter(
        Q(requester_id__in=ids) | Q(counterpart_id__in=ids),
        status=BilateralStatus.CONFIRMED,
        starts_at__lt=ends_at,
        ends_at__gt=starts_at,
    )
    if exclude is not None:
        queryset = queryset.exclude(pk=exclude)
    return queryset


def check_delegations_free(
    *,
    requester: Delegation,
    counterpart: Delegation,
    starts_at,
    ends_at,
    exclude=None,
    field=None,
    refusal: type[AgendaError] = AgendaConflict,
) -> None:
    """A proposal that clashes is bad input (400); confirming into a clash a conflict (409)."""
    for delegation in (requester, counterpart):
        clash = delegations_busy(
            delegation_ids=[delegation.pk], starts_at=starts_at, ends_at=ends_at, exclude=exclude
        ).first()
        if clash is not None:
            raise refusal(
                _("%(name)s already has a confirmed meeting at this time.")
                % {"name": delegation.name},
                field=field,
                code="delegation_busy",
            )


def check_time(*, event: Event, starts_at, ends_at, field: str | None, now: datetime) -> None:
    if starts_at is None or ends_at is None:
        raise AgendaError(_("Give a start and an end time."), field=field, code="required")
    if ends_at <= starts_at:
        raise AgendaError(
            _("The meeting must end after it starts."), field=field, code="ends_before_start"
        )
    if starts_at < event.starts_at or ends_at > event.ends_at:
        raise AgendaError(
            _("Choose a time during the summit, between %(start)s and %(end)s.")
            % {
                "start": moment_text(event.starts_at, event),
                "end": moment_text(event.ends_at, event),
            },
            field=field,
            code="outside_event",
        )
    if starts_at <= now:
        raise AgendaError(_("This time has already passed."), field=field, code="past")


def check_slots(
    *,
    event: Event,
    slots: Sequence[SlotInput],
    requester: Delegation,
    counterpart: Delegation,
    now: datetime,
) -> list[SlotInput]:
    slots = list(slots)
    if not 1 <= len(slots) <= BILATERAL_MAX_SLOTS:
        raise AgendaError(
            _("Propose between one and three times."), field="slots", code="slot_count"
        )
    seen = set()
    for number, slot in enumerate(slots, start=1):
        field = f"slot_{number}"
        check_time(
            event=event, starts_at=slot.starts_at, ends_at=slot.ends_at, field=field, now=now
        )
        if (slot.starts_at, slot.ends_at) in seen:
            raise AgendaError(
                _("This time is already proposed above."), field=field, code="duplicate"
            )
        seen.add((slot.starts_at, slot.ends_at))
        check_delegations_free(
            requester=requester,
            counterpart=counterpart,
            starts_at=slot.starts_at,
            ends_at=slot.ends_at,
            field=field,
            refusal=AgendaError,
        )
    return sorted(slots, key=lambda slot: slot.starts_at)


def room_free(room: Room, *, starts_at, ends_at, exclude: int | None) -> bool:
    meetings = BilateralMeeting.objects.filter(
        room=room, status=BilateralStatus.CONFIRMED, starts_at__lt=ends_at, ends_at__gt=starts_at
    )
    if exclude is not None:
        meetings = meetings.exclude(pk=exclude)
    sessions = Session.objects.filter(
        room=room, status=SessionStatus.CONFIRMED, starts_at__lt=ends_at, ends_at__gt=starts_at
    )
    return not meetings.exists() and not sessions.exists()


def lock_bilateral_rooms(event: Event, *, room_id: int | None = None) -> list[Room]:
    """Lock the event's bilateral rooms (or one), in primary-key order."""
    rooms = Room.objects.select_for_update().filter(event=event, is_bilateral=True)
    if room_id is not None:
        rooms = rooms.filter(pk=room_id)
    return list(rooms.order_by("pk"))


def free_bilateral_rooms(*, event: Event, starts_at, ends_at, exclude: int | None = None):
    """The event's bilateral rooms free at this time, in their order (no locks: a proposal)."""
    rooms = Room.objects.filter(event=event, is_bilateral=True)
    return [
        room
        for room in rooms
        if room_free(room, starts_at=starts_at, ends_at=ends_at, exclude=exclude)
    ]


def first_free_room(event: Event, *, starts_at, ends_at, exclude: int) -> Room | None:
    """Lock every bilateral room, then take the first one free (None: all taken)."""
    for room in lock_bilateral_rooms(event):
        if room_free(room, starts_at=starts_at, ends_at=ends_at, exclude=exclude):
            return room
    return None
