"""Release API (programme token): what the next release would change, the releases, publish.

Refusals (nothing to release) propagate to the API's exception handler (`events.api_errors`).
"""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.response import Response

from agenda.releases.selectors import releases_of
from agenda.releases.serializers import (
    ReleaseCreateSerializer,
    ReleasePreviewSerializer,
    ReleasePublishedSerializer,
    ReleaseSerializer,
)
from agenda.releases.services import release_preview, schedule_release
from events.api_views import EventAPIView, RefusalSerializer
from events.audit.services import Actor
from events.teams.models import Role


class ReleasePreviewView(EventAPIView):
    """What releasing the draft now would publish, and what it would change."""

    serializer_class = ReleasePreviewSerializer
    required_roles = (Role.PROGRAMME,)

    @extend_schema(summary="What the next release would change (programme)")
    def get(self, request, slug: str):
        return Response(ReleasePreviewSerializer(release_preview(event=self.event)).data)


class ReleaseListView(EventAPIView):
    """The numbered releases of the schedule; each one publishes the draft as it was."""

    serializer_class = ReleaseSerializer
    required_roles = (Role.PROGRAMME,)

    @extend_schema(
        operation_id="events_releases_list",
        responses=ReleaseSerializer(many=True),
        summary="Schedule releases, newest first (programme)",
    )
    def get(self, request, slug: str):
        page = self.paginate_queryset(releases_of(event=self.event))
        return self.get_paginated_response(ReleaseSerializer(page, many=True).data)

    @extend_schema(
        request=ReleaseCreateSerializer,
        responses={
            201: ReleasePublishedSerializer,
            409: OpenApiResponse(RefusalSerializer, description="Nothing changed"),
        },
        summary="Publish the draft as the next release (programme)",
    )
    def post(self, request, slug: str):
        body = ReleaseCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        release = schedule_release(
            event_id=self.event.pk,
            actor=Actor.from_request(request),
            comment=body.validated_data["comment"],
        )
        return Response(
            ReleasePublishedSerializer(release, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )
