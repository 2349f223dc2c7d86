"""Bilateral meetings between delegations: request, answer, confirm, room, move, cancel.

A head of delegation (the delegation's secret link is the credential) asks
another delegation of the same summit for a meeting, proposing one to three
times; the side that did not make the open proposal accepts one of its times,
declines, or proposes others. Organizers (programme role) assign a bilateral
room, move or cancel a confirmed meeting.

No double booking: a confirmed meeting's delegations and room have no other
confirmed meeting at an overlapping time. Every step that can confirm or move a
meeting locks both delegation rows (always in primary-key order, so two steps
never wait on each other in a circle), then the meeting, then the bilateral
rooms it may take, and checks overlaps only once it holds the locks: two heads
accepting overlapping times at once are serialized on their common delegation,
and the second one sees the first one's meeting.

Every step is audited and tells the heads concerned through the outbox.
Confirmed meetings are in both delegations' personal calendar feeds; a move, a
room change or a cancellation bumps `sequence` and `changed_at`, and cancels the
planned reminders (the reminder planner plans the new version's).
"""

from collections.abc import Sequence
from datetime import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from agenda.bilaterals.messaging import bilateral_notice_enqueue
from agenda.bilaterals.models import (
    BILATERAL_OPEN,
    BilateralMeeting,
    BilateralSlot,
    BilateralStatus,
)
from agenda.bilaterals.scheduling import (
    SlotInput,
    check_delegations_free,
    check_slots,
    check_time,
    first_free_room,
    lock_bilateral_rooms,
    room_free,
)
from agenda.programme.errors import AgendaConflict, AgendaError
from agenda.reminders.services import reminders_cancel_for_bilateral
from events.audit.services import Actor, audit_record
from events.errors import NotFoundError
from events.summit.models import Event
from registrations.delegations.models import Delegation


class BilateralNotFound(AgendaError, NotFoundError):
    """Not one of this delegation's meetings: answered like an unknown one (404)."""


def _not_found() -> BilateralNotFound:
    return BilateralNotFound(
        _("Your delegation has no bilateral meeting with this number."), code="not_found"
    )


def delegation_actor(delegation: Delegation, *, client_ip: str | None = None) -> Actor:
    return Actor(label=f"head of delegation {delegation.pk}", client_ip=client_ip)


def _locked_meeting(*, meeting_id, event: Event | None = None, delegation=None) -> BilateralMeeting:
    """Lock both delegations (pk order), then the meeting; 404 if not theirs or the event's."""
    try:
        meeting_id = int(meeting_id)
    except (TypeError, ValueError) as error:
        raise _not_found() from error
    scope = Q(pk=meeting_id)
    if event is not None:
        scope &= Q(event=event)
    if delegation is not None:
        scope &= Q(requester=delegation) | Q(counterpart=delegation)
    ids = BilateralMeeting.objects.filter(scope).values_list("requester_id", "counterpart_id")
    pair = ids.first()
    if pair is None:
        raise _not_found()
    list(Delegation.objects.select_for_update().filter(pk__in=pair).order_by("pk"))
    return (
        BilateralMeeting.objects.select_for_update(of=("self",))
        .select_related("event", "requester__head", "counterpart__head", "room")
        .get(pk=meeting_id)
    )


def _stamp(meeting: BilateralMeeting, *, now: datetime, calendar: bool) -> None:
    meeting.revision += 1
    if calendar:
        # Whole seconds: DTSTAMP and Last-Modified carry no fractions.
        meeting.changed_at = now.replace(microsecond=0)


def _audit(meeting: BilateralMeeting, actor: Actor, action: str, **data) -> None:
    audit_record(
        event=meeting.event,
        actor=actor,
        action=f"bilateral.{action}",
        obj=meeting,
        reason=data.pop("reason", ""),
        data={key: value for key, value in data.items() if value not in (None, "")},
    )


def _notify(meeting: BilateralMeeting, step: str, delegations, note: str = "") -> None:
    for delegation in delegations:
        bilateral_notice_enqueue(meeting=meeting, step=step, delegation=delegation, note=note)


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _slot_data(slots) -> list[list[str]]:
    return [[slot.starts_at.isoformat(), slot.ends_at.isoformat()] for slot in slots]


# --- The delegations' steps ------------------------------------------------------------------


