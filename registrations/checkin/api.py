"""Check-in API: scans, recent scans, counts, manual lookup, offline package and upload."""

import base64
from datetime import timedelta

from django.db.models import Count, Q, prefetch_related_objects
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from events.audit.services import Actor, audit_record
from events.permissions import HasEventRole, event_for_view
from events.teams.models import Role
from events.teams.selectors import roles_that_may, user_event_roles
from events.throttling import ClientRateThrottle, EventRateThrottle
from events.tokens.authentication import TokenPrincipal
from events.two_factor.services import HasRecentTwoFactor
from registrations.badges.keys import badge_public_keys
from registrations.badges.signing import CODE_FORMAT, public_key_raw
from registrations.checkin.layout import (
    CategoryInfo,
    EventLayout,
    ScanRequestError,
    event_layout,
    resolve_zone,
)
from registrations.checkin.messages import result_message
from registrations.checkin.models import Direction, ScanResult
from registrations.checkin.offline import OfflineResult, OfflineScan, checkin_offline_upload
from registrations.checkin.scan import ScanDevice, ScanOutcome, checkin_scan
from registrations.checkin.selectors import (
    LOOKUP_MIN_WORD,
    checkin_counts,
    lookup_words,
    offline_package_rows,
    registrations_lookup,
    scans_recent,
)
from registrations.privacy.views import photo_response
from registrations.registration.models import Registration
from registrations.vehicles.models import VehicleGateEntry, VehiclePass

MAX_SCANNED_TEXT = 16 * 1024
MAX_OFFLINE_SCANS = 500
# A device admits from one package for a day at most (stated in it as `valid_until`);
# online, the scanner page fetches a fresh one every few minutes.
OFFLINE_PACKAGE_VALIDITY = timedelta(hours=24)


class EventRoleView(GenericAPIView):
    """An event-scoped view whose token's event is reused instead of read again."""

    permission_classes = [HasEventRole]
    required_role = Role.CHECKIN
    pagination_class = None

    def check_permissions(self, request):
        principal = request.user
        if isinstance(principal, TokenPrincipal) and principal.token.event.slug == self.kwargs.get(
            "slug"
        ):
            self._event = principal.token.event  # saves a query on every scan
        super().check_permissions(request)

    @property
    def event(self):
        return event_for_view(self)


class HasAnyEventRole(BasePermission):
    """Like HasEventRole, for views open to several roles (`view.required_roles`)."""

    message = HasEventRole.message

    def has_permission(self, request, view) -> bool:
        if not request.user or not request.user.is_authenticated:
            return False
        event = event_for_view(view)
        allowed = set().union(*(roles_that_may(role) for role in view.required_roles))
        if isinstance(request.user, TokenPrincipal):
            token = request.user.token
            return token.event_id == event.pk and token.role in allowed
        return bool(user_event_roles(user=request.user, event=event) & allowed)


# --- Answers as JSON ------------------------------------------------------------------


def _category_info(registration: Registration) -> CategoryInfo:
    """A category the cached layout does not know yet (created in the last minute)."""
    category = registration.category
    return CategoryInfo(
        category.pk,
        category.slug,
        category.name_en,
        category.name_ar,
        category.badge_colour,
        tuple(category.zones.values_list("pk", flat=True)),
    )


def photo_url(registration: Registration, *, event) -> str | None:
    """Where the door screen fetches the photo (audited there), or None without one."""
    if not registration.photo:
        return None
    return reverse(
        "api-registration-photo", kwargs={"slug": event.slug, "reference": registration.reference}
    )


