"""Bilateral meeting pages: the head of delegation's (secret link) and the organizers'.

- `/d/<token>/bilaterals/`: the delegation's requests, in and out, and a form to
  request a meeting; `/d/<token>/bilaterals/<id>/`: one meeting, with forms to
  accept one of the proposed times, decline, propose others or cancel.
- `/manage/<slug>/agenda/bilaterals/` (programme role): every meeting of the
  summit; `/manage/<slug>/agenda/bilaterals/<id>/`: assign a room, move, cancel.

Forms post without JavaScript; times are read and shown in the event's time zone.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models.fields.json import KT
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from agenda.bilaterals.forms import (
    BilateralAcceptForm,
    BilateralMoveForm,
    BilateralReasonForm,
    BilateralRequestForm,
    BilateralRoomForm,
    BilateralSlotsForm,
)
from agenda.bilaterals.models import BilateralStatus
from agenda.bilaterals.scheduling import free_bilateral_rooms
from agenda.bilaterals.selectors import (
    bilateral_of_delegation,
    bilateral_of_event,
    bilaterals_of_delegation,
    bilaterals_of_event,
)
from agenda.bilaterals.services import (
    SlotInput,
    bilateral_accept,
    bilateral_assign_room,
    bilateral_cancel,
    bilateral_counter,
    bilateral_decline,
    bilateral_move,
    bilateral_request,
    delegation_actor,
)
from agenda.programme.errors import AgendaError
from agenda.programme.models import Room
from events.access import event_role_required
from events.audit.services import Actor
from events.client_address import client_ip
from events.teams.models import Role
from registrations.delegations.models import Delegation
from registrations.delegations.selectors import delegation_by_token


def _private(response):
    # A secret link: never indexed, never kept by a shared cache.
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "private, no-store"
    return response


def _delegation_or_404(token: str) -> Delegation:
    delegation = delegation_by_token(token=token)
    if delegation is None:
        raise Http404
    return delegation


def _slot_label(slot, event) -> str:
    start = slot.starts_at.astimezone(event.tzinfo)
    end = slot.ends_at.astimezone(event.tzinfo)
    first = formats.date_format(start, "DATETIME_FORMAT")
    return f"{first}\u2013{formats.time_format(end, 'TIME_FORMAT')}"


def _apply_error(form, error: AgendaError) -> str | None:
    """Put the service's refusal on its field; returns it when no field of the form fits."""
    field = BilateralSlotsForm.field_for(error.field) or error.field
    if field and field in form.fields:
        form.add_error(field, ValidationError(error.message, code=error.code))
        return None
    return error.message


def _slots(form) -> list[SlotInput]:
    return [SlotInput(start, end) for start, end in form.slot_pairs()]


def _row(meeting, delegation) -> dict:
    return {
        "meeting": meeting,
        "other": meeting.other_side(delegation.pk),
        "outgoing": meeting.requester_id == delegation.pk,
        "awaiting_us": meeting.awaiting_id() == delegation.pk,
    }


# --- The head of delegation's pages ---------------------------------------------------------


def delegation_bilaterals(request, token: str):
    delegation = _delegation_or_404(token)
    event = delegation.event
    others = (
        Delegation.objects.filter(event=event).exclude(pk=delegation.pk).order_by(KT("name__en"))
    )
    refusal = None
    with timezone.override(event.tzinfo):
        form = BilateralRequestForm(
            request.POST if request.method == "POST" else None, delegations=others
        )
        if request.method == "POST" and form.is_valid():
            try:
                meeting = bilateral_request(
                    delegation=delegation,
                    counterpart_id=form.cleaned_data["counterpart"],
                    subject=form.cleaned_data["subject"],
                    slots=_slots(form),
                    actor=delegation_actor(delegation, client_ip=client_ip(request)),
                )
            except AgendaError as error:
                refusal = _apply_error(form, error)
            else:
                messages.success(
                    request,
                    _("Your request is sent to %(name)s.") % {"name": meeting.counterpart.name},
                )
                return redirect("agenda:delegation-bilaterals", token=delegation.secret_token)
        rows = [
            _row(meeting, delegation) for meeting in bilaterals_of_delegation(delegation=delegation)
        ]
        context = {
            "delegation": delegation,
            "event": event,
            "incoming": [row for row in rows if not row["outgoing"]],
            "outgoing": [row for row in rows if row["outgoing"]],
            "form": form,
            "refusal": refusal,
        }
        status = 400 if request.method == "POST" else 200
        return _private(
            render(request, "agenda/bilaterals/delegation.html", context, status=status)
        )


DELEGATION_ACTIONS = ("accept", "decline", "counter", "cancel")


