"""Security vetting API: batches out to the security service, decisions back, withdrawals."""

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from events.api_views import EventAPIView, RefusalSerializer
from events.audit.services import Actor, audit_record
from events.csv_files import csv_download
from events.jobs.api import JOB_ACCEPTED, JOB_LOCATION, job_accepted
from events.jobs.tasks import job_enqueue
from events.schema import FIELD_ERRORS
from events.teams.models import Role
from events.two_factor.services import HasRecentTwoFactor
from registrations.registration.api_views import RegistrationAPIView
from registrations.registration.serializers import DecisionSerializer, RegistrationSerializer
from registrations.vetting.jobs import vetting_apply_queue
from registrations.vetting.models import VettingBatch
from registrations.vetting.serializers import (
    DecisionsImportSerializer,
    VettingBatchSerializer,
    VettingImportReportSerializer,
)
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


def photo_url_for(request, event):
    def photo_url(registration) -> str:
        return request.build_absolute_uri(
            reverse(
                "privacy:organizer-photo",
                kwargs={"slug": event.slug, "reference": registration.reference},
            )
        )

    return photo_url


# Accreditation's vetting documents: whole batches, not pages. Creating or reading a
# batch answers with its rows (names, affiliations), a download of personal data.
class VettingAPIView(EventAPIView):
    required_roles = (Role.ACCREDITATION,)
    pagination_class = None


class VettingBatchListView(VettingAPIView):
    permission_classes = [*VettingAPIView.permission_classes, HasRecentTwoFactor]  # sessions

    @extend_schema(
        responses=VettingBatchSerializer(many=True),
        summary="Vetting batches sent to the security service (accreditation)",
    )
    def get(self, request, slug: str):
        batches = self.event.vetting_batches.all()
        return Response(
            VettingBatchSerializer(batches, many=True, context={"request": request}).data
        )

    @extend_schema(
        request=None,
        responses={201: VettingBatchSerializer, 409: RefusalSerializer},
        summary="Export a new vetting batch: every registration waiting to be sent",
    )
    def post(self, request, slug: str):
        batch = vetting_batch_create(event=self.event, actor=Actor.from_request(request))
        rows = vetting_batch_rows(batch=batch, photo_url=photo_url_for(request, self.event))
        return Response(
            VettingBatchSerializer(batch, context={"request": request, "rows": rows}).data,
            status=status.HTTP_201_CREATED,
        )


class VettingBatchDetailView(VettingAPIView):
    permission_classes = [*VettingAPIView.permission_classes, HasRecentTwoFactor]  # sessions
    as_csv = False  # set by as_view(as_csv=True)

    def get_batch(self) -> VettingBatch:
        batch = self.event.vetting_batches.filter(number=self.kwargs["number"]).first()
        if batch is None:
            raise Http404(_("No such vetting batch."))
        return batch

    @extend_schema(
        responses={200: VettingBatchSerializer, (200, "text/csv"): OpenApiTypes.BINARY},
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
            return csv_download(vetting_batch_csv(rows), f"{event.slug}-vetting-{batch.number}.csv")
        return Response(
            VettingBatchSerializer(batch, context={"request": request, "rows": rows}).data
        )


class VettingDecisionsView(VettingAPIView):
    """Import the security service's decisions: checked whole, then applied by a job."""

    serializer_class = DecisionsImportSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(
        request={
            "application/json": DecisionsImportSerializer,
            "multipart/form-data": DecisionsImportSerializer,
        },
        responses={
            200: OpenApiResponse(
                VettingImportReportSerializer, description="Dry run: every row checked"
            ),
            202: JOB_ACCEPTED,
            400: OpenApiResponse(
                {
                    "anyOf": [
                        {"$ref": "#/components/schemas/VettingImportReport"},
                        FIELD_ERRORS,
                    ]
                },
                description="A dry run's report with each row's errors, or field errors "
                "when the request itself is wrong (no file, not CSV, too many rows…)",
            ),
        },
        parameters=[JOB_LOCATION],
        summary="Import vetting decisions (cleared, refused, more_information); dry run first",
        description="A dry run checks every row and answers the report: 200, or 400 with "
        "each row's errors. Otherwise the file is read (field errors when it cannot be: "
        "400) and handed to a job, 202 with the job, whose status URL (`Location`) "
        "reports progress: the job checks the whole file again first and, when a row is "
        "bad, applies nothing (its outcome lists the bad rows and `message` says so); "
        "else it applies the decisions row by row and reports each row's outcome.",
    )
    def post(self, request, slug: str):
        body = DecisionsImportSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        if data.get("file"):
            if data["file"].size > MAX_IMPORT_BYTES:
                raise ValidationError({"file": [_("The file is larger than 2 MB.")]})
            rows = decisions_from_csv(data["file"].read())
        else:
            rows = decisions_from_json(data["decisions"])
        actor = Actor.from_request(request)
        if data["dry_run"]:
            report = vetting_import(event=self.event, rows=rows, actor=actor, dry_run=True)
            code = status.HTTP_200_OK if report.valid else status.HTTP_400_BAD_REQUEST
            return Response(VettingImportReportSerializer(report).data, status=code)
        job = vetting_apply_queue(event=self.event, rows=rows, actor=actor)
        return job_accepted(job_enqueue(job), request)


class WithdrawClearanceView(RegistrationAPIView):
    serializer_class = DecisionSerializer
    http_method_names = ["post", "options"]

    @extend_schema(
        request=DecisionSerializer,
        responses={200: RegistrationSerializer, 409: RefusalSerializer},
        summary="Withdraw a security clearance: the accreditation and badge are revoked",
    )
    def post(self, request, slug: str, reference: str):
        registration = self.get_registration()
        body = DecisionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        registration = vetting_withdraw_clearance(
            registration_id=registration.pk,
            actor=Actor.from_request(request),
            reason=body.validated_data["reason"],
        )
        return Response(RegistrationSerializer(registration).data)