def registration_card(registration: Registration, *, event, layout: EventLayout) -> dict:
    """What the door shows about a registrant (no contact details)."""
    info = layout.categories.get(registration.category_id) or _category_info(registration)
    zone_ids = info.zone_ids
    delegation = registration.delegation
    return {
        "reference": registration.reference,
        "name": registration.display_name,
        "name_ar": registration.name_ar,
        "organization": registration.organization,
        "country": registration.country.code if registration.country else "",
        "country_name": str(registration.country.name) if registration.country else "",
        "delegation": delegation.name if delegation else "",
        "status": registration.status,
        "category": {"slug": info.slug, "name": info.name, "colour": info.colour},
        "zones": [layout.zones[pk].as_json() for pk in zone_ids if pk in layout.zones],
        "photo_url": photo_url(registration, event=event),
    }


def vehicle_card(vehicle: VehiclePass) -> dict:
    """What the gate shows about a vehicle pass: the car, its driver and delegation."""
    delegation = vehicle.delegation
    return {
        "id": vehicle.pk,
        "plate": vehicle.plate,
        "make": vehicle.make,
        "colour": vehicle.colour,
        "driver": vehicle.driver_name,
        "driver_reference": vehicle.driver.reference if vehicle.driver_id else None,
        "delegation": delegation.name,
        "delegation_en": delegation.name_en,
        "delegation_ar": delegation.name_ar,
        "status": vehicle.status,
        "version": vehicle.version,
    }


def outcome_json(outcome: ScanOutcome, *, event) -> dict:
    scan = outcome.scan
    vehicle = outcome.vehicle_pass
    data = {
        "result": outcome.result,
        "message": result_message(outcome.result, outcome.detail, vehicle=vehicle is not None),
        "registration": registration_card(outcome.registration, event=event, layout=outcome.layout)
        if outcome.registration is not None
        else None,
        "vehicle": vehicle_card(vehicle) if vehicle is not None else None,
        "zone": outcome.zone.as_json(),
        "direction": scan.direction,
        "scanned_at": scan.scanned_at.isoformat(),
        "scan_id": scan.pk,
        "replayed": outcome.replayed,
        "first_checked_in_at": None,
        "where": None,
    }
    if outcome.first_checked_in_at is not None and outcome.result in (
        ScanResult.ACCEPTED,
        ScanResult.ALREADY_CHECKED_IN,
    ):
        data["first_checked_in_at"] = outcome.first_checked_in_at.isoformat()
        data["where"] = {"zone": outcome.zone.as_json(), "device": outcome.first_device}
    if outcome.detail:
        data["detail"] = outcome.detail
    return data


def scan_json(scan) -> dict:
    registration = scan.registration
    vehicle = scan.vehicle_pass if scan.vehicle_pass_id else None
    return {
        "id": scan.pk,
        "result": scan.result,
        "direction": scan.direction,
        "zone": scan.zone.slug if scan.zone else None,
        "scanned_at": scan.scanned_at.isoformat(),
        "device": scan.device_label,
        "offline": scan.offline,
        "registration": {
            "reference": registration.reference,
            "name": registration.display_name,
            "category": registration.category.name,
        }
        if registration
        else None,
        "vehicle": {
            "plate": vehicle.plate,
            "make": vehicle.make,
            "colour": vehicle.colour,
            "delegation": vehicle.delegation.name,
        }
        if vehicle
        else None,
    }


# --- Scans -------------------------------------------------------------------------------


class CheckInRequestSerializer(serializers.Serializer):
    code = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=MAX_SCANNED_TEXT,
        help_text="The scanned text, as the scanner typed it.",
    )
    reference = serializers.CharField(
        required=False,
        max_length=32,
        help_text="Instead of `code`: a registration reference looked up by hand.",
    )
    zone = serializers.SlugField(
        required=False,
        allow_blank=True,
        max_length=50,
        help_text="Zone slug; empty or absent: the main entrance.",
    )
    nonce = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=64,
        help_text="A client-chosen id (UUID): a retry with it returns the first answer.",
    )
    direction = serializers.ChoiceField(
        choices=Direction.choices, required=False, default=Direction.IN
    )

    def validate(self, attrs):
        if ("code" in attrs) == ("reference" in attrs):
            raise ValidationError(
                {"code": [_("Send the scanned text as “code” (or a “reference”), not both.")]}
            )
        return attrs


ScanAnswerSerializer = inline_serializer(
    "CheckInAnswer",
    {
        "result": serializers.ChoiceField(choices=ScanResult.choices),
        "message": serializers.CharField(),
        "registration": serializers.DictField(allow_null=True),
        "vehicle": serializers.DictField(
            allow_null=True, help_text="For a vehicle pass: plate, make, colour, driver…"
        ),
        "zone": serializers.DictField(),
        "direction": serializers.CharField(),
        "scanned_at": serializers.DateTimeField(),
        "scan_id": serializers.IntegerField(),
        "replayed": serializers.BooleanField(),
        "first_checked_in_at": serializers.DateTimeField(allow_null=True),
        "where": serializers.DictField(allow_null=True),
    },
)


class CheckInView(EventRoleView):
    serializer_class = CheckInRequestSerializer
    throttle_scope = "checkin"
    throttle_classes = [ClientRateThrottle, EventRateThrottle]

    @extend_schema(
        request=CheckInRequestSerializer,
        responses={200: ScanAnswerSerializer},
        summary="Scan a badge or a vehicle pass (check-in token)",
    )
    def post(self, request, slug: str):
        body = CheckInRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        try:
            outcome = checkin_scan(
                event=self.event,
                device=ScanDevice.from_request(request),
                code=data.get("code"),
                reference=data.get("reference"),
                zone_slug=data.get("zone", ""),
                direction=data["direction"],
                nonce=data.get("nonce", ""),
            )
        except ScanRequestError as error:
            raise ValidationError({error.field: [error.message]}) from error
        return Response(outcome_json(outcome, event=self.event))

    @extend_schema(
        parameters=[
            OpenApiParameter("mine", bool, description="Only this token's or user's scans."),
            OpenApiParameter("zone", str),
            OpenApiParameter("limit", int, description="At most 200; default 20."),
        ],
        responses=OpenApiTypes.OBJECT,
        summary="Latest scans (check-in token)",
    )
    def get(self, request, slug: str):
        params = request.query_params
        filters = {"zone": params.get("zone", "")}
        if params.get("mine") in ("1", "true"):
            principal = request.user
            if isinstance(principal, TokenPrincipal):
                filters["token_id"] = principal.token.pk
            else:
                filters["user_id"] = principal.pk
        try:
            limit = max(1, min(int(params.get("limit", 20)), 200))
        except ValueError:
            limit = 20
        scans = list(scans_recent(event=self.event, **filters)[:limit])
        prefetch_related_objects(scans, "vehicle_pass__delegation")
        return Response({"results": [scan_json(scan) for scan in scans]})


class CheckInStatsView(EventRoleView):
    @extend_schema(
        responses=OpenApiTypes.OBJECT, summary="Check-in counts by zone, category and hour"
    )
    def get(self, request, slug: str):
        counts = checkin_counts(event=self.event)
        _add_vehicle_gate_counts(counts, event=self.event)
        return Response(counts)


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


class LookupQuerySerializer(serializers.Serializer):
    q = serializers.CharField(
        max_length=100,
        allow_blank=True,
        help_text=(
            f"Name, organization or reference: up to four words, one of them at least "
            f"{LOOKUP_MIN_WORD} characters long."
        ),
    )

    def validate_q(self, value: str) -> str:
        if not lookup_words(value):
            raise ValidationError(
                _("Type at least three characters of a name, an organization or a reference.")
            )
        return value


LookupAnswerSerializer = inline_serializer(
    "CheckInLookupAnswer",
    {"results": serializers.ListField(child=serializers.DictField(), max_length=10)},
)


class CheckInLookupView(EventRoleView):
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
            200: LookupAnswerSerializer,
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
        return Response(
            {
                "results": [
                    registration_card(item, event=self.event, layout=layout) for item in matches
                ]
            }
        )


