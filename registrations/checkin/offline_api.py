"""Check-in API for offline scanners: the package a door works from through a network
outage (to offline devices only, for one day), and the upload of the scans made meanwhile."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from events.audit.services import Actor, audit_record
from events.tokens.authentication import TokenPrincipal
from events.two_factor.services import HasRecentTwoFactor
from registrations.badges.keys import badge_public_keys
from registrations.checkin.api import CheckInAPIView
from registrations.checkin.layout import ScanRequestError, event_layout, resolve_zone
from registrations.checkin.offline import OfflineScan, checkin_offline_upload
from registrations.checkin.offline_serializers import (
    OfflinePackage,
    OfflinePackageQuerySerializer,
    OfflinePackageSerializer,
    OfflineUploadAnswer,
    OfflineUploadAnswerSerializer,
    OfflineUploadSerializer,
)
from registrations.checkin.scan import ScanDevice
from registrations.checkin.selectors import offline_package_rows

# A device admits from one package for a day at most (stated in it as `valid_until`);
# online, the scanner page fetches a fresh one every few minutes.
OFFLINE_PACKAGE_VALIDITY = timedelta(hours=24)


class OfflineDeviceOnly(BasePermission):
    """Tokens: only one issued as an offline device may download the offline package.

    The package lists everyone accredited, so a plain scanner token (shared by a gate
    team, easily copied) or an admin token is refused: each device gets its own from
    `manage.py issue_token <slug> --role checkin --offline`. Signed-in staff (the
    scanner page) are left to the role and second-factor checks beside this one.
    """

    message = gettext_lazy(
        "Only a token issued as an offline device may download the offline package "
        "(manage.py issue_token <event> --role checkin --offline)."
    )

    def has_permission(self, request, view) -> bool:
        if isinstance(request.user, TokenPrincipal):
            return request.user.token.offline
        return True


class OfflinePackageView(CheckInAPIView):
    """What a door needs through a network outage, for one day, to offline devices only."""

    permission_classes = [
        *CheckInAPIView.permission_classes,
        OfflineDeviceOnly,
        HasRecentTwoFactor,  # sessions only
    ]

    @extend_schema(
        parameters=[OfflinePackageQuerySerializer],
        responses={
            200: OfflinePackageSerializer,
            403: OpenApiResponse(
                description=(
                    "Not this event's, not a check-in role, or a token that was not "
                    "issued as an offline device (`issue_token … --offline`)."
                )
            ),
        },
        summary="What a scanner needs to work through a network outage (offline device)",
        description=(
            "Valid for 24 hours (`valid_until`). Names, category, delegation, photo "
            "reference and badge versions; never contact details. Every download is "
            "written to the audit log."
        ),
    )
    def get(self, request, slug: str):
        event = self.event
        params = OfflinePackageQuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        layout = event_layout(event_id=event.pk, refresh=True)
        zone = None
        if params.validated_data.get("zone"):
            layout, zone = resolve_zone(event=event, slug=params.validated_data["zone"])
        package = OfflinePackage(
            event=event,
            generated_at=timezone.now(),
            validity=OFFLINE_PACKAGE_VALIDITY,
            zone=zone,
            layout=layout,
            keys=badge_public_keys(event_id=event.pk),
            rows=offline_package_rows(
                event=event, vehicle_gate=zone is not None and zone.is_vehicle_gate
            ),
        )
        audit_record(
            event=event,
            actor=Actor.from_request(request),
            action="checkin.offline_package",
            obj=event,
            data={
                "registrations": len(package.registrations),
                "vehicles": len(package.vehicles),
                "zone": zone.slug if zone else "",
                "valid_until": package.valid_until.isoformat(),
            },
        )
        response = Response(OfflinePackageSerializer(package).data)
        # Every accredited name: kept by no cache, only by the device that asked.
        response["Cache-Control"] = "private, no-store"
        return response


class OfflineUploadView(CheckInAPIView):
    """Scans made offline. An id already sent with another scan refuses that item
    alone (in its `errors`); the batch's other scans are still recorded."""

    serializer_class = OfflineUploadSerializer

    @extend_schema(
        request=OfflineUploadSerializer,
        responses={200: OfflineUploadAnswerSerializer},
        summary="Upload scans made offline",
    )
    def post(self, request, slug: str):
        body = OfflineUploadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        scans = [
            OfflineScan(
                client_scan_id=item["client_scan_id"],
                code=item["code"],
                zone_slug=item.get("zone", ""),
                scanned_at=item["scanned_at"],
                direction=item["direction"],
                device_result=item.get("result", ""),
            )
            for item in body.validated_data["scans"]
        ]
        try:
            results = checkin_offline_upload(
                event=self.event, device=ScanDevice.from_request(request), scans=scans
            )
        except ScanRequestError as error:
            # The zone is named per scan: the refusal is of the list (`scans`), as a
            # field error, since the upload has no `zone` field of its own.
            raise ValidationError({"scans": [error.message]}) from error
        return Response(OfflineUploadAnswerSerializer(OfflineUploadAnswer(results)).data)