def bilateral_request(
    *,
    delegation: Delegation,
    counterpart_id,
    slots: Sequence[SlotInput],
    subject: str = "",
    actor: Actor | None = None,
    now: datetime | None = None,
) -> BilateralMeeting:
    """`delegation` (its head, by its secret link) asks `counterpart_id` for a meeting."""
    now = now or timezone.now()
    actor = actor or delegation_actor(delegation)
    event = delegation.event
    subject = " ".join((subject or "").split())
    if len(subject) > 200:
        raise AgendaError(
            _("Keep the subject under 200 characters."), field="subject", code="too_long"
        )
    try:
        counterpart_pk = int(counterpart_id)
    except (TypeError, ValueError):
        counterpart_pk = None
    counterpart = (
        Delegation.objects.select_related("head").filter(pk=counterpart_pk, event=event).first()
        if counterpart_pk is not None
        else None
    )
    if counterpart is None:
        raise AgendaError(
            _("Choose a delegation of this summit."), field="counterpart", code="unknown"
        )
    if counterpart.pk == delegation.pk:
        raise AgendaError(
            _("You cannot request a meeting with your own delegation."),
            field="counterpart",
            code="own_delegation",
        )
    with transaction.atomic():
        first, second = sorted([delegation.pk, counterpart.pk])
        list(Delegation.objects.select_for_update().filter(pk__in=[first, second]).order_by("pk"))
        slots = check_slots(
            event=event, slots=slots, requester=delegation, counterpart=counterpart, now=now
        )
        pending = BilateralMeeting.objects.filter(
            Q(requester=delegation, counterpart=counterpart)
            | Q(requester=counterpart, counterpart=delegation),
            status__in=BILATERAL_OPEN,
        ).exists()
        if pending:
            raise AgendaConflict(
                _("A request between your delegation and %(name)s is already awaiting an answer.")
                % {"name": counterpart.name},
                field="counterpart",
                code="already_requested",
            )
        meeting = BilateralMeeting.objects.create(
            event=event,
            requester=delegation,
            counterpart=counterpart,
            proposed_by=delegation,
            subject=subject,
            changed_at=now.replace(microsecond=0),
        )
        BilateralSlot.objects.bulk_create(
            BilateralSlot(
                meeting=meeting,
                round=1,
                starts_at=slot.starts_at,
                ends_at=slot.ends_at,
                proposed_by=delegation,
            )
            for slot in slots
        )
        meeting = _reload(meeting)
        _audit(meeting, actor, "request", counterpart=counterpart.pk, slots=_slot_data(slots))
        _notify(meeting, "requested", [counterpart])
    return meeting


def _reload(meeting: BilateralMeeting) -> BilateralMeeting:
    return (
        BilateralMeeting.objects.select_related(
            "event", "requester__head", "counterpart__head", "room"
        )
        .prefetch_related("slots")
        .get(pk=meeting.pk)
    )


def _answerable(meeting: BilateralMeeting, delegation: Delegation) -> None:
    if not meeting.is_open:
        raise AgendaConflict(
            _("This request is %(status)s: it can no longer be answered.")
            % {"status": meeting.get_status_display().lower()},
            code="not_open",
        )
    if meeting.awaiting_id() != delegation.pk:
        raise AgendaConflict(
            _("Your proposal is waiting for the other delegation's answer."), code="not_your_turn"
        )


def bilateral_accept(
    *,
    delegation: Delegation,
    meeting_id,
    slot_id,
    actor: Actor | None = None,
    now: datetime | None = None,
) -> BilateralMeeting:
    """Accept one of the open proposed times: the meeting is confirmed, with a free room.

    The first free bilateral room is taken; when none is free the meeting is
    confirmed without one and the organizers assign it.
    """
    now = now or timezone.now()
    actor = actor or delegation_actor(delegation)
    with transaction.atomic():
        meeting = _locked_meeting(meeting_id=meeting_id, delegation=delegation)
        _answerable(meeting, delegation)
        try:
            slot_pk = int(slot_id)
        except (TypeError, ValueError):
            slot_pk = None
        slot = next((s for s in meeting.slots.all() if s.pk == slot_pk), None)
        if slot is None or slot.round != meeting.round:
            raise AgendaError(
                _("Choose one of the proposed times."), field="slot", code="unknown_slot"
            )
        if slot.starts_at <= now:
            raise AgendaConflict(
                _("This time has already passed: propose other times."),
                field="slot",
                code="past",
            )
        check_delegations_free(
            requester=meeting.requester,
            counterpart=meeting.counterpart,
            starts_at=slot.starts_at,
            ends_at=slot.ends_at,
            exclude=meeting.pk,
            field="slot",
        )
        meeting.room = first_free_room(
            meeting.event, starts_at=slot.starts_at, ends_at=slot.ends_at, exclude=meeting.pk
        )
        meeting.status = BilateralStatus.CONFIRMED
        meeting.starts_at, meeting.ends_at = slot.starts_at, slot.ends_at
        _stamp(meeting, now=now, calendar=True)
        meeting.full_clean(validate_unique=False)
        meeting.save()
        _audit(
            meeting,
            actor,
            "accept",
            starts_at=_iso(meeting.starts_at),
            ends_at=_iso(meeting.ends_at),
            room=meeting.room.slug if meeting.room else None,
        )
        _notify(meeting, "confirmed", [meeting.requester, meeting.counterpart])
    return meeting