class RegistrationPhotoView(EventRoleView):
    """The registrant's photo, for the door's answer screen (check-in or accreditation)."""

    permission_classes = [HasAnyEventRole]
    required_roles = (Role.CHECKIN, Role.ACCREDITATION)

    @extend_schema(
        responses={(200, "image/jpeg"): OpenApiTypes.BINARY},
        summary="A registrant's photo",
        description=(
            "Every view is written to the event's audit log (`photo.viewed`); the answer "
            "carries `Cache-Control: private, no-store`."
        ),
    )
    def get(self, request, slug: str, reference: str):
        registration = Registration.objects.filter(
            event=self.event, reference=reference.upper()
        ).first()
        return photo_response(registration, actor=Actor.from_request(request), via="checkin-api")


# --- Offline scanners -----------------------------------------------------------------------


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


class OfflinePackageQuerySerializer(serializers.Serializer):
    zone = serializers.SlugField(
        required=False,
        allow_blank=True,
        max_length=50,
        help_text=(
            "The zone this device scans at. A vehicle gate's package holds the vehicle "
            "passes (plates, drivers) and no registration; any other zone's, or without "
            "a zone, the registrations and no vehicle."
        ),
    )


OfflinePackageSerializer = inline_serializer(
    "OfflinePackage",
    {
        "generated_at": serializers.DateTimeField(),
        "valid_until": serializers.DateTimeField(
            help_text="Do not admit anyone from this package after this time: fetch a new one."
        ),
        "zone": serializers.CharField(allow_null=True),
        "registrations": serializers.ListField(
            child=serializers.DictField(),
            help_text="id, reference, version, name, name_ar, delegation, category, photo_url.",
        ),
        "revoked": serializers.ListField(child=serializers.DictField()),
        "not_admitted": serializers.ListField(child=serializers.DictField()),
        "vehicles": serializers.ListField(child=serializers.DictField()),
        "vehicles_not_admitted": serializers.ListField(child=serializers.DictField()),
    },
)


