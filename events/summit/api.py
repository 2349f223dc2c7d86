from rest_framework import viewsets

from events.summit.selectors import event_list_public
from events.summit.serializers import EventDetailSerializer, EventSerializer


class EventViewSet(viewsets.ReadOnlyModelViewSet):
    """Published summits. Drafts answer 404."""

    lookup_field = "slug"
    serializer_class = EventSerializer

    def get_queryset(self):
        queryset = event_list_public()
        if self.action == "retrieve":
            queryset = queryset.prefetch_related("zones", "categories__zones")
        return queryset

    def get_serializer_class(self):
        return EventDetailSerializer if self.action == "retrieve" else EventSerializer
