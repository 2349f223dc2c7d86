"""Check-in API at the door: scans, recent scans, counts and the manual lookup.

A check-in token (or a signed-in organizer with the check-in role) calls these; the
token's own event is reused, so a scan reads no event row. A scan request that is
itself wrong (unknown zone, nonce reused) propagates as a `ScanRequestError` and is
answered 400 naming the field, with nothing logged. The offline package and upload
are `registrations.checkin.offline_api`.
"""

from django.db.models import Count, Q, prefetch_related_objects
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.response import Response

from events.api_fields import query_params
from events.api_views import EventAPIView
from events.audit.services import Actor, audit_record
from events.teams.models import Role
from events.throttling import ClientRateThrottle, EventRateThrottle
from events.tokens.authentication import TokenPrincipal
from registrations.checkin.layout import event_layout
from registrations.checkin.scan import ScanDevice, checkin_scan
from registrations.checkin.selectors import checkin_counts, registrations_lookup, scans_recent
from registrations.checkin.serializers import (
    CheckInAnswer,
    CheckInAnswerSerializer,
    CheckInCountsSerializer,
    CheckInLookupAnswerSerializer,
    CheckInRequestSerializer,
    LookupQuerySerializer,
    RecentScansQuerySerializer,
    RecentScansSerializer,
    RegistrationCard,
)
from registrations.vehicles.models import VehicleGateEntry


# The door's views: one check-in role, whole answers rather than pages. A comment,
# not a docstring: drf-spectacular would publish it as each operation's description.
class CheckInAPIView(EventAPIView):
    required_roles = (Role.CHECKIN,)
    pagination_class = None


class CheckInView(CheckInAPIView):
    serializer_class = CheckInRequestSerializer
    throttle_scope = "checkin"
    throttle_classes = [ClientRateThrottle, EventRateThrottle]

    @extend_schema(
        request=CheckInRequestSerializer,
        responses={200: CheckInAnswerSerializer},
        summary="Scan a badge or a vehicle pass (check-in token)",
    )
    def post(self, request, slug: str):
        body = CheckInRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        outcome = checkin_scan(
            event=self.event,
            device=ScanDevice.from_request(request),
            code=data.get("code"),
            reference=data.get("reference"),
            zone_slug=data.get("zone", ""),
            direction=data["direction"],
            nonce=data.get("nonce", ""),
        )
        return Response(CheckInAnswerSerializer(CheckInAnswer.of(outcome, event=self.event)).data)

    @extend_schema(
        parameters=[RecentScansQuerySerializer],
        responses=RecentScansSerializer,
        summary="Latest scans (check-in token)",
    )
    def get(self, request, slug: str):
        params = query_params(RecentScansQuerySerializer, request)
        filters = {"zone": params["zone"]}
        if params["mine"]:
            principal = request.user
            if isinstance(principal, TokenPrincipal):
                filters["token_id"] = principal.token.pk
            else:
                filters["user_id"] = principal.pk
        scans = list(scans_recent(event=self.event, **filters)[: params["limit"]])
        prefetch_related_objects(scans, "vehicle_pass__delegation")
        return Response(RecentScansSerializer({"results": scans}).data)


class CheckInStatsView(CheckInAPIView):
    @extend_schema(
        responses=CheckInCountsSerializer, summary="Check-in counts by zone, category and hour"
    )
    def get(self, request, slug: str):
        counts = checkin_counts(event=self.event)
        _add_vehicle_gate_counts(counts, event=self.event)
        return Response(CheckInCountsSerializer(counts).data)


def _add_vehicle_gate_counts(counts: dict, *, event) -> None:
    """Vehicle gates count vehicle passes through them, not people."""
    gates = [zone for zone in counts["zones"] if zone.get("kind") == "vehicle"]
    if not gates:
        return
    by_zone = {
        row["zone__slug"]: row
        for row in VehicleGateEntry.objects.filter(event=event)
        .values("zone__slug")
        .annotate(entered=Count("pk"), inside=Count("pk", filter=Q(is_inside=True)))
        .order_by()
    }
    for zone in gates:
        row = by_zone.get(zone["slug"], {})
        zone["entered"] = row.get("entered", 0)
        zone["inside"] = row.get("inside", 0)


class CheckInLookupView(CheckInAPIView):
    """Find someone at the door by name: bounded, throttled per token and audited.

    The audit entry keeps who looked, how long the query was and whose records it
    showed, not the words typed: a searched name can be someone who never
    registered, and the log outlives the registrations' retention.
    """

    throttle_scope = "checkin-lookup"
    throttle_classes = [ClientRateThrottle]

    @extend_schema(
        parameters=[LookupQuerySerializer],
        responses={
            200: CheckInLookupAnswerSerializer,
            429: OpenApiResponse(
                description="Too many lookups by this token or user: wait `Retry-After` seconds."
            ),
        },
        summary="Find a registrant without a badge (check-in token)",
    )
    def get(self, request, slug: str):
        params = LookupQuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        query = params.validated_data["q"]
        layout = event_layout(event_id=self.event.pk)
        matches = registrations_lookup(event=self.event, query=query)
        audit_record(
            event=self.event,
            actor=Actor.from_request(request),
            action="checkin.lookup",
            obj=self.event,
            data={
                "length": len(query),
                "words": len(query.split()),
                "found": [item.reference for item in matches],
            },
        )
        cards = [RegistrationCard.of(item, event=self.event, layout=layout) for item in matches]
        return Response(CheckInLookupAnswerSerializer({"results": cards}).data)
