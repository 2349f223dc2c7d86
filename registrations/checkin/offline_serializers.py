"""What an offline scanner downloads (the package) and uploads (its scans).

The package holds what a door needs to admit people through a network outage and
nothing more: names, category, delegation, photo reference and badge versions (or,
at a vehicle gate, the vehicle passes), never contact details.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cached_property

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from events.api_fields import StrictCharField, StrictChoiceField, StrictSlugField
from events.summit.models import Event
from registrations.badges.keys import PublicKeys
from registrations.badges.serializers import KeyGeneration, PublicKeyBase64Field
from registrations.badges.signing import CODE_FORMAT
from registrations.checkin.layout import EventLayout, ZoneInfo
from registrations.checkin.models import ConflictKind, Direction, ScanResult
from registrations.checkin.offline import OfflineResult
from registrations.checkin.serializers import (
    MAX_SCANNED_TEXT,
    DoorCategorySerializer,
    DoorSerializer,
    DoorZoneSerializer,
    IsoDateTimeField,
    VehicleCardSerializer,
    photo_url,
)
from registrations.registration.models import Status
from registrations.vehicles.models import VehiclePassStatus

MAX_OFFLINE_SCANS = 500


# --- The package -----------------------------------------------------------------------


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


@dataclass(frozen=True)
class PackageRegistration:
    id: int
    reference: str
    version: int | None
    name: str
    name_ar: str
    delegation: str
    category: str
    photo_url: str | None


@dataclass(frozen=True)
class PackageCategory:
    slug: str
    name: str
    colour: str
    zones: list[str]


@dataclass
class OfflinePackage:
    """A door's package: `rows` as `selectors.offline_package_rows` reads them."""

    event: Event
    generated_at: datetime
    validity: timedelta
    zone: ZoneInfo | None
    layout: EventLayout
    keys: PublicKeys
    rows: dict
    code_format: int = CODE_FORMAT

    @property
    def valid_until(self) -> datetime:
        return self.generated_at + self.validity

    @property
    def public_key(self) -> KeyGeneration:
        return KeyGeneration(self.keys.current, current=True)

    @property
    def public_keys(self) -> list[KeyGeneration]:
        return [KeyGeneration(key, key == self.keys.current) for key in self.keys.valid]

    @property
    def zones(self) -> list[ZoneInfo]:
        return list(self.layout.zones.values())

    @property
    def categories(self) -> list[PackageCategory]:
        zones = self.layout.zones
        return [
            PackageCategory(
                category.slug,
                category.name,
                category.colour,
                [zones[pk].slug for pk in category.zone_ids if pk in zones],
            )
            for category in self.layout.categories.values()
        ]

    @cached_property
    def registrations(self) -> list[PackageRegistration]:
        versions = self.rows["current"]
        categories = self.layout.categories
        return [
            PackageRegistration(
                id=registration.pk,
                reference=registration.reference,
                version=versions.get(registration.pk),
                name=registration.display_name,
                name_ar=registration.name_ar,
                delegation=registration.delegation.name if registration.delegation else "",
                category=categories[registration.category_id].slug,
                photo_url=photo_url(registration, event=self.event),
            )
            for registration in self.rows["approved"]
        ]

    @property
    def revoked(self) -> list[dict]:
        return [
            {"id": registration_id, "versions": sorted(versions)}
            for registration_id, versions in sorted(self.rows["revoked_versions"].items())
        ]

    @property
    def not_admitted(self) -> list[dict]:
        return [{"id": pk, "status": status} for pk, status in self.rows["withdrawn"]]

    @property
    def vehicles(self) -> list:
        return self.rows["vehicles"]

    @property
    def vehicles_not_admitted(self) -> list[dict]:
        return [{"id": pk, "status": status} for pk, status in self.rows["vehicles_withdrawn"]]


