"""Protocol API: a registration's precedence, the plenary seating list (JSON, CSV, PDF)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from events.api_views import EventAPIView
from events.audit.services import Actor, audit_record
from events.csv_files import csv_download
from events.teams.models import Role
from registrations.printing.downloads import pdf_response
from registrations.protocol.seating import seating_csv, seating_list, seating_pdf
from registrations.protocol.serializers import ProtocolSerializer, SeatSerializer
from registrations.protocol.services import registration_set_protocol
from registrations.registration.api_views import RegistrationAPIView
from registrations.registration.serializers import RegistrationSerializer


class ProtocolView(RegistrationAPIView):
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
        registration = registration_set_protocol(
            registration_id=registration.pk,
            rank=body.validated_data["rank"],
            order=body.validated_data["order"],
            actor=Actor.from_request(request),
        )
        return Response(RegistrationSerializer(registration).data)


class SeatingView(EventAPIView):
    required_roles = (Role.ACCREDITATION,)
    pagination_class = None  # the seating plan is one document, not pages
    kind = "json"  # set by as_view(kind="csv" | "pdf")

    @extend_schema(
        responses={
            200: SeatSerializer(many=True),
            (200, "text/csv"): OpenApiTypes.BINARY,
            (200, "application/pdf"): OpenApiTypes.BINARY,
        },
        summary="The plenary seating list in order of precedence (JSON, CSV or PDF)",
    )
    def get(self, request, slug: str):
        seats = seating_list(event=self.event)
        audit_record(
            event=self.event,
            actor=Actor.from_request(request),
            action="seating.exported",
            obj=self.event,
            data={"format": self.kind, "seats": len(seats)},
        )
        if self.kind == "csv":
            return csv_download(seating_csv(seats), f"{self.event.slug}-seating.csv")
        if self.kind == "pdf":
            return pdf_response(
                seating_pdf(seats, event=self.event), f"{self.event.slug}-seating.pdf"
            )
        return Response(SeatSerializer(seats, many=True).data)