class OfflinePackageView(EventRoleView):
    """What a door needs through a network outage, for one day, to offline devices only."""

    permission_classes = [
        *EventRoleView.permission_classes,
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
            try:
                layout, zone = resolve_zone(event=event, slug=params.validated_data["zone"])
            except ScanRequestError as error:
                raise ValidationError({error.field: [error.message]}) from error
        rows = offline_package_rows(
            event=event, vehicle_gate=zone is not None and zone.is_vehicle_gate
        )
        registrations = [
            {
                "id": registration.pk,
                "reference": registration.reference,
                "version": rows["current"].get(registration.pk),
                "name": registration.display_name,
                "name_ar": registration.name_ar,
                "delegation": registration.delegation.name if registration.delegation else "",
                "category": layout.categories[registration.category_id].slug,
                "photo_url": photo_url(registration, event=event),
            }
            for registration in rows["approved"]
        ]
        approved_vehicles = [vehicle_card(vehicle) for vehicle in rows["vehicles"]]
        generated_at = timezone.now()
        valid_until = generated_at + OFFLINE_PACKAGE_VALIDITY
        audit_record(
            event=event,
            actor=Actor.from_request(request),
            action="checkin.offline_package",
            obj=event,
            data={
                "registrations": len(registrations),
                "vehicles": len(approved_vehicles),
                "zone": zone.slug if zone else "",
                "valid_until": valid_until.isoformat(),
            },
        )
        keys = badge_public_keys(event_id=event.pk)
        response = Response(
            {
                "event": {"id": event.pk, "slug": event.slug, "name": event.name},
                "generated_at": generated_at.isoformat(),
                "valid_until": valid_until.isoformat(),
                "zone": zone.slug if zone else None,
                "code_format": CODE_FORMAT,
                "public_key": {
                    "algorithm": "Ed25519",
                    "key_id": keys.current.key_id,
                    "raw_base64": _base64(public_key_raw(keys.current)),
                },
                # Every generation that still verifies (two during a changeover); a
                # code of a revoked one answers `revoked`, as online.
                "public_keys": [
                    {
                        "key_id": key.key_id,
                        "algorithm": "Ed25519",
                        "raw_base64": _base64(public_key_raw(key)),
                        "current": key == keys.current,
                    }
                    for key in keys.valid
                ],
                "revoked_key_ids": list(keys.revoked_ids),
                "zones": [
                    {**zone.as_json(), "main_entrance": zone.is_main_entrance}
                    for zone in layout.zones.values()
                ],
                "categories": [
                    {
                        "slug": category.slug,
                        "name": category.name,
                        "colour": category.colour,
                        "zones": [
                            layout.zones[pk].slug for pk in category.zone_ids if pk in layout.zones
                        ],
                    }
                    for category in layout.categories.values()
                ],
                "registrations": registrations,
                "revoked": [
                    {"id": registration_id, "versions": sorted(versions)}
                    for registration_id, versions in sorted(rows["revoked_versions"].items())
                ],
                "not_admitted": [
                    {"id": registration_id, "status": status}
                    for registration_id, status in rows["withdrawn"]
                ],
                # Vehicle passes (code type 2) are looked up here by pass id.
                "vehicles": approved_vehicles,
                "vehicles_not_admitted": [
                    {"id": vehicle_id, "status": status}
                    for vehicle_id, status in rows["vehicles_withdrawn"]
                ],
            }
        )
        # Every accredited name: kept by no cache, only by the device that asked.
        response["Cache-Control"] = "private, no-store"
        return response


def _base64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


class OfflineScanSerializer(serializers.Serializer):
    client_scan_id = serializers.CharField(max_length=64)
    code = serializers.CharField(allow_blank=True, max_length=MAX_SCANNED_TEXT)
    zone = serializers.SlugField(required=False, allow_blank=True, max_length=50)
    scanned_at = serializers.DateTimeField()
    direction = serializers.ChoiceField(
        choices=Direction.choices, required=False, default=Direction.IN
    )
    result = serializers.ChoiceField(
        choices=ScanResult.choices,
        required=False,
        allow_blank=True,
        help_text="The answer the device showed.",
    )

    def validate_scanned_at(self, value):
        if value > timezone.now() + timedelta(minutes=5):
            raise ValidationError(_("The scan time is in the future."))
        return value


class OfflineUploadSerializer(serializers.Serializer):
    scans = OfflineScanSerializer(many=True, max_length=MAX_OFFLINE_SCANS, allow_empty=False)


OfflineUploadAnswerSerializer = inline_serializer(
    "OfflineUploadAnswer",
    {
        "received": serializers.IntegerField(),
        "recorded": serializers.IntegerField(),
        "duplicates": serializers.IntegerField(),
        "refused": serializers.IntegerField(
            help_text="Items whose client_scan_id was already sent with another scan."
        ),
        "conflicts": serializers.IntegerField(),
        "results": serializers.ListField(
            child=serializers.DictField(),
            help_text=(
                "Per item, in order: client_scan_id, result (null when refused), "
                "duplicate, conflict, and for a refused item `errors` "
                '(`{"client_scan_id": [message]}`).'
            ),
        ),
    },
)


class OfflineUploadView(EventRoleView):
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
            raise ValidationError({"scans": [error.message]}) from error
        return Response(
            {
                "received": len(results),
                "recorded": sum(not (item.duplicate or item.error) for item in results),
                "duplicates": sum(item.duplicate for item in results),
                "refused": sum(bool(item.error) for item in results),
                "conflicts": sum(bool(item.conflict) for item in results),
                "results": [offline_result_json(item) for item in results],
            }
        )


def offline_result_json(item: OfflineResult) -> dict:
    data = {
        "client_scan_id": item.client_scan_id,
        "result": item.result or None,
        "duplicate": item.duplicate,
        "conflict": item.conflict or None,
    }
    if item.error:
        data["errors"] = {"client_scan_id": [item.error]}
    return data
