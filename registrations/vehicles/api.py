"""Vehicle pass API for accreditation: list, register, decide, print (PDF) and QR (PNG)."""

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import serializers, status
from rest_framework.response import Response

from events.api_fields import query_params
from events.api_views import EventAPIView, RefusalSerializer
from events.audit.services import Actor
from events.teams.models import Role
from registrations.delegations.models import Delegation
from registrations.printing.downloads import pdf_response, png_response
from registrations.printing.qr import qr_png
from registrations.vehicles.models import VehiclePass
from registrations.vehicles.render import vehicle_pass_pdf
from registrations.vehicles.serializers import (
    VehicleCreateSerializer,
    VehicleDecisionSerializer,
    VehicleListQuerySerializer,
    VehiclePassSerializer,
    VehicleReissueSerializer,
)
from registrations.vehicles.services import (
    VehicleInput,
    vehicle_approve,
    vehicle_by_id,
    vehicle_for_printing,
    vehicle_list,
    vehicle_pass_qr_text,
    vehicle_record_print,
    vehicle_register,
    vehicle_reissue,
    vehicle_reject,
    vehicle_revoke,
)


class VehicleAPIView(EventAPIView):
    required_roles = (Role.ACCREDITATION,)
    serializer_class = VehiclePassSerializer

    def get_vehicle(self) -> VehiclePass:
        vehicle = vehicle_by_id(event=self.event, vehicle_id=self.kwargs["vehicle_id"])
        if vehicle is None:
            raise Http404(_("No such vehicle pass."))
        return vehicle


class VehicleListCreateView(VehicleAPIView):
    @extend_schema(
        parameters=[VehicleListQuerySerializer],
        responses=VehiclePassSerializer(many=True),
        summary="List vehicle passes (accreditation)",
    )
    def get(self, request, slug: str):
        params = query_params(VehicleListQuerySerializer, request)
        queryset = vehicle_list(
            event=self.event,
            status=params["status"],
            delegation=params["delegation"],
            search=params["plate"][:40],
        )
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(VehiclePassSerializer(page, many=True).data)

    @extend_schema(
        request=VehicleCreateSerializer,
        responses={201: VehiclePassSerializer, 409: RefusalSerializer},
        summary="Register a delegation's vehicle (accreditation)",
    )
    def post(self, request, slug: str):
        body = VehicleCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        delegation = Delegation.objects.filter(event=self.event, pk=data["delegation"]).first()
        if delegation is None:
            raise serializers.ValidationError(
                {"delegation": [_("No delegation of this summit has this id.")]}
            )
        vehicle = vehicle_register(
            delegation=delegation,
            data=VehicleInput(
                plate=data["plate"],
                make=data["make"],
                colour=data["colour"],
                driver_name=data["driver_name"],
                driver_reference=data["driver"],
            ),
            actor=Actor.from_request(request),
            approve=data["approve"],
        )
        return Response(VehiclePassSerializer(vehicle).data, status=status.HTTP_201_CREATED)


class VehicleDetailView(VehicleAPIView):
    @extend_schema(summary="One vehicle pass (accreditation)")
    def get(self, request, slug: str, vehicle_id: int):
        return Response(VehiclePassSerializer(self.get_vehicle()).data)


class VehicleDecisionView(VehicleAPIView):
    decision = None  # set by _decision_view()
    serializer_class = VehicleDecisionSerializer
    http_method_names = ["post", "options"]
    steps = {
        "approve": vehicle_approve,
        "reject": vehicle_reject,
        "revoke": vehicle_revoke,
        "reissue": vehicle_reissue,
    }

    def post(self, request, slug: str, vehicle_id: int):
        vehicle = self.get_vehicle()
        body = self.serializer_class(data=request.data)
        body.is_valid(raise_exception=True)
        self.steps[self.decision](
            vehicle_id=vehicle.pk,
            actor=Actor.from_request(request),
            reason=body.validated_data["reason"],
        )
        return Response(VehiclePassSerializer(self.get_vehicle()).data)


def _decision_view(decision: str, summary: str, body=VehicleDecisionSerializer):
    view = type(
        f"Vehicle{decision.title()}View",
        (VehicleDecisionView,),
        {"decision": decision, "serializer_class": body},
    )
    return extend_schema_view(
        post=extend_schema(
            request=body,
            responses={
                200: VehiclePassSerializer,
                409: RefusalSerializer,
                404: OpenApiResponse(description="No such vehicle pass"),
            },
            operation_id=f"vehicles_{decision}",
            summary=summary,
        )
    )(view)


VehicleApproveView = _decision_view("approve", "Approve a vehicle pass (accreditation)")
VehicleRejectView = _decision_view("reject", "Reject a vehicle pass (accreditation)")
VehicleRevokeView = _decision_view(
    "revoke", "Revoke a vehicle pass; it stops opening gates (accreditation)"
)
VehicleReissueView = _decision_view(
    "reissue",
    "Reissue a vehicle pass (needs a reason); the old printout answers revoked",
    body=VehicleReissueSerializer,
)


class VehiclePassFileView(VehicleAPIView):
    """pass.pdf (counted as a print) or pass.png (the QR image) of an approved pass."""

    kind = "pdf"  # set by as_view(kind=...)

    @extend_schema(
        responses={
            (200, "application/pdf"): OpenApiTypes.BINARY,
            (200, "image/png"): OpenApiTypes.BINARY,
            409: OpenApiResponse(RefusalSerializer, description="Not approved: no pass to print"),
        },
        summary="A vehicle pass (PDF) or its QR image (PNG)",
    )
    def get(self, request, slug: str, vehicle_id: int):
        vehicle = self.get_vehicle()
        vehicle_for_printing(vehicle=vehicle)
        if self.kind == "png":
            return png_response(
                qr_png(vehicle_pass_qr_text(vehicle)), f"vehicle-pass-{vehicle.pk}.png"
            )
        data = vehicle_pass_pdf(vehicle)
        vehicle_record_print(vehicle=vehicle, actor=Actor.from_request(request))
        return pdf_response(data, f"vehicle-pass-{vehicle.pk}.pdf")
