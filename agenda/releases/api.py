"""Release API (programme token): what the next release would change, the releases, publish."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from agenda.programme.api import raise_refusal
from agenda.programme.errors import AgendaError
from agenda.releases.selectors import releases_of
from agenda.releases.serializers import (
    ReleaseCreateSerializer,
    ReleasePreviewSerializer,
    ReleaseSerializer,
)
from agenda.releases.services import release_preview, schedule_release
from events.audit.services import Actor
from events.permissions import HasEventRole, event_for_view
from events.teams.models import Role


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
