from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.response import Response

from events.audit.services import Actor
from events.permissions import MayCreateEvents
from events.summit.selectors import event_list_public
from events.summit.serializers import (
    EventCreatedSerializer,
    EventCreateSerializer,
    EventDetailSerializer,
    EventSerializer,
)
from events.summit.services import event_create


class EventViewSet(viewsets.ReadOnlyModelViewSet):
    """Published summits (drafts answer 404); organizer-level admins create new ones."""

    lookup_field = "slug"
    serializer_class = EventSerializer

    def get_queryset(self):
        queryset = event_list_public()
        if self.action == "retrieve":
            queryset = queryset.prefetch_related("zones", "categories__zones")
        return queryset

    def get_serializer_class(self):
        return EventDetailSerializer if self.action == "retrieve" else EventSerializer

    def get_permissions(self):
        if self.action == "create":
            return [MayCreateEvents()]
        return super().get_permissions()

    @extend_schema(
        summary="Create a summit, blank or as a copy (an organizer-level admin)",
        description=(
            "A signed-in administrator of any summit, or an admin token of any summit. The "
            "new summit is a draft; its creator (for a token: the person who issued it) is "
            "its admin. Created with a token, the answer carries a new admin token of the "
            "new summit (`admin_token`), shown once."
        ),
        request=EventCreateSerializer,
        responses={201: EventCreatedSerializer},
    )
    def create(self, request):
        body = EventCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        copy_from = data.pop("copy_from", None)
        created = event_create(actor=Actor.from_request(request), data=data, copy_from=copy_from)
        context = {"request": request, "admin_token": created.admin_token}
        return Response(
            EventCreatedSerializer(created.event, context=context).data,
            status=status.HTTP_201_CREATED,
        )