def bilateral_decline(
    *,
    delegation: Delegation,
    meeting_id,
    reason: str = "",
    actor: Actor | None = None,
    now: datetime | None = None,
) -> BilateralMeeting:
    now = now or timezone.now()
    actor = actor or delegation_actor(delegation)
    reason = (reason or "").strip()[:1000]
    with transaction.atomic():
        meeting = _locked_meeting(meeting_id=meeting_id, delegation=delegation)
        _answerable(meeting, delegation)
        meeting.status = BilateralStatus.DECLINED
        meeting.reason = reason
        _stamp(meeting, now=now, calendar=False)
        meeting.save()
        _audit(meeting, actor, "decline", reason=reason)
        _notify(meeting, "declined", [meeting.other_side(delegation.pk)], note=reason)
    return meeting


def bilateral_counter(
    *,
    delegation: Delegation,
    meeting_id,
    slots: Sequence[SlotInput],
    actor: Actor | None = None,
    now: datetime | None = None,
) -> BilateralMeeting:
    """Answer the open proposal with other times (one to three); the other side answers next."""
    now = now or timezone.now()
    actor = actor or delegation_actor(delegation)
    with transaction.atomic():
        meeting = _locked_meeting(meeting_id=meeting_id, delegation=delegation)
        _answerable(meeting, delegation)
        slots = check_slots(
            event=meeting.event,
            slots=slots,
            requester=meeting.requester,
            counterpart=meeting.counterpart,
            now=now,
        )
        meeting.round += 1
        meeting.proposed_by = delegation
        meeting.status = BilateralStatus.COUNTER_PROPOSED
        _stamp(meeting, now=now, calendar=False)
        meeting.save()
        BilateralSlot.objects.bulk_create(
            BilateralSlot(
                meeting=meeting,
                round=meeting.round,
                starts_at=slot.starts_at,
                ends_at=slot.ends_at,
                proposed_by=delegation,
            )
            for slot in slots
        )
        meeting = _reload(meeting)
        _audit(meeting, actor, "counter", slots=_slot_data(slots))
        _notify(meeting, "counter_proposed", [meeting.other_side(delegation.pk)])
    return meeting


def bilateral_cancel(
    *,
    meeting_id,
    actor: Actor,
    delegation: Delegation | None = None,
    event: Event | None = None,
    reason: str = "",
    now: datetime | None = None,
) -> BilateralMeeting:
    """Cancel a request or a confirmed meeting: by one of its delegations or by the organizers.

    A confirmed meeting stays in the calendar feeds as STATUS:CANCELLED with a
    higher SEQUENCE, so subscribed calendars drop it.
    """
    if (delegation is None) == (event is None):
        raise ValueError("Give the delegation that cancels, or the organizers' event")
    now = now or timezone.now()
    reason = (reason or "").strip()[:1000]
    with transaction.atomic():
        meeting = _locked_meeting(meeting_id=meeting_id, delegation=delegation, event=event)
        if meeting.status not in (*BILATERAL_OPEN, BilateralStatus.CONFIRMED):
            raise AgendaConflict(
                _("This meeting is %(status)s: there is nothing to cancel.")
                % {"status": meeting.get_status_display().lower()},
                code="not_cancellable",
            )
        was_confirmed = meeting.is_confirmed
        meeting.status = BilateralStatus.CANCELLED
        meeting.reason = reason
        if was_confirmed:
            meeting.sequence += 1
        _stamp(meeting, now=now, calendar=was_confirmed)
        meeting.save()
        reminders_cancel_for_bilateral(meeting_id=meeting.pk)
        _audit(meeting, actor, "cancel", reason=reason, by=delegation.pk if delegation else None)
        told = [meeting.requester, meeting.counterpart]
        if delegation is not None and not was_confirmed:
            told = [meeting.other_side(delegation.pk)]
        _notify(meeting, "cancelled", told, note=reason)
    return meeting