def delegation_bilateral(request, token: str, meeting_id: int):
    delegation = _delegation_or_404(token)
    meeting = bilateral_of_delegation(delegation=delegation, meeting_id=meeting_id)
    if meeting is None:
        raise Http404
    event = delegation.event
    action = request.POST.get("action", "") if request.method == "POST" else ""
    actor = delegation_actor(delegation, client_ip=client_ip(request))
    with timezone.override(event.tzinfo):
        slots = [(slot, _slot_label(slot, event)) for slot in meeting.open_slots()]
        forms = {
            "accept": BilateralAcceptForm(
                request.POST if action == "accept" else None, slots=slots, prefix="accept"
            ),
            "decline": BilateralReasonForm(
                request.POST if action == "decline" else None, prefix="decline"
            ),
            "counter": BilateralSlotsForm(
                request.POST if action == "counter" else None, prefix="counter"
            ),
            "cancel": BilateralReasonForm(
                request.POST if action == "cancel" else None, prefix="cancel"
            ),
        }
        refusal = None
        if request.method == "POST":
            form = forms.get(action)
            if form is None:
                refusal = _("Choose what to do with this request.")
            elif form.is_valid():
                try:
                    done = _delegation_step(action, form, delegation, meeting, actor)
                except AgendaError as error:
                    refusal = _apply_error(form, error)
                else:
                    messages.success(request, done)
                    return redirect(
                        "agenda:delegation-bilateral",
                        token=delegation.secret_token,
                        meeting_id=meeting.pk,
                    )
        context = {
            "delegation": delegation,
            "event": event,
            "row": _row(meeting, delegation),
            "meeting": meeting,
            "slots": meeting.slots.all(),
            "forms": forms,
            "failed": action if request.method == "POST" else "",
            "refusal": refusal,
            "can_cancel": meeting.status
            in (
                BilateralStatus.REQUESTED,
                BilateralStatus.COUNTER_PROPOSED,
                BilateralStatus.CONFIRMED,
            ),
        }
        status = 400 if request.method == "POST" else 200
        return _private(render(request, "agenda/bilaterals/meeting.html", context, status=status))


def _delegation_step(action, form, delegation, meeting, actor) -> str:
    data = form.cleaned_data
    if action == "accept":
        done = bilateral_accept(
            delegation=delegation, meeting_id=meeting.pk, slot_id=data["slot"], actor=actor
        )
        if done.room_id:
            return _("The meeting is confirmed, in %(room)s.") % {"room": done.room.name}
        return _("The meeting is confirmed; the organizers will assign a room.")
    if action == "decline":
        bilateral_decline(
            delegation=delegation, meeting_id=meeting.pk, reason=data["reason"], actor=actor
        )
        return _("You declined the request.")
    if action == "counter":
        bilateral_counter(
            delegation=delegation, meeting_id=meeting.pk, slots=_slots(form), actor=actor
        )
        return _("Your times are sent to the other delegation.")
    bilateral_cancel(
        delegation=delegation, meeting_id=meeting.pk, reason=data["reason"], actor=actor
    )
    return _("The meeting is cancelled; the other delegation is told.")


# --- The organizers' pages ----------------------------------------------------------------


@event_role_required(Role.PROGRAMME)
def manage_bilaterals(request, event):
    status = request.GET.get("status", "")
    if status not in BilateralStatus.values:
        status = ""
    context = {
        "event": event,
        "meetings": bilaterals_of_event(event=event, status=status),
        "statuses": BilateralStatus.choices,
        "status": status,
        "rooms": Room.objects.filter(event=event, is_bilateral=True),
    }
    return render(request, "agenda/manage/bilaterals.html", context)


MANAGE_ACTIONS = ("room", "move", "cancel")


@event_role_required(Role.PROGRAMME)
def manage_bilateral(request, event, meeting_id: int):
    meeting = bilateral_of_event(event=event, meeting_id=meeting_id)
    if meeting is None:
        raise Http404
    action = request.POST.get("action", "") if request.method == "POST" else ""
    with timezone.override(event.tzinfo):
        rooms = list(Room.objects.filter(event=event, is_bilateral=True))
        free = (
            free_bilateral_rooms(
                event=event,
                starts_at=meeting.starts_at,
                ends_at=meeting.ends_at,
                exclude=meeting.pk,
            )
            if meeting.starts_at
            else []
        )
        forms = {
            "room": BilateralRoomForm(
                request.POST if action == "room" else None,
                rooms=rooms,
                free=free,
                prefix="room",
                initial={"room": meeting.room_id or (free[0].pk if free else "")},
            ),
            "move": BilateralMoveForm(
                request.POST if action == "move" else None,
                prefix="move",
                initial={"starts_at": meeting.starts_at, "ends_at": meeting.ends_at},
            ),
            "cancel": BilateralReasonForm(
                request.POST if action == "cancel" else None, prefix="cancel"
            ),
        }
        refusal = None
        if request.method == "POST":
            form = forms.get(action)
            if form is None:
                refusal = _("Choose what to do with this meeting.")
            elif form.is_valid():
                try:
                    done = _manage_step(action, form, event, meeting, Actor.from_request(request))
                except AgendaError as error:
                    refusal = _apply_error(form, error)
                else:
                    messages.success(request, done)
                    return redirect(
                        reverse(
                            "manage_agenda:bilateral",
                            kwargs={"slug": event.slug, "meeting_id": meeting.pk},
                        )
                    )
        context = {
            "event": event,
            "meeting": meeting,
            "slots": meeting.slots.all(),
            "forms": forms,
            "free": free,
            "failed": action if request.method == "POST" else "",
            "refusal": refusal,
        }
        status = 400 if request.method == "POST" else 200
        return render(request, "agenda/manage/bilateral.html", context, status=status)


def _manage_step(action, form, event, meeting, actor) -> str:
    data = form.cleaned_data
    if action == "room":
        done = bilateral_assign_room(
            event=event, meeting_id=meeting.pk, room_id=data["room"] or None, actor=actor
        )
        return _("The meeting is in %(room)s.") % {"room": done.room.name}
    if action == "move":
        bilateral_move(
            event=event,
            meeting_id=meeting.pk,
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            actor=actor,
        )
        return _("The meeting is moved; both delegations are told.")
    bilateral_cancel(event=event, meeting_id=meeting.pk, reason=data["reason"], actor=actor)
    return _("The meeting is cancelled; both delegations are told.")
