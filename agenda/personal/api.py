"""Personal agenda API: the registrant's secret token is the credential."""

from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from agenda.personal.selectors import personal_feed_sessions
from agenda.personal.serializers import PersonalAgendaAddSerializer
from agenda.personal.services import personal_agenda_add, personal_agenda_remove
from agenda.programme.api import raise_refusal
from agenda.programme.errors import AgendaError
from agenda.programme.serializers import ReleasedSessionSerializer
from agenda.releases.selectors import released_session, schedule_get
from registrations.registration.selectors import registration_by_token


class _Registrant:
    """The registrant's secret token in the URL is the credential (as on /me/<token>/)."""

    authentication_classes = []
    permission_classes = [AllowAny]

    def get_registration(self):
        registration = registration_by_token(token=self.kwargs["token"])
        if registration is None:
            raise Http404
        return registration


class PersonalAgendaView(_Registrant, GenericAPIView):
    """The sessions in a registrant's agenda, and where they speak; add with POST."""

    serializer_class = ReleasedSessionSerializer

    @extend_schema(
        operation_id="me_agenda_list",
        auth=[],
        responses=ReleasedSessionSerializer(many=True),
        summary="A registrant's agenda (secret link)",
    )
    def get(self, request, token: str):
        registration = self.get_registration()
        schedule = schedule_get(event=registration.event)
        sessions = personal_feed_sessions(registration=registration, schedule=schedule)
        page = self.paginate_queryset(sessions)
        context = {"request": request, "event": registration.event}
        return self.get_paginated_response(
            ReleasedSessionSerializer(page, many=True, context=context).data
        )

    @extend_schema(
        auth=[],
        request=PersonalAgendaAddSerializer,
        responses={
            201: ReleasedSessionSerializer,
            403: OpenApiResponse(description="Invitation only"),
            409: OpenApiResponse(description="Full, cancelled or registration not active"),
        },
        summary="Add a session to a registrant's agenda",
    )
    def post(self, request, token: str):
        registration = self.get_registration()
        body = PersonalAgendaAddSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            item = personal_agenda_add(
                registration=registration, session_id=body.validated_data["session"]
            )
        except AgendaError as error:
            raise_refusal(error)
        snapshot = released_session(event=registration.event, session_id=item.session_id)
        context = {"request": request, "event": registration.event}
        return Response(
            ReleasedSessionSerializer(snapshot, context=context).data,
            status=status.HTTP_201_CREATED,
        )


class PersonalAgendaItemView(_Registrant, GenericAPIView):
    serializer_class = serializers.Serializer

    @extend_schema(auth=[], responses={204: None, 404: None}, summary="Remove a session")
    def delete(self, request, token: str, session_id: int):
        registration = self.get_registration()
        if not personal_agenda_remove(registration=registration, session_id=session_id):
            raise Http404
        return Response(status=status.HTTP_204_NO_CONTENT)
