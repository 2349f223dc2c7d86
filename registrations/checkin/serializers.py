"""What the door sends and reads: a scan, its answer, recent scans, counts, a lookup.

The answer of a scan is on the hot path (hundreds a second at a summit's opening):
each card is a small dataclass built from rows the scan already read (the cached
layout names the category and zones), and the serializers below only render it,
without a query, their fields bound once per process (`DoorSerializer`). Moments
are written as `datetime.isoformat()` writes them (`…+00:00`), as the door screens
and offline devices have always read them.
"""

from dataclasses import dataclass
from datetime import datetime

from django.core.validators import MaxLengthValidator, RegexValidator
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.utils.serializer_helpers import BindingDict

from events.api_fields import ExactlyOneOf, StrictCharField, StrictChoiceField, StrictSlugField
from registrations.checkin.layout import CategoryInfo, EventLayout, ZoneInfo
from registrations.checkin.messages import result_message
from registrations.checkin.models import Direction, ScanResult
from registrations.checkin.scan import ScanOutcome
from registrations.checkin.selectors import (
    LOOKUP_LIMIT,
    LOOKUP_MAX_WORDS,
    LOOKUP_MIN_WORD,
    lookup_words,
)
from registrations.registration.models import Registration, Status
from registrations.vehicles.models import VehiclePass, VehiclePassStatus

MAX_SCANNED_TEXT = 16 * 1024


# An answer's serializer that only renders: its fields are copied and bound once per
# class, not once per answer. DRF deep-copies every declared field for each serializer
# it makes; for the forty fields of a scan's answer that was about 0.3 ms a scan, a
# twentieth of the scan's CPU. Sharing them is safe because rendering reads nothing
# but each field's source: these serializers never validate input and never read
# their `context`. (A comment, not a docstring: drf-spectacular would publish a
# docstring as the description of every answer deriving from it.)
class DoorSerializer(serializers.Serializer):
    @property
    def fields(self) -> BindingDict:
        fields = type(self).__dict__.get("_bound_fields")
        if fields is None:
            fields = BindingDict(self)
            for name, field in self.get_fields().items():
                fields[name] = field
            type(self)._bound_fields = fields
        return fields


@extend_schema_field(OpenApiTypes.DATETIME)
class IsoDateTimeField(serializers.Field):
    """A moment as `isoformat()` writes it; one already written as text stays as it is."""

    def to_representation(self, value) -> str:
        return value if isinstance(value, str) else value.isoformat()


# --- Requests ----------------------------------------------------------------------------


class CheckInRequestSerializer(ExactlyOneOf, serializers.Serializer):
    exactly_one_of = ("code", "reference")

    code = StrictCharField(
        required=False,
        allow_blank=True,
        max_length=MAX_SCANNED_TEXT,
        help_text="The scanned text, as the scanner typed it.",
    )
    reference = StrictCharField(
        required=False,
        max_length=32,
        help_text="Instead of `code`: a registration reference looked up by hand.",
    )
    zone = StrictSlugField(
        required=False,
        allow_blank=True,
        max_length=50,
        help_text="Zone slug; empty or absent: the main entrance.",
    )
    nonce = StrictCharField(
        required=False,
        allow_blank=True,
        max_length=64,
        help_text="A client-chosen id (UUID): a retry with it returns the first answer.",
    )
    direction = StrictChoiceField(choices=Direction.choices, required=False, default=Direction.IN)

    def validate(self, attrs):
        if ("code" in attrs) == ("reference" in attrs):
            raise ValidationError(
                {"code": [_("Send the scanned text as “code” (or a “reference”), not both.")]}
            )
        return attrs


class RecentScansQuerySerializer(serializers.Serializer):
    mine = serializers.BooleanField(
        required=False, default=False, help_text="Only this token's or user's scans."
    )
    zone = serializers.CharField(required=False, allow_blank=True, default="")
    limit = serializers.IntegerField(
        required=False, default=20, min_value=1, max_value=200, help_text="Default 20."
    )


LOOKUP_TOO_SHORT = gettext_lazy(
    "Type at least three characters of a name, an organization or a reference."
)


class LookupQuerySerializer(serializers.Serializer):
    q = serializers.CharField(
        max_length=100,
        trim_whitespace=False,  # the length the schema states is the length sent
        error_messages={"blank": LOOKUP_TOO_SHORT, "required": LOOKUP_TOO_SHORT},
        # The rule below, as the schema's pattern, so clients can check it first.
        validators=[
            RegexValidator(
                rf"^\s*(\S+\s+){{0,{LOOKUP_MAX_WORDS - 1}}}\S{{{LOOKUP_MIN_WORD}}}",
                message=LOOKUP_TOO_SHORT,
            )
        ],
        help_text=(
            f"Name, organization or reference: up to four words, one of them at least "
            f"{LOOKUP_MIN_WORD} characters long."
        ),
    )

    def validate_q(self, value: str) -> str:
        if not lookup_words(value):
            raise ValidationError(LOOKUP_TOO_SHORT)
        return value


