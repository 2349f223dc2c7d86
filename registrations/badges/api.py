"""Badge API: the event's public keys, one badge (PDF, QR image), a batch PDF (a job)."""

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from events.api_views import EventAPIView, RefusalSerializer
from events.audit.services import Actor
from events.jobs.api import JOB_ACCEPTED, JOB_LOCATION, job_accepted
from events.jobs.tasks import job_enqueue
from events.schema import FIELD_ERRORS
from events.teams.models import Role
from registrations.badges.jobs import badges_batch_queue
from registrations.badges.keys import badge_public_keys
from registrations.badges.render import registration_badge_pdf
from registrations.badges.serializers import (
    BadgeKeysSerializer,
    BatchRequestSerializer,
    EventPublicKeys,
)
from registrations.badges.services import (
    badge_for_printing,
    badge_qr_text,
    badges_record_print,
)
from registrations.printing.downloads import pdf_response, png_response
from registrations.printing.qr import qr_png
from registrations.registration.api_views import RegistrationAPIView


class BadgeKeyView(EventAPIView):
    """The event's Ed25519 public keys and how to read a code, for offline scanners.

    `public_key`, `public_key_pem` and `key_id` are the current generation's (the
    one new codes carry); `keys` lists every generation that still verifies (two
    during a changeover), `revoked_key_ids` those whose codes answer `revoked`.
    """

    permission_classes = [AllowAny]
    authentication_classes = []
    published_only = True

    def get_event(self):
        try:
            return super().get_event()
        except Http404:
            raise Http404 from None  # the plain "Not found." this endpoint has always said

    @extend_schema(
        auth=[],
        responses=BadgeKeysSerializer,
        summary="The public keys that verify the event's badge codes",
    )
    def get(self, request, slug: str):
        keys = badge_public_keys(event_id=self.event.pk)
        return Response(BadgeKeysSerializer(EventPublicKeys(event=self.event, keys=keys)).data)


class BadgeFileView(RegistrationAPIView):
    """badge.pdf or badge.png of one registration (accreditation token or session)."""

    kind = "pdf"  # set by as_view(kind=...)

    @extend_schema(
        responses={
            (200, "application/pdf"): OpenApiTypes.BINARY,
            (200, "image/png"): OpenApiTypes.BINARY,
            409: OpenApiResponse(RefusalSerializer, description="Not approved: no badge"),
        },
        summary="A registration's badge (PDF) or QR image (PNG)",
    )
    def get(self, request, slug: str, reference: str):
        registration = self.get_registration()
        actor = Actor.from_request(request)
        badge = badge_for_printing(registration=registration, actor=actor)
        if self.kind == "png":
            return png_response(qr_png(badge_qr_text(badge)), f"{registration.reference}.png")
        data = registration_badge_pdf(registration, badge)
        badges_record_print(event=self.event, badges=[badge], actor=actor)
        return pdf_response(data, f"badge-{registration.reference}.pdf")


class BadgeBatchView(EventAPIView):
    """Approved registrations' badges in one PDF, by delegation then name."""

    required_roles = (Role.ACCREDITATION,)
    serializer_class = BatchRequestSerializer

    @extend_schema(
        request=BatchRequestSerializer,
        parameters=[JOB_LOCATION],
        responses={
            202: JOB_ACCEPTED,
            400: OpenApiResponse(
                FIELD_ERRORS,
                description="Bad choice; `references` names those no registration of this "
                "event has (unknown, or another event's)",
            ),
            409: OpenApiResponse(
                RefusalSerializer,
                description="More badges than one batch prints (filter more), or none to print",
            ),
        },
        summary="Print the badges of a filtered set of approved registrations",
        description="Checked at once, then printed by a job: 202 with the job, whose status "
        "URL (`Location`) reports progress and, when done, `file_url` (the PDF) and each "
        "row's outcome (printed, or not printed because not approved).",
    )
    def post(self, request, slug: str):
        body = BatchRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        job = badges_batch_queue(
            event=self.event,
            actor=Actor.from_request(request),
            category=data.get("category", ""),
            delegation=data.get("delegation", ""),
            references=data.get("references"),
            sheet=data["sheet"],
        )
        return job_accepted(job_enqueue(job), request)
