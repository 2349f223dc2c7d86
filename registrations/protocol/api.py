"""Protocol API: a registration's precedence, the plenary seating list (JSON, CSV, PDF)."""

from dataclasses import asdict

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response

from events.audit.services import Actor, audit_record
from events.permissions import event_for_view
from registrations.printing.downloads import pdf_response
from registrations.protocol.seating import seating_csv, seating_list, seating_pdf
from registrations.protocol.services import registration_set_protocol
from registrations.registration.api import (
    AccreditationView,
    RegistrationDetailView,
    csv_response,
    raise_refusal,
)
from registrations.registration.errors import RegistrationError
from registrations.registration.serializers import ProtocolSerializer, RegistrationSerializer


class ProtocolView(RegistrationDetailView):
    serializer_class = ProtocolSerializer
    http_method_names = ["post", "options"]

    @extend_schema(
        request=ProtocolSerializer,
        responses={200: RegistrationSerializer},
        summary="Set a registration's protocol rank and order within the rank",
    )
    def post(self, request, slug: str, reference: str):
        registration = self.get_registration()
        body = ProtocolSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            registration = registration_set_protocol(
                registration_id=registration.pk,
                rank=body.validated_data["rank"],
                order=body.validated_data["order"],
                actor=Actor.from_request(request),
            )
        except RegistrationError as error:
            raise_refusal(error)
        return Response(RegistrationSerializer(registration).data)


SEAT_FIELDS = {
    "seat": serializers.IntegerField(),
    "rank": serializers.CharField(),
    "rank_ar": serializers.CharField(),
    "reference": serializers.CharField(),
    "name": serializers.CharField(),
    "name_ar": serializers.CharField(),
    "delegation": serializers.CharField(),
    "delegation_ar": serializers.CharField(),
    "country": serializers.CharField(),
}


class SeatingView(AccreditationView):
    kind = "json"  # set by as_view(kind="csv" | "pdf")

    @extend_schema(
        responses={
            200: inline_serializer("Seat", SEAT_FIELDS, many=True),
            (200, "text/csv"): OpenApiTypes.BINARY,
            (200, "application/pdf"): OpenApiTypes.BINARY,
        },
        summary="The plenary seating list in order of precedence (JSON, CSV or PDF)",
    )
    def get(self, request, slug: str):
        event = event_for_view(self)
        seats = seating_list(event=event)
        audit_record(
            event=event,
            actor=Actor.from_request(request),
            action="seating.exported",
            obj=event,
            data={"format": self.kind, "seats": len(seats)},
        )
        if self.kind == "csv":
            return csv_response(seating_csv(seats), f"{event.slug}-seating.csv")
        if self.kind == "pdf":
            return pdf_response(seating_pdf(seats, event=event), f"{event.slug}-seating.pdf")
        return Response([asdict(seat) for seat in seats])
