"""Agenda API: the released sessions (public), the draft (programme token), personal agendas."""

from datetime import date

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import APIException, PermissionDenied, ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from agenda.models import Session
from agenda.selectors import (
    draft_sessions,
    personal_feed_sessions,
    released_session,
    releases_of,
    schedule_get,
    sessions_filter,
)
from agenda.serializers import (
    DraftSessionSerializer,
    PersonalAgendaAddSerializer,
    ReleaseCreateSerializer,
    ReleasedSessionSerializer,
    ReleasePreviewSerializer,
    ReleaseSerializer,
)
from agenda.services.errors import AgendaError
from agenda.services.personal import personal_agenda_add, personal_agenda_remove
from agenda.services.programme import SpeakerInput, session_create, session_delete, session_update
from agenda.services.releases import release_preview, schedule_release
from events.models import Event, Role
from events.permissions import HasEventRole, event_for_view
from events.services import Actor
from registrations.registration.selectors import registration_by_reference, registration_by_token


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT


def raise_refusal(error: AgendaError):
    """400 names the field; 409 for a conflict with the current state; 403 when not allowed."""
    body = {"detail": error.message, "code": error.code}
    if error.status == status.HTTP_409_CONFLICT:
        raise Conflict(body) from error
    if error.status == status.HTTP_403_FORBIDDEN:
        raise PermissionDenied(body) from error
    raise ValidationError({error.field or "non_field_errors": [error.message]}) from error


SESSION_FILTERS = [
    OpenApiParameter("day", str, description="YYYY-MM-DD in the event's time zone"),
    OpenApiParameter("track", str, description="track slug"),
    OpenApiParameter("room", str, description="room slug"),
    OpenApiParameter("kind", str),
    OpenApiParameter("speaker", int, description="speaker id"),
]


class ReleasedSessionListView(GenericAPIView):
    """The sessions of the current release, cancelled ones included (status tells)."""

    serializer_class = ReleasedSessionSerializer
    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="events_sessions_list",
        responses=ReleasedSessionSerializer(many=True),
        parameters=SESSION_FILTERS,
        auth=[],
        summary="Released sessions (public)",
    )
    def get(self, request, slug: str):
        event = get_object_or_404(Event.objects.published(), slug=slug)
        schedule = schedule_get(event=event)
        params = request.query_params
        try:
            day = date.fromisoformat(params["day"]) if params.get("day") else None
        except ValueError as error:
            raise ValidationError({"day": [_("Use the YYYY-MM-DD format.")]}) from error
        speaker = params.get("speaker", "")
        sessions = sessions_filter(
            schedule.sessions,
            event=event,
            day=day,
            track=params.get("track", ""),
            room=params.get("room", ""),
            kind=params.get("kind", ""),
            speaker=int(speaker) if speaker.isdigit() else None,
        )
        page = self.paginate_queryset(sessions)
        data = ReleasedSessionSerializer(
            page, many=True, context={"request": request, "event": event}
        ).data
        return self.get_paginated_response(data)


class ReleasedSessionDetailView(GenericAPIView):
    serializer_class = ReleasedSessionSerializer
    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="events_sessions_retrieve", auth=[], summary="One released session (public)"
    )
    def get(self, request, slug: str, session_id: int):
        event = get_object_or_404(Event.objects.published(), slug=slug)
        snapshot = released_session(event=event, session_id=session_id)
        if snapshot is None:
            raise Http404
        return Response(
            ReleasedSessionSerializer(snapshot, context={"request": request, "event": event}).data
        )


# --- The draft (programme token) ---------------------------------------------------


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


class DraftSessionListView(GenericAPIView):
    serializer_class = DraftSessionSerializer
    permission_classes = [HasEventRole]
    required_role = Role.PROGRAMME

    def get_serializer(self, *args, **kwargs):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no event
            return DraftSessionSerializer(*args, **kwargs)
        return DraftSessionSerializer(*args, event=event_for_view(self), **kwargs)

    @extend_schema(
        operation_id="events_draft_sessions_list",
        responses=DraftSessionSerializer(many=True),
        summary="Draft sessions (programme)",
    )
    def get(self, request, slug: str):
        page = self.paginate_queryset(draft_sessions(event=event_for_view(self)))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(summary="Add a session to the draft (programme)")
    def post(self, request, slug: str):
        event = event_for_view(self)
        body = self.get_serializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        speakers = _speaker_inputs(event, data.pop("speakers", None))
        try:
            session = session_create(
                event=event, actor=Actor.from_request(request), data=data, speakers=speakers
            )
        except AgendaError as error:
            raise_refusal(error)
        session = draft_sessions(event=event).get(pk=session.pk)
        return Response(self.get_serializer(session).data, status=status.HTTP_201_CREATED)