# --- The organizers' steps -------------------------------------------------------------------


def _confirmed_or_conflict(meeting: BilateralMeeting) -> None:
    if not meeting.is_confirmed:
        raise AgendaConflict(
            _("Only a confirmed meeting has a time and a room; this one is %(status)s.")
            % {"status": meeting.get_status_display().lower()},
            code="not_confirmed",
        )


def bilateral_assign_room(
    *, event: Event, meeting_id, room_id, actor: Actor, now: datetime | None = None
) -> BilateralMeeting:
    """Give a confirmed meeting a bilateral room; `room_id` None takes the first free one."""
    now = now or timezone.now()
    with transaction.atomic():
        meeting = _locked_meeting(meeting_id=meeting_id, event=event)
        _confirmed_or_conflict(meeting)
        if room_id in (None, ""):
            room = first_free_room(
                event, starts_at=meeting.starts_at, ends_at=meeting.ends_at, exclude=meeting.pk
            )
            if room is None:
                raise AgendaConflict(
                    _("Every bilateral room is taken at this time."),
                    field="room",
                    code="no_room_free",
                )
        else:
            try:
                room_pk = int(room_id)
            except (TypeError, ValueError):
                room_pk = None
            rooms = lock_bilateral_rooms(event, room_id=room_pk) if room_pk is not None else []
            if not rooms:
                raise AgendaError(
                    _("Choose a room of this summit marked for bilateral meetings."),
                    field="room",
                    code="unknown_room",
                )
            room = rooms[0]
            if not room_free(
                room, starts_at=meeting.starts_at, ends_at=meeting.ends_at, exclude=meeting.pk
            ):
                raise AgendaConflict(
                    _("%(room)s is taken at this time.") % {"room": room.name},
                    field="room",
                    code="room_busy",
                )
        if room.pk == meeting.room_id:
            return meeting
        meeting.room = room
        meeting.sequence += 1
        _stamp(meeting, now=now, calendar=True)
        meeting.save()
        reminders_cancel_for_bilateral(meeting_id=meeting.pk)
        _audit(meeting, actor, "room", room=room.slug)
        _notify(meeting, "room", [meeting.requester, meeting.counterpart])
    return meeting


def bilateral_move(
    *,
    event: Event,
    meeting_id,
    starts_at: datetime | None,
    ends_at: datetime | None,
    actor: Actor,
    now: datetime | None = None,
) -> BilateralMeeting:
    """Move a confirmed meeting. Its room is kept if free at the new time, else the first free."""
    now = now or timezone.now()
    with transaction.atomic():
        meeting = _locked_meeting(meeting_id=meeting_id, event=event)
        _confirmed_or_conflict(meeting)
        check_time(event=event, starts_at=starts_at, ends_at=ends_at, field="starts_at", now=now)
        if (starts_at, ends_at) == (meeting.starts_at, meeting.ends_at):
            return meeting
        check_delegations_free(
            requester=meeting.requester,
            counterpart=meeting.counterpart,
            starts_at=starts_at,
            ends_at=ends_at,
            exclude=meeting.pk,
            field="starts_at",
        )
        # All of them at once, in pk order, as every other step takes them.
        rooms = lock_bilateral_rooms(event)
        free = [
            room
            for room in rooms
            if room_free(room, starts_at=starts_at, ends_at=ends_at, exclude=meeting.pk)
        ]
        room = next((r for r in free if r.pk == meeting.room_id), free[0] if free else None)
        before = (_iso(meeting.starts_at), _iso(meeting.ends_at))
        meeting.starts_at, meeting.ends_at, meeting.room = starts_at, ends_at, room
        meeting.sequence += 1
        _stamp(meeting, now=now, calendar=True)
        meeting.save()
        reminders_cancel_for_bilateral(meeting_id=meeting.pk)
        _audit(
            meeting,
            actor,
            "move",
            before=list(before),
            starts_at=_iso(starts_at),
            ends_at=_iso(ends_at),
            room=room.slug if room else None,
        )
        _notify(meeting, "moved", [meeting.requester, meeting.counterpart])
    return meeting
