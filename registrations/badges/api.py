"""Badge API: the event's public keys, one badge (PDF, QR image), a batch PDF."""

import base64

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from events.audit.services import Actor
from events.permissions import HasEventRole, event_for_view
from events.summit.models import Event
from events.teams.models import Role
from registrations.badges.keys import badge_public_keys
from registrations.badges.render import batch_badges_pdf, registration_badge_pdf
from registrations.badges.services import (
    badge_for_printing,
    badge_qr_text,
    badges_batch,
    badges_record_print,
)
from registrations.badges.signing import (
    CODE_FORMAT,
    LEGACY_CODE_FORMAT,
    SIGNATURE_BYTES,
    SIGNED_PREFIX,
    public_key_pem,
    public_key_raw,
)
from registrations.printing.downloads import pdf_response, png_response
from registrations.printing.qr import qr_png
from registrations.registration.api import raise_refusal
from registrations.registration.errors import RegistrationError
from registrations.registration.selectors import registration_by_reference


class BadgeKeyView(GenericAPIView):
    """The event's Ed25519 public keys and how to read a code, for offline scanners.

    `public_key`, `public_key_pem` and `key_id` are the current generation's (the
    one new codes carry); `keys` lists every generation that still verifies (two
    during a changeover), `revoked_key_ids` those whose codes answer `revoked`.
    """

    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(
        auth=[],
        responses=OpenApiTypes.OBJECT,
        summary="The public keys that verify the event's badge codes",
    )
    def get(self, request, slug: str):
        event = Event.objects.published().filter(slug=slug).first()
        if event is None:
            raise Http404
        keys = badge_public_keys(event_id=event.pk)
        return Response(
            {
                "event": event.slug,
                "event_id": event.pk,
                "algorithm": "Ed25519",
                "key_id": keys.current.key_id,
                "public_key": _base64(public_key_raw(keys.current)),
                "public_key_pem": public_key_pem(keys.current),
                "keys": [
                    {
                        "key_id": key.key_id,
                        "public_key": _base64(public_key_raw(key)),
                        "public_key_pem": public_key_pem(key),
                        "current": key == keys.current,
                    }
                    for key in keys.valid
                ],
                "revoked_key_ids": list(keys.revoked_ids),
                "code_format": {
                    "version": CODE_FORMAT,
                    "encoding": "RFC 4648 base32, upper case, no padding",
                    "layout": "header byte (format << 4 | type; type 1 = badge, "
                    "2 = vehicle pass), varint event id, varint key id, varint registration "
                    "id (a vehicle pass: its pass id), varint version, "
                    f"{SIGNATURE_BYTES}-byte Ed25519 signature",
                    "signed_message": "the bytes "
                    + repr(SIGNED_PREFIX)[2:-1]
                    + " followed by everything before the signature",
                    "legacy_version": LEGACY_CODE_FORMAT,
                    "legacy_layout": f"format {LEGACY_CODE_FORMAT} (badges printed before key "
                    "generations): the same without the key id; verify it with key id 0",
                },
            }
        )


def _base64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


class BadgeFileView(GenericAPIView):
    """badge.pdf or badge.png of one registration (accreditation token or session)."""

    permission_classes = [HasEventRole]
    required_role = Role.ACCREDITATION
    kind = "pdf"  # set by as_view(kind=...)

    @extend_schema(
        responses={
            (200, "application/pdf"): OpenApiTypes.BINARY,
            (200, "image/png"): OpenApiTypes.BINARY,
            409: OpenApiResponse(description="Not approved: no badge"),
        },
        summary="A registration's badge (PDF) or QR image (PNG)",
    )
    def get(self, request, slug: str, reference: str):
        event = event_for_view(self)
        registration = registration_by_reference(event=event, reference=reference)
        if registration is None:
            raise Http404(_("No such registration."))
        actor = Actor.from_request(request)
        try:
            badge = badge_for_printing(registration=registration, actor=actor)
        except RegistrationError as error:
            raise_refusal(error)
        if self.kind == "png":
            return png_response(qr_png(badge_qr_text(badge)), f"{registration.reference}.png")
        data = registration_badge_pdf(registration, badge)
        badges_record_print(event=event, badges=[badge], actor=actor)
        return pdf_response(data, f"badge-{registration.reference}.pdf")


class BatchRequestSerializer(serializers.Serializer):
    category = serializers.SlugField(required=False, allow_blank=True, max_length=50)
    delegation = serializers.CharField(required=False, allow_blank=True, max_length=200)
    references = serializers.ListField(
        child=serializers.CharField(max_length=16), required=False, max_length=2000
    )
    sheet = serializers.ChoiceField(
        choices=[("card", "one badge per page"), ("a4", "A4 sheets with cut lines")],
        required=False,
        default="card",
    )


class BadgeBatchView(GenericAPIView):
    """Approved registrations' badges in one PDF, by delegation then name."""

    permission_classes = [HasEventRole]
    required_role = Role.ACCREDITATION
    serializer_class = BatchRequestSerializer

    @extend_schema(
        request=BatchRequestSerializer,
        responses={(200, "application/pdf"): OpenApiTypes.BINARY},
        summary="Print the badges of a filtered set of approved registrations",
    )
    def post(self, request, slug: str):
        event = event_for_view(self)
        body = BatchRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        try:
            pairs = badges_batch(
                event=event,
                actor=Actor.from_request(request),
                category=data.get("category", ""),
                delegation=data.get("delegation", ""),
                references=data.get("references"),
            )
        except RegistrationError as error:
            raise_refusal(error)
        pdf = batch_badges_pdf(pairs, event=event, sheet=data["sheet"])
        return pdf_response(pdf, f"badges-{event.slug}.pdf")
