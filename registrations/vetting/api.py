"""Security vetting API: batches out to the security service, decisions back, withdrawals."""

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from events.audit.services import Actor, audit_record
from events.permissions import event_for_view
from events.two_factor.services import HasRecentTwoFactor
from registrations.registration.api import (
    AccreditationView,
    ConflictSerializer,
    RegistrationDetailView,
    csv_response,
    raise_refusal,
)
from registrations.registration.errors import RegistrationError
from registrations.registration.serializers import (
    DecisionSerializer,
    RegistrationSerializer,
)
from registrations.vetting.models import VettingBatch
from registrations.vetting.services import (
    MAX_IMPORT_BYTES,
    decisions_from_csv,
    decisions_from_json,
    vetting_batch_create,
    vetting_batch_csv,
    vetting_batch_rows,
    vetting_import,
    vetting_withdraw_clearance,
)

BATCH_FIELDS = {
    "number": serializers.IntegerField(),
    "size": serializers.IntegerField(),
    "created_at": serializers.DateTimeField(),
    "created_by": serializers.CharField(),
    "csv_url": serializers.CharField(),
    "rows": serializers.ListField(
        child=serializers.DictField(child=serializers.CharField()), required=False
    ),
}
BatchSerializer = inline_serializer("VettingBatch", BATCH_FIELDS)
ImportReportSerializer = inline_serializer(
    "VettingImportReport",
    {
        "valid": serializers.BooleanField(),
        "applied": serializers.BooleanField(),
        "errors": serializers.IntegerField(),
        "counts": serializers.DictField(child=serializers.IntegerField()),
        "rows": serializers.ListField(child=serializers.DictField()),
    },
)


class DecisionsImportSerializer(serializers.Serializer):
    dry_run = serializers.BooleanField(required=False, default=False)
    file = serializers.FileField(required=False, max_length=200)
    decisions = serializers.ListField(
        child=serializers.JSONField(), required=False, max_length=20_000
    )

    def validate(self, data):
        if bool(data.get("file")) == ("decisions" in data):
            raise ValidationError(
                {"file": [_("Send either a CSV file or a list of decisions, not both.")]}
            )
        return data


def photo_url_for(request, event):
    def photo_url(registration) -> str:
        return request.build_absolute_uri(
            reverse(
                "privacy:organizer-photo",
                kwargs={"slug": event.slug, "reference": registration.reference},
            )
        )

    return photo_url


def batch_json(request, batch: VettingBatch, *, rows: list[dict] | None = None) -> dict:
    data = {
        "number": batch.number,
        "size": batch.size,
        "created_at": batch.created_at,
        "created_by": batch.created_by,
        "csv_url": request.build_absolute_uri(
            reverse(
                "api-vetting-batch-csv", kwargs={"slug": batch.event.slug, "number": batch.number}
            )
        ),
    }
    if rows is not None:
        data["rows"] = rows
    return data


class VettingBatchListView(AccreditationView):
    # Creating a batch answers with its rows (names, affiliations): a download too.
    permission_classes = [*AccreditationView.permission_classes, HasRecentTwoFactor]  # sessions

    @extend_schema(
        responses=inline_serializer("VettingBatchList", BATCH_FIELDS, many=True),
        summary="Vetting batches sent to the security service (accreditation)",
    )
    def get(self, request, slug: str):
        event = event_for_view(self)
        return Response([batch_json(request, batch) for batch in event.vetting_batches.all()])

    @extend_schema(
        request=None,
        responses={201: BatchSerializer, 409: ConflictSerializer},
        summary="Export a new vetting batch: every registration waiting to be sent",
    )
    def post(self, request, slug: str):
        event = event_for_view(self)
        try:
            batch = vetting_batch_create(event=event, actor=Actor.from_request(request))
        except RegistrationError as error:
            raise_refusal(error)
        rows = vetting_batch_rows(batch=batch, photo_url=photo_url_for(request, event))
        return Response(batch_json(request, batch, rows=rows), status=status.HTTP_201_CREATED)


class VettingBatchDetailView(AccreditationView):
    permission_classes = [*AccreditationView.permission_classes, HasRecentTwoFactor]  # sessions
    as_csv = False  # set by as_view(as_csv=True)

    def get_batch(self) -> VettingBatch:
        batch = event_for_view(self).vetting_batches.filter(number=self.kwargs["number"]).first()
        if batch is None:
            raise Http404(_("No such vetting batch."))
        return batch

    @extend_schema(
        responses={200: BatchSerializer, (200, "text/csv"): OpenApiTypes.BINARY},
        summary="One vetting batch with its rows, as JSON or CSV (accreditation)",
    )
    def get(self, request, slug: str, number: int):
        batch = self.get_batch()
        event = batch.event
        rows = vetting_batch_rows(batch=batch, photo_url=photo_url_for(request, event))
        audit_record(
            event=event,
            actor=Actor.from_request(request),
            action="vetting.batch_downloaded",
            obj=batch,
            data={"number": batch.number, "format": "csv" if self.as_csv else "json"},
        )
        if self.as_csv:
            return csv_response(vetting_batch_csv(rows), f"{event.slug}-vetting-{batch.number}.csv")
        return Response(batch_json(request, batch, rows=rows))


class VettingDecisionsView(AccreditationView):
    """Import the security service's decisions: checked row by row, applied all or none."""

    serializer_class = DecisionsImportSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(
        request={
            "application/json": DecisionsImportSerializer,
            "multipart/form-data": DecisionsImportSerializer,
        },
        responses={
            200: ImportReportSerializer,
            400: OpenApiResponse(
                OpenApiTypes.OBJECT,
                description="Nothing was applied: the report with each row's errors, or "
                "field errors when the request itself is wrong (no file, not CSV…)",
            ),
        },
        summary="Import vetting decisions (cleared, refused, more_information); dry run first",
    )
    def post(self, request, slug: str):
        event = event_for_view(self)
        body = DecisionsImportSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        try:
            if data.get("file"):
                if data["file"].size > MAX_IMPORT_BYTES:
                    raise ValidationError({"file": [_("The file is larger than 2 MB.")]})
                rows = decisions_from_csv(data["file"].read())
            else:
                rows = decisions_from_json(data["decisions"])
            report = vetting_import(
                event=event, rows=rows, actor=Actor.from_request(request), dry_run=data["dry_run"]
            )
        except RegistrationError as error:
            raise_refusal(error)
        code = status.HTTP_200_OK if report.valid else status.HTTP_400_BAD_REQUEST
        return Response(report.as_json(), status=code)


class WithdrawClearanceView(RegistrationDetailView):
    serializer_class = DecisionSerializer
    http_method_names = ["post", "options"]

    @extend_schema(
        request=DecisionSerializer,
        responses={200: RegistrationSerializer, 409: ConflictSerializer},
        summary="Withdraw a security clearance: the accreditation and badge are revoked",
    )
    def post(self, request, slug: str, reference: str):
        registration = self.get_registration()
        body = DecisionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            registration = vetting_withdraw_clearance(
                registration_id=registration.pk,
                actor=Actor.from_request(request),
                reason=body.validated_data["reason"],
            )
        except RegistrationError as error:
            raise_refusal(error)
        return Response(RegistrationSerializer(registration).data)