class PackageEventSerializer(DoorSerializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    name = serializers.CharField()


class PackageKeySerializer(DoorSerializer):
    """The current key generation: the one new codes are signed with."""

    algorithm = serializers.CharField()
    key_id = serializers.IntegerField(source="key.key_id")
    raw_base64 = PublicKeyBase64Field(source="key")


class PackageKeyGenerationSerializer(DoorSerializer):
    key_id = serializers.IntegerField(source="key.key_id")
    algorithm = serializers.CharField()
    raw_base64 = PublicKeyBase64Field(source="key")
    current = serializers.BooleanField()


class PackageZoneSerializer(DoorZoneSerializer):
    main_entrance = serializers.BooleanField(source="is_main_entrance")


class PackageCategorySerializer(DoorCategorySerializer):
    zones = serializers.ListField(child=serializers.CharField(), help_text="Zone slugs.")


class PackageRegistrationSerializer(DoorSerializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    version = serializers.IntegerField(allow_null=True, help_text="The current badge's.")
    name = serializers.CharField()
    name_ar = serializers.CharField()
    delegation = serializers.CharField()
    category = serializers.CharField(help_text="The category's slug.")
    photo_url = serializers.CharField(allow_null=True)


class RevokedVersionsSerializer(DoorSerializer):
    id = serializers.IntegerField(help_text="The registration's id.")
    versions = serializers.ListField(child=serializers.IntegerField())


class NotAdmittedSerializer(DoorSerializer):
    id = serializers.IntegerField(help_text="The registration's id.")
    status = serializers.ChoiceField(choices=Status.choices)


class VehicleNotAdmittedSerializer(DoorSerializer):
    id = serializers.IntegerField(help_text="The vehicle pass's id.")
    status = serializers.ChoiceField(choices=VehiclePassStatus.choices)


class OfflinePackageSerializer(DoorSerializer):
    event = PackageEventSerializer()
    generated_at = IsoDateTimeField()
    valid_until = IsoDateTimeField(
        help_text="Do not admit anyone from this package after this time: fetch a new one."
    )
    zone = serializers.CharField(source="zone.slug", allow_null=True)
    code_format = serializers.IntegerField()
    public_key = PackageKeySerializer()
    public_keys = PackageKeyGenerationSerializer(
        many=True,
        help_text="Every generation that still verifies (two during a changeover); a code "
        "of a revoked one answers `revoked`, as online.",
    )
    revoked_key_ids = serializers.ListField(
        source="keys.revoked_ids", child=serializers.IntegerField()
    )
    zones = PackageZoneSerializer(many=True)
    categories = PackageCategorySerializer(many=True)
    registrations = PackageRegistrationSerializer(many=True)
    revoked = RevokedVersionsSerializer(many=True, help_text="Badge versions that answer revoked.")
    not_admitted = NotAdmittedSerializer(many=True)
    vehicles = VehicleCardSerializer(many=True, help_text="Vehicle passes, looked up by pass id.")
    vehicles_not_admitted = VehicleNotAdmittedSerializer(many=True)


# --- The upload ----------------------------------------------------------------------


class OfflineScanSerializer(serializers.Serializer):
    client_scan_id = StrictCharField(max_length=64)
    code = StrictCharField(allow_blank=True, max_length=MAX_SCANNED_TEXT)
    zone = StrictSlugField(required=False, allow_blank=True, max_length=50)
    scanned_at = serializers.DateTimeField()
    direction = StrictChoiceField(choices=Direction.choices, required=False, default=Direction.IN)
    result = StrictChoiceField(
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
    # A ListField, not `many=True`: its lengths reach the schema (minItems, maxItems).
    scans = serializers.ListField(
        child=OfflineScanSerializer(), min_length=1, max_length=MAX_OFFLINE_SCANS
    )


@dataclass(frozen=True)
class OfflineUploadAnswer:
    results: list[OfflineResult]

    @property
    def received(self) -> int:
        return len(self.results)

    @property
    def recorded(self) -> int:
        return sum(not (item.duplicate or item.error) for item in self.results)

    @property
    def duplicates(self) -> int:
        return sum(item.duplicate for item in self.results)

    @property
    def refused(self) -> int:
        return sum(bool(item.error) for item in self.results)

    @property
    def conflicts(self) -> int:
        return sum(bool(item.conflict) for item in self.results)


class OfflineItemErrorsSerializer(DoorSerializer):
    """Why the item was refused, as a field error."""

    client_scan_id = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_client_scan_id(self, item: OfflineResult) -> list[str]:
        return [item.error]


class OfflineUploadResultSerializer(DoorSerializer):
    """One uploaded scan's fate; `errors` only when it was refused alone."""

    client_scan_id = serializers.CharField()
    result = serializers.SerializerMethodField()
    duplicate = serializers.BooleanField()
    conflict = serializers.SerializerMethodField()
    errors = OfflineItemErrorsSerializer(source="*", required=False)

    @extend_schema_field(
        serializers.ChoiceField(
            choices=ScanResult.choices, allow_null=True, help_text="null when refused."
        )
    )
    def get_result(self, item: OfflineResult) -> str | None:
        return item.result or None

    @extend_schema_field(serializers.ChoiceField(choices=ConflictKind.choices, allow_null=True))
    def get_conflict(self, item: OfflineResult) -> str | None:
        return item.conflict or None

    def to_representation(self, item: OfflineResult) -> dict:
        data = super().to_representation(item)
        if not item.error:
            del data["errors"]
        return data


class OfflineUploadAnswerSerializer(DoorSerializer):
    received = serializers.IntegerField()
    recorded = serializers.IntegerField()
    duplicates = serializers.IntegerField()
    refused = serializers.IntegerField(
        help_text="Items whose client_scan_id was already sent with another scan."
    )
    conflicts = serializers.IntegerField()
    results = OfflineUploadResultSerializer(many=True, help_text="Per item, in order.")
