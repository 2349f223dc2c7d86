"""Session API: the released sessions (public) and the draft (programme token).

Refusals of the programme's services propagate to the API's exception handler
(`events.api_errors`): 400 names the field, 409 the current state refuses.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from agenda.programme.interpretation import ChannelInput
from agenda.programme.models import Session
from agenda.programme.selectors import draft_sessions
from agenda.programme.serializers import (
    DraftSessionSerializer,
    ReleasedSessionSerializer,
    SessionFilterQuerySerializer,
)
from agenda.programme.services import SpeakerInput, session_create, session_delete, session_update
from agenda.releases.selectors import released_session, schedule_get, sessions_filter
from events.api_fields import query_params
from events.api_views import EventAPIView, RefusalSerializer
from events.audit.services import Actor
from events.summit.models import Event
from events.teams.models import Role
from registrations.registration.selectors import registration_by_reference


class _Released(EventAPIView):
    """The current release of a published summit, for anyone."""

    serializer_class = ReleasedSessionSerializer
    authentication_classes = []
    permission_classes = [AllowAny]
    published_only = True

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "event": self.event}


class ReleasedSessionListView(_Released):
    """The sessions of the current release, cancelled ones included (status tells)."""

    @extend_schema(
        operation_id="events_sessions_list",
        responses=ReleasedSessionSerializer(many=True),
        parameters=[SessionFilterQuerySerializer],
        auth=[],
        summary="Released sessions (public)",
    )
    def get(self, request, slug: str):
        params = query_params(SessionFilterQuerySerializer, request)
        sessions = sessions_filter(
            schedule_get(event=self.event).sessions,
            event=self.event,
            day=params.get("day"),
            track=params["track"],
            room=params["room"],
            kind=params["kind"],
            speaker=params.get("speaker"),
            interpretation=params["interpretation"],
        )
        page = self.paginate_queryset(sessions)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class ReleasedSessionDetailView(_Released):
    @extend_schema(
        operation_id="events_sessions_retrieve", auth=[], summary="One released session (public)"
    )
    def get(self, request, slug: str, session_id: int):
        snapshot = released_session(event=self.event, session_id=session_id)
        if snapshot is None:
            raise Http404
        return Response(self.get_serializer(snapshot).data)


def _channel_inputs(rows) -> list[ChannelInput] | None:
    return None if rows is None else [ChannelInput(**row) for row in rows]


def _speaker_inputs(event: Event, rows) -> list[SpeakerInput] | None:
    if rows is None:
        return None
    inputs = []
    for row in rows:
        registration = registration_by_reference(event=event, reference=row["registration"])
        if registration is None:
            raise ValidationError(
                {
                    "speakers": [
                        _("No registration of this summit has the reference %(reference)s.")
                        % {"reference": row["registration"]}
                    ]
                }
            )
        inputs.append(SpeakerInput(registration.pk, row["role"], row["order"]))
    return inputs


class _Draft(EventAPIView):
    """The draft programme, for programme managers; rooms and tracks of this event only."""

    serializer_class = DraftSessionSerializer
    required_roles = (Role.PROGRAMME,)

    def get_serializer(self, *args, **kwargs):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no event
            return DraftSessionSerializer(*args, **kwargs)
        return DraftSessionSerializer(*args, event=self.event, **kwargs)


class DraftSessionListView(_Draft):
    @extend_schema(
        operation_id="events_draft_sessions_list",
        responses=DraftSessionSerializer(many=True),
        summary="Draft sessions (programme)",
    )
    def get(self, request, slug: str):
        page = self.paginate_queryset(draft_sessions(event=self.event))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        responses={201: DraftSessionSerializer}, summary="Add a session to the draft (programme)"
    )
    def post(self, request, slug: str):
        body = self.get_serializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        speakers = _speaker_inputs(self.event, data.pop("speakers", None))
        interpretation = _channel_inputs(data.pop("interpretation", None))
        session = session_create(
            event=self.event,
            actor=Actor.from_request(request),
            data=data,
            speakers=speakers,
            interpretation=interpretation,
        )
        session = draft_sessions(event=self.event).get(pk=session.pk)
        return Response(self.get_serializer(session).data, status=status.HTTP_201_CREATED)


class DraftSessionDetailView(_Draft):
    def get_session(self) -> Session:
        return get_object_or_404(draft_sessions(event=self.event), pk=self.kwargs["session_id"])

    @extend_schema(
        operation_id="events_draft_sessions_retrieve", summary="One draft session (programme)"
    )
    def get(self, request, slug: str, session_id: int):
        return Response(self.get_serializer(self.get_session()).data)

    def _update(self, request, *, partial: bool):
        session = self.get_session()
        body = self.get_serializer(session, data=request.data, partial=partial)
        body.is_valid(raise_exception=True)
        changes = dict(body.validated_data)
        speakers = _speaker_inputs(self.event, changes.pop("speakers", None))
        interpretation = _channel_inputs(changes.pop("interpretation", None))
        session_update(
            session_id=session.pk,
            actor=Actor.from_request(request),
            changes=changes,
            speakers=speakers,
            interpretation=interpretation,
        )
        return Response(self.get_serializer(self.get_session()).data)

    @extend_schema(summary="Change a draft session (programme)")
    def patch(self, request, slug: str, session_id: int):
        return self._update(request, partial=True)

    @extend_schema(summary="Replace a draft session (programme)")
    def put(self, request, slug: str, session_id: int):
        return self._update(request, partial=False)

    @extend_schema(
        summary="Delete a never-released draft session (programme)",
        responses={
            204: None,
            409: OpenApiResponse(RefusalSerializer, description="Released: cancel it instead"),
        },
    )
    def delete(self, request, slug: str, session_id: int):
        session = self.get_session()
        session_delete(session_id=session.pk, actor=Actor.from_request(request))
        return Response(status=status.HTTP_204_NO_CONTENT)
