"""`GET /api/v1/events/<slug>/stats/`: the dashboard's numbers, for any role on the event."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from events.api_views import EventAPIView
from events.permissions import event_roles_held
from events.teams.models import Role
from registrations.dashboard.serializers import EventStatsSerializer
from registrations.dashboard.stats import event_stats


class EventStatsView(EventAPIView):
    required_roles = tuple(Role.values)
    pagination_class = None

    @extend_schema(
        responses=EventStatsSerializer,
        summary="The event's dashboard numbers (any role; the to-do list follows the role)",
    )
    def get(self, request, slug: str):
        stats = event_stats(event=self.event, roles=event_roles_held(request.user, self.event))
        return Response(stats)
