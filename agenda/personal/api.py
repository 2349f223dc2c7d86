"""Personal agenda API: the registrant's secret token is the credential.

The event is the registration's. Refusals (full, invitation only) propagate to
the API's exception handler (`events.api_errors`).
"""

from functools import cached_property

from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from agenda.personal.selectors import personal_feed_sessions
from agenda.personal.serializers import PersonalAgendaAddSerializer
from agenda.personal.services import personal_agenda_add, personal_agenda_remove
from agenda.programme.serializers import ReleasedSessionSerializer
from agenda.releases.selectors import released_session, schedule_get
from events.api_views import EventAPIView, RefusalSerializer
from events.summit.models import Event
from registrations.registration.models import Registration
from registrations.registration.selectors import registration_by_token


class _Registrant(EventAPIView):
    """The registrant's secret token in the URL is the credential (as on /me/<token>/)."""

    serializer_class = ReleasedSessionSerializer
    authentication_classes = []
    permission_classes = [AllowAny]

    @cached_property
    def registration(self) -> Registration:
        registration = registration_by_token(token=self.kwargs["token"])
        if registration is None:
            raise Http404
        return registration

    def get_event(self) -> Event:
        """The registration's event: an unknown token is 404."""
        return self.registration.event

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "event": self.event}


class PersonalAgendaView(_Registrant):
    """The sessions in a registrant's agenda, and where they speak; add with POST."""

    @extend_schema(
        operation_id="me_agenda_list",
        auth=[],
        responses=ReleasedSessionSerializer(many=True),
        summary="A registrant's agenda (secret link)",
    )
    def get(self, request, token: str):
        schedule = schedule_get(event=self.event)
        sessions = personal_feed_sessions(registration=self.registration, schedule=schedule)
        page = self.paginate_queryset(sessions)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        auth=[],
        request=PersonalAgendaAddSerializer,
        responses={
            201: ReleasedSessionSerializer,
            403: OpenApiResponse(RefusalSerializer, description="Invitation only"),
            409: OpenApiResponse(
                RefusalSerializer, description="Full, cancelled or registration not active"
            ),
        },
        summary="Add a session to a registrant's agenda",
    )
    def post(self, request, token: str):
        body = PersonalAgendaAddSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        item = personal_agenda_add(
            registration=self.registration, session_id=body.validated_data["session"]
        )
        snapshot = released_session(event=self.event, session_id=item.session_id)
        return Response(self.get_serializer(snapshot).data, status=status.HTTP_201_CREATED)


class PersonalAgendaItemView(_Registrant):
    @extend_schema(auth=[], responses={204: None}, summary="Remove a session")
    def delete(self, request, token: str, session_id: int):
        if not personal_agenda_remove(registration=self.registration, session_id=session_id):
            raise Http404
        return Response(status=status.HTTP_204_NO_CONTENT)
