"""Bilateral meetings API.

- `/api/v1/delegations/<token>/bilaterals/…`: the head of delegation; the
  delegation's secret token in the URL is the credential (as on `/d/<token>/`).
  A meeting of another delegation is 404, exactly like an unknown one.
- `/api/v1/events/<slug>/bilaterals/…`: the organizers (programme token).

Refusals: 400 names the field (`slots` for the times, with the time's number in
the message), 409 for a conflict with the current state (double booking, not your
turn, no longer open), 404 for a meeting that is not yours.
"""

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from agenda.bilaterals.models import BilateralStatus
from agenda.bilaterals.selectors import (
    bilateral_of_delegation,
    bilateral_of_event,
    bilaterals_of_delegation,
    bilaterals_of_event,
)
from agenda.bilaterals.serializers import (
    BilateralAcceptSerializer,
    BilateralCounterSerializer,
    BilateralMeetingSerializer,
    BilateralMoveSerializer,
    BilateralReasonSerializer,
    BilateralRequestSerializer,
    BilateralRoomInputSerializer,
)
from agenda.bilaterals.services import (
    BilateralNotFound,
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
from agenda.programme.api import raise_refusal
from agenda.programme.errors import AgendaError
from events.audit.services import Actor
from events.client_address import client_ip
from events.permissions import HasEventRole, event_for_view
from events.teams.models import Role
from registrations.delegations.selectors import delegation_by_token

REFUSALS = {
    400: OpenApiResponse(description="Bad input, by field"),
    404: OpenApiResponse(description="No such meeting of yours"),
    409: OpenApiResponse(description="Double booking, not your turn, or no longer open"),
}


def _refuse(error: AgendaError):
    if isinstance(error, BilateralNotFound):
        raise Http404 from error
    if error.field and error.field.startswith("slot_"):
        number = error.field.removeprefix("slot_")
        error.message = _("Time %(number)s: %(message)s") % {
            "number": number,
            "message": error.message,
        }
        error.field = "slots"
    raise_refusal(error)


def _slots(rows) -> list[SlotInput]:
    return [SlotInput(row["starts_at"], row["ends_at"]) for row in rows]


class _Delegation:
    """The delegation's secret token in the URL is the credential."""

    authentication_classes = []
    permission_classes = [AllowAny]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        delegation = delegation_by_token(token=self.kwargs["token"])
        if delegation is None:
            raise Http404
        self.delegation = delegation
        # Times without an offset are the event's local time.
        timezone.activate(delegation.event.tzinfo)

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


class DelegationBilateralListView(_Delegation, GenericAPIView):
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
        try:
            meeting = bilateral_request(
                delegation=self.delegation,
                counterpart_id=data["counterpart"],
                subject=data["subject"],
                slots=_slots(data["slots"]),
                actor=self.actor(request),
            )
        except AgendaError as error:
            _refuse(error)
        return self.answer(meeting, status.HTTP_201_CREATED)


class DelegationBilateralDetailView(_Delegation, GenericAPIView):
    serializer_class = BilateralMeetingSerializer

    @extend_schema(
        operation_id="delegations_bilaterals_retrieve",
        auth=[],
        responses={200: BilateralMeetingSerializer, 404: REFUSALS[404]},
        summary="One of the delegation's bilateral meetings",
    )
    def get(self, request, token: str, meeting_id: int):
        return Response(BilateralMeetingSerializer(self.meeting_or_404(meeting_id)).data)


class _Step(GenericAPIView):
    """One step on one meeting: check the body, run `step`, answer the meeting."""

    serializer_class = serializers.Serializer
    input_serializer = BilateralReasonSerializer

    def step(self, request, meeting, data):
        raise NotImplementedError

    def run_step(self, request, meeting_id: int):
        meeting = self.meeting_or_404(meeting_id)
        body = self.input_serializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            meeting = self.step(request, meeting, body.validated_data)
        except AgendaError as error:
            _refuse(error)
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


class _Organizer:
    permission_classes = [HasEventRole]
    required_role = Role.PROGRAMME

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        timezone.activate(event_for_view(self).tzinfo)

    def finalize_response(self, request, response, *args, **kwargs):
        timezone.deactivate()
        return super().finalize_response(request, response, *args, **kwargs)

    def meeting_or_404(self, meeting_id):
        meeting = bilateral_of_event(event=event_for_view(self), meeting_id=meeting_id)
        if meeting is None:
            raise Http404
        return meeting

    def answer(self, meeting):
        meeting = bilateral_of_event(event=event_for_view(self), meeting_id=meeting.pk)
        return Response(BilateralMeetingSerializer(meeting).data)


class EventBilateralListView(_Organizer, GenericAPIView):
    serializer_class = BilateralMeetingSerializer

    @extend_schema(
        operation_id="events_bilaterals_list",
        responses=BilateralMeetingSerializer(many=True),
        parameters=[OpenApiParameter("status", str, enum=BilateralStatus.values)],
        summary="The summit's bilateral meetings (programme)",
    )
    def get(self, request, slug: str):
        wanted = request.query_params.get("status", "")
        wanted = wanted if wanted in BilateralStatus.values else ""
        page = self.paginate_queryset(
            bilaterals_of_event(event=event_for_view(self), status=wanted)
        )
        return self.get_paginated_response(BilateralMeetingSerializer(page, many=True).data)


class EventBilateralDetailView(_Organizer, GenericAPIView):
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
            event=event_for_view(self),
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
            event=event_for_view(self),
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
            event=event_for_view(self),
            meeting_id=meeting.pk,
            reason=data["reason"],
            actor=Actor.from_request(request),
        )