# --- The door's cards ----------------------------------------------------------------------


def photo_url(registration: Registration, *, event) -> str | None:
    """Where the door screen fetches the photo (audited there), or None without one."""
    if not registration.photo:
        return None
    return reverse(
        "api-registration-photo", kwargs={"slug": event.slug, "reference": registration.reference}
    )


@dataclass(frozen=True)
class RegistrationCard:
    """What the door shows about a registrant (no contact details)."""

    reference: str
    name: str
    name_ar: str
    organization: str
    country: str
    country_name: str
    delegation: str
    status: str
    category: CategoryInfo
    zones: list[ZoneInfo]
    photo_url: str | None

    @classmethod
    def of(cls, registration: Registration, *, event, layout: EventLayout) -> "RegistrationCard":
        info = layout.categories.get(registration.category_id) or _category_info(registration)
        country = registration.country
        delegation = registration.delegation
        return cls(
            reference=registration.reference,
            name=registration.display_name,
            name_ar=registration.name_ar,
            organization=registration.organization,
            country=country.code if country else "",
            country_name=str(country.name) if country else "",
            delegation=delegation.name if delegation else "",
            status=registration.status,
            category=info,
            zones=[layout.zones[pk] for pk in info.zone_ids if pk in layout.zones],
            photo_url=photo_url(registration, event=event),
        )


def _category_info(registration: Registration) -> CategoryInfo:
    """A category the cached layout does not know yet (created in the last minute)."""
    category = registration.category
    return CategoryInfo(
        category.pk,
        category.slug,
        category.name.as_dict(),
        category.badge_colour,
        tuple(category.zones.values_list("pk", flat=True)),
        category.main_language,
    )


class DoorZoneSerializer(DoorSerializer):
    """A zone, named in the reader's language."""

    slug = serializers.CharField()
    name = serializers.CharField()
    colour = serializers.CharField()
    kind = serializers.CharField(help_text="`person`, or `vehicle` for a vehicle gate.")