class DraftSessionDetailView(GenericAPIView):
    serializer_class = DraftSessionSerializer
    permission_classes = [HasEventRole]
    required_role = Role.PROGRAMME

    def get_serializer(self, *args, **kwargs):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no event
            return DraftSessionSerializer(*args, **kwargs)
        return DraftSessionSerializer(*args, event=event_for_view(self), **kwargs)

    def get_session(self) -> Session:
        return get_object_or_404(
            draft_sessions(event=event_for_view(self)), pk=self.kwargs["session_id"]
        )

    @extend_schema(
        operation_id="events_draft_sessions_retrieve", summary="One draft session (programme)"
    )
    def get(self, request, slug: str, session_id: int):
        return Response(self.get_serializer(self.get_session()).data)

    def _update(self, request, *, partial: bool):
        event = event_for_view(self)
        session = self.get_session()
        body = self.get_serializer(session, data=request.data, partial=partial)
        body.is_valid(raise_exception=True)
        changes = dict(body.validated_data)
        speakers = _speaker_inputs(event, changes.pop("speakers", None))
        try:
            session_update(
                session_id=session.pk,
                actor=Actor.from_request(request),
                changes=changes,
                speakers=speakers,
            )
        except AgendaError as error:
            raise_refusal(error)
        return Response(self.get_serializer(self.get_session()).data)

    @extend_schema(summary="Change a draft session (programme)")
    def patch(self, request, slug: str, session_id: int):
        return self._update(request, partial=True)

    @extend_schema(summary="Replace a draft session (programme)")
    def put(self, request, slug: str, session_id: int):
        return self._update(request, partial=False)

    @extend_schema(
        summary="Delete a never-released draft session (programme)",
        responses={204: None, 400: OpenApiResponse(description="Released: cancel it instead")},
    )
    def delete(self, request, slug: str, session_id: int):
        session = self.get_session()
        try:
            session_delete(session_id=session.pk, actor=Actor.from_request(request))
        except AgendaError as error:
            raise_refusal(error)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ReleasePreviewView(GenericAPIView):
    serializer_class = ReleasePreviewSerializer
    permission_classes = [HasEventRole]
    required_role = Role.PROGRAMME

    @extend_schema(summary="What the next release would change (programme)")
    def get(self, request, slug: str):
        preview = release_preview(event=event_for_view(self))
        return Response(
            ReleasePreviewSerializer(
                {
                    "next_number": preview.next_number,
                    "counts": preview.counts,
                    "changes": preview.changes,
                }
            ).data
        )


class ReleaseListView(GenericAPIView):
    serializer_class = ReleaseSerializer
    permission_classes = [HasEventRole]
    required_role = Role.PROGRAMME

    @extend_schema(
        operation_id="events_releases_list",
        responses=ReleaseSerializer(many=True),
        summary="Schedule releases, newest first (programme)",
    )
    def get(self, request, slug: str):
        page = self.paginate_queryset(releases_of(event=event_for_view(self)))
        return self.get_paginated_response(ReleaseSerializer(page, many=True).data)

    @extend_schema(
        request=ReleaseCreateSerializer,
        responses={201: ReleaseSerializer, 409: OpenApiResponse(description="Nothing changed")},
        summary="Publish the draft as the next release (programme)",
    )
    def post(self, request, slug: str):
        body = ReleaseCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            release = schedule_release(
                event_id=event_for_view(self).pk,
                actor=Actor.from_request(request),
                comment=body.validated_data["comment"],
            )
        except AgendaError as error:
            raise_refusal(error)
        return Response(ReleaseSerializer(release).data, status=status.HTTP_201_CREATED)


# --- Personal agenda (the registrant's secret token) ---------------------------------------


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
