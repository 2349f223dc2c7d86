"""Bilateral meetings API.

- `/api/v1/delegations/<token>/bilaterals/…`: the head of delegation; the
  delegation's secret token in the URL is the credential (as on `/d/<token>/`).
  A meeting of another delegation is 404, exactly like an unknown one.
- `/api/v1/events/<slug>/bilaterals/…`: the organizers (programme token).

Refusals propagate to the API's exception handler (`events.api_errors`): 400
names the field (`slots` for the times, with the time's number in the message),
409 for a conflict with the current state (double booking, not your turn, no
longer open), 404 for a meeting that is not yours, exactly as for an unknown one.
"""

from contextlib import contextmanager
from functools import cached_property

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from agenda.bilaterals.selectors import (
    bilateral_of_delegation,
    bilateral_of_event,
    bilaterals_of_delegation,
    bilaterals_of_event,
)
from agenda.bilaterals.serializers import (
    BilateralAcceptSerializer,
    BilateralCounterSerializer,
    BilateralListQuerySerializer,
    BilateralMeetingSerializer,
    BilateralMoveSerializer,
    BilateralReasonSerializer,
    BilateralRequestSerializer,
    BilateralRoomInputSerializer,
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
from events.api_fields import query_params
from events.api_views import EventAPIView, RefusalSerializer
from events.audit.services import Actor
from events.client_address import client_ip
from events.summit.models import Event
from events.teams.models import Role
from registrations.delegations.models import Delegation
from registrations.delegations.selectors import delegation_by_token

REFUSALS = {
    400: OpenApiResponse(description="Bad input, by field"),
    404: OpenApiResponse(description="No such meeting of yours"),
    409: OpenApiResponse(
        RefusalSerializer, description="Double booking, not your turn, or no longer open"
    ),
}


@contextmanager
def _times_by_number():
    """The services name a proposed time's input (`slot_2`, as the pages' fields); the
    API's input is the list `slots`: the refusal names it, with the time's number."""
    try:
        yield
    except AgendaError as error:
        if error.field and error.field.startswith("slot_"):
            number = error.field.removeprefix("slot_")
            error.message = _("Time %(number)s: %(message)s") % {
                "number": number,
                "message": error.message,
            }
            error.field = "slots"
        raise


def _slots(rows) -> list[SlotInput]:
    return [SlotInput(row["starts_at"], row["ends_at"]) for row in rows]


class _Delegation(EventAPIView):
    """The delegation's secret token in the URL is the credential."""

    authentication_classes = []
    permission_classes = [AllowAny]

    @cached_property
    def delegation(self) -> Delegation:
        delegation = delegation_by_token(token=self.kwargs["token"])
        if delegation is None:
            raise Http404
        return delegation

    def get_event(self) -> Event:
        """The delegation's event: an unknown token is 404."""
        return self.delegation.event

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # Times without an offset are the event's local time.
        timezone.activate(self.event.tzinfo)

    def finalize_response(self, request, response, *args, **kwargs):
        timezone.deactivate()
        return super().finalize_response(request, response, *args, **kwargs)

    def actor(self, request):
        return delegation_actor(self.delegation, client_ip=client_ip(request))

    def meeting_or_404(self, meeting_id):
        meeting = bilateral_of_delegation(delegation=self.delegation, meeting_id=meeting_id)
        if meeting is None:
            raise Http404
        return meeting

    def answer(self, meeting, code=status.HTTP_200_OK):
        meeting = bilateral_of_delegation(delegation=self.delegation, meeting_id=meeting.pk)
        return Response(BilateralMeetingSerializer(meeting).data, status=code)


class DelegationBilateralListView(_Delegation):
    serializer_class = BilateralMeetingSerializer

    @extend_schema(
        operation_id="delegations_bilaterals_list",
        auth=[],
        responses={200: BilateralMeetingSerializer(many=True), 404: REFUSALS[404]},
        summary="A delegation's bilateral meetings, asked and received (secret link)",
    )
    def get(self, request, token: str):
        page = self.paginate_queryset(bilaterals_of_delegation(delegation=self.delegation))
        return self.get_paginated_response(BilateralMeetingSerializer(page, many=True).data)

    @extend_schema(
        auth=[],
        request=BilateralRequestSerializer,
        responses={201: BilateralMeetingSerializer, **REFUSALS},
        summary="Request a bilateral meeting with another delegation (one to three times)",
    )
    def post(self, request, token: str):
        body = BilateralRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        with _times_by_number():
            meeting = bilateral_request(
                delegation=self.delegation,
                counterpart_id=data["counterpart"],
                subject=data["subject"],
                slots=_slots(data["slots"]),
                actor=self.actor(request),
            )
        return self.answer(meeting, status.HTTP_201_CREATED)


class DelegationBilateralDetailView(_Delegation):
    serializer_class = BilateralMeetingSerializer

    @extend_schema(
        operation_id="delegations_bilaterals_retrieve",
        auth=[],
        responses={200: BilateralMeetingSerializer, 404: REFUSALS[404]},
        summary="One of the delegation's bilateral meetings",
    )
    def get(self, request, token: str, meeting_id: int):
        return Response(BilateralMeetingSerializer(self.meeting_or_404(meeting_id)).data)


class _Step(EventAPIView):
    """One step on one meeting: check the body, run `step`, answer the meeting."""

    serializer_class = serializers.Serializer
    input_serializer = BilateralReasonSerializer

    def step(self, request, meeting, data):
        raise NotImplementedError

    def run_step(self, request, meeting_id: int):
        meeting = self.meeting_or_404(meeting_id)
        body = self.input_serializer(data=request.data)
        body.is_valid(raise_exception=True)
        with _times_by_number():
            meeting = self.step(request, meeting, body.validated_data)
        return self.answer(meeting)


class _DelegationStep(_Delegation, _Step):
    def post(self, request, token: str, meeting_id: int):
        return self.run_step(request, meeting_id)


def _step_schema(summary: str, request):
    return extend_schema(
        auth=[],
        request=request,
        responses={200: BilateralMeetingSerializer, **REFUSALS},
        summary=summary,
    )


class DelegationBilateralAcceptView(_DelegationStep):
    input_serializer = BilateralAcceptSerializer

    @_step_schema(
        "Accept one of the proposed times: the meeting is confirmed", BilateralAcceptSerializer
    )
    def post(self, request, token: str, meeting_id: int):
        return super().post(request, token, meeting_id)

    def step(self, request, meeting, data):
        return bilateral_accept(
            delegation=self.delegation,
            meeting_id=meeting.pk,
            slot_id=data["slot"],
            actor=self.actor(request),
        )


class DelegationBilateralDeclineView(_DelegationStep):
    @_step_schema("Decline a request", BilateralReasonSerializer)
    def post(self, request, token: str, meeting_id: int):
        return super().post(request, token, meeting_id)

    def step(self, request, meeting, data):
        return bilateral_decline(
            delegation=self.delegation,
            meeting_id=meeting.pk,
            reason=data["reason"],
            actor=self.actor(request),
        )


class DelegationBilateralCounterView(_DelegationStep):
    input_serializer = BilateralCounterSerializer

    @_step_schema("Propose other times (one to three)", BilateralCounterSerializer)
    def post(self, request, token: str, meeting_id: int):
        return super().post(request, token, meeting_id)

    def step(self, request, meeting, data):
        return bilateral_counter(
            delegation=self.delegation,
            meeting_id=meeting.pk,
            slots=_slots(data["slots"]),
            actor=self.actor(request),
        )


class DelegationBilateralCancelView(_DelegationStep):
    @_step_schema("Withdraw a request or cancel a confirmed meeting", BilateralReasonSerializer)
    def post(self, request, token: str, meeting_id: int):
        return super().post(request, token, meeting_id)

    def step(self, request, meeting, data):
        return bilateral_cancel(
            delegation=self.delegation,
            meeting_id=meeting.pk,
            reason=data["reason"],
            actor=self.actor(request),
        )


# --- The organizers (programme token) ----------------------------------------------------


class _Organizer(EventAPIView):
    """The summit's bilateral meetings, for the organizers."""

    required_roles = (Role.PROGRAMME,)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # Times without an offset are the event's local time.
        timezone.activate(self.event.tzinfo)

    def finalize_response(self, request, response, *args, **kwargs):
        timezone.deactivate()
        return super().finalize_response(request, response, *args, **kwargs)

    def meeting_or_404(self, meeting_id):
        meeting = bilateral_of_event(event=self.event, meeting_id=meeting_id)
        if meeting is None:
            raise Http404
        return meeting

    def answer(self, meeting):
        meeting = bilateral_of_event(event=self.event, meeting_id=meeting.pk)
        return Response(BilateralMeetingSerializer(meeting).data)


class EventBilateralListView(_Organizer):
    serializer_class = BilateralMeetingSerializer

    @extend_schema(
        operation_id="events_bilaterals_list",
        responses=BilateralMeetingSerializer(many=True),
        parameters=[BilateralListQuerySerializer],
        summary="The summit's bilateral meetings (programme)",
    )
    def get(self, request, slug: str):
        wanted = query_params(BilateralListQuerySerializer, request)["status"]
        page = self.paginate_queryset(bilaterals_of_event(event=self.event, status=wanted))
        return self.get_paginated_response(BilateralMeetingSerializer(page, many=True).data)


class EventBilateralDetailView(_Organizer):
    serializer_class = BilateralMeetingSerializer

    @extend_schema(
        operation_id="events_bilaterals_retrieve",
        responses={200: BilateralMeetingSerializer, 404: REFUSALS[404]},
        summary="One bilateral meeting (programme)",
    )
    def get(self, request, slug: str, meeting_id: int):
        return Response(BilateralMeetingSerializer(self.meeting_or_404(meeting_id)).data)


class _OrganizerStep(_Organizer, _Step):
    def post(self, request, slug: str, meeting_id: int):
        return self.run_step(request, meeting_id)


def _organizer_schema(summary: str, request):
    return extend_schema(
        request=request,
        responses={200: BilateralMeetingSerializer, **REFUSALS},
        summary=summary,
    )


class EventBilateralRoomView(_OrganizerStep):
    input_serializer = BilateralRoomInputSerializer

    @_organizer_schema(
        "Assign a bilateral room; without one, the first free (programme)",
        BilateralRoomInputSerializer,
    )
    def post(self, request, slug: str, meeting_id: int):
        return super().post(request, slug, meeting_id)

    def step(self, request, meeting, data):
        return bilateral_assign_room(
            event=self.event,
            meeting_id=meeting.pk,
            room_id=data["room"],
            actor=Actor.from_request(request),
        )


class EventBilateralMoveView(_OrganizerStep):
    input_serializer = BilateralMoveSerializer

    @_organizer_schema("Move a confirmed meeting (programme)", BilateralMoveSerializer)
    def post(self, request, slug: str, meeting_id: int):
        return super().post(request, slug, meeting_id)

    def step(self, request, meeting, data):
        return bilateral_move(
            event=self.event,
            meeting_id=meeting.pk,
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            actor=Actor.from_request(request),
        )


class EventBilateralCancelView(_OrganizerStep):
    @_organizer_schema(
        "Cancel a request or a confirmed meeting (programme)", BilateralReasonSerializer
    )
    def post(self, request, slug: str, meeting_id: int):
        return super().post(request, slug, meeting_id)

    def step(self, request, meeting, data):
        return bilateral_cancel(
            event=self.event,
            meeting_id=meeting.pk,
            reason=data["reason"],
            actor=Actor.from_request(request),
        )