class DoorCategorySerializer(DoorSerializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    colour = serializers.CharField()


class RegistrationCardSerializer(DoorSerializer):
    reference = serializers.CharField()
    name = serializers.CharField()
    name_ar = serializers.CharField()
    organization = serializers.CharField()
    country = serializers.CharField(help_text="ISO 3166-1 alpha-2 code, or empty.")
    country_name = serializers.CharField()
    delegation = serializers.CharField()
    status = serializers.ChoiceField(choices=Status.choices)
    category = DoorCategorySerializer()
    zones = DoorZoneSerializer(many=True, help_text="The zones the category grants.")
    photo_url = serializers.CharField(allow_null=True)


class VehicleCardSerializer(DoorSerializer):
    """What the gate shows about a vehicle pass: the car, its driver and delegation."""

    id = serializers.IntegerField()
    plate = serializers.CharField()
    make = serializers.CharField()
    colour = serializers.CharField()
    driver = serializers.CharField(source="driver_name")
    driver_reference = serializers.SerializerMethodField()
    delegation = serializers.CharField(source="delegation.name")
    delegation_en = serializers.SerializerMethodField()
    delegation_ar = serializers.SerializerMethodField()
    status = serializers.ChoiceField(choices=VehiclePassStatus.choices)
    version = serializers.IntegerField()

    def get_driver_reference(self, vehicle: VehiclePass) -> str | None:
        return vehicle.driver.reference if vehicle.driver_id else None

    def get_delegation_en(self, vehicle: VehiclePass) -> str:
        return vehicle.delegation.name.in_language("en")

    def get_delegation_ar(self, vehicle: VehiclePass) -> str:
        return vehicle.delegation.name.get("ar")


# --- A scan's answer -----------------------------------------------------------------------


@dataclass(frozen=True)
class FirstEntry:
    zone: ZoneInfo
    device: str


@dataclass(frozen=True)
class CheckInAnswer:
    """A scan's outcome as the door reads it; `detail` only when the scan log has one."""

    result: str
    message: str
    registration: RegistrationCard | None
    vehicle: VehiclePass | None
    zone: ZoneInfo
    direction: str
    scanned_at: datetime
    scan_id: int
    replayed: bool
    first_checked_in_at: datetime | None
    where: FirstEntry | None
    detail: str

    @classmethod
    def of(cls, outcome: ScanOutcome, *, event) -> "CheckInAnswer":
        scan = outcome.scan
        vehicle = outcome.vehicle_pass
        first = outcome.first_checked_in_at is not None and outcome.result in (
            ScanResult.ACCEPTED,
            ScanResult.ALREADY_CHECKED_IN,
        )
        return cls(
            result=outcome.result,
            message=result_message(
                outcome.result,
                outcome.detail,
                vehicle=vehicle is not None,
                direction=scan.direction,
            ),
            registration=RegistrationCard.of(
                outcome.registration, event=event, layout=outcome.layout
            )
            if outcome.registration is not None
            else None,
            vehicle=vehicle,
            zone=outcome.zone,
            direction=scan.direction,
            scanned_at=scan.scanned_at,
            scan_id=scan.pk,
            replayed=outcome.replayed,
            first_checked_in_at=outcome.first_checked_in_at if first else None,
            where=FirstEntry(outcome.zone, outcome.first_device) if first else None,
            detail=outcome.detail,
        )


class FirstEntrySerializer(DoorSerializer):
    """Where the badge (or pass) first came through this zone."""

    zone = DoorZoneSerializer()
    device = serializers.CharField()


class CheckInAnswerSerializer(DoorSerializer):
    result = serializers.ChoiceField(choices=ScanResult.choices)
    message = serializers.CharField()
    registration = RegistrationCardSerializer(allow_null=True)
    vehicle = VehicleCardSerializer(allow_null=True, help_text="For a vehicle pass.")
    zone = DoorZoneSerializer()
    direction = serializers.ChoiceField(choices=Direction.choices)
    scanned_at = IsoDateTimeField()
    scan_id = serializers.IntegerField()
    replayed = serializers.BooleanField()
    first_checked_in_at = IsoDateTimeField(allow_null=True)
    where = FirstEntrySerializer(allow_null=True)
    detail = serializers.CharField(
        required=False, help_text="Why, when the scan log says more than the result."
    )

    def to_representation(self, answer: CheckInAnswer) -> dict:
        data = super().to_representation(answer)
        if not answer.detail:
            del data["detail"]
        return data


# --- Recent scans, counts, lookup ----------------------------------------------------------


class RecentScanRegistrationSerializer(DoorSerializer):
    reference = serializers.CharField()
    name = serializers.CharField(source="display_name")
    category = serializers.CharField(source="category.name")


class RecentScanVehicleSerializer(DoorSerializer):
    plate = serializers.CharField()
    make = serializers.CharField()
    colour = serializers.CharField()
    delegation = serializers.CharField(source="delegation.name")


class RecentScanSerializer(DoorSerializer):
    """One scan, as the scan log keeps it."""

    id = serializers.IntegerField()
    result = serializers.ChoiceField(choices=ScanResult.choices)
    direction = serializers.ChoiceField(choices=Direction.choices)
    zone = serializers.CharField(source="zone.slug", allow_null=True)
    scanned_at = IsoDateTimeField()
    device = serializers.CharField(source="device_label")
    offline = serializers.BooleanField()
    registration = RecentScanRegistrationSerializer(allow_null=True)
    vehicle = RecentScanVehicleSerializer(source="vehicle_pass", allow_null=True)


class RecentScansSerializer(DoorSerializer):
    results = RecentScanSerializer(many=True)


class ZoneCountsSerializer(DoorZoneSerializer):
    entered = serializers.IntegerField()
    inside = serializers.IntegerField()
    refused = serializers.IntegerField()


class CategoryCountsSerializer(DoorCategorySerializer):
    checked_in = serializers.IntegerField()
    approved = serializers.IntegerField()


class HourCountSerializer(DoorSerializer):
    hour = IsoDateTimeField()
    label = serializers.CharField()
    entries = serializers.IntegerField()


class CheckInCountsSerializer(DoorSerializer):
    """Who came in: by zone, by category and by hour, and the conflicts to look at."""

    generated_at = IsoDateTimeField()
    people_checked_in = serializers.IntegerField()
    approved = serializers.IntegerField()
    zones = ZoneCountsSerializer(many=True)
    categories = CategoryCountsSerializer(many=True)
    hours = HourCountSerializer(many=True, help_text="Entries per hour, in the event's time.")
    conflicts = serializers.IntegerField()


class CheckInLookupAnswerSerializer(DoorSerializer):
    results = serializers.ListSerializer(
        child=RegistrationCardSerializer(), validators=[MaxLengthValidator(LOOKUP_LIMIT)]
    )
