"""Vehicle pass API bodies: a pass as accreditation sees it, registering one, a decision."""

from rest_framework import serializers

from events.api_fields import StrictBooleanField, StrictCharField, StrictIntegerField
from events.translated.serializers import TranslatedSerializerField
from registrations.delegations.models import Delegation
from registrations.registration.serializers import NormalizedCharField
from registrations.registration.validators import validate_badge_text
from registrations.vehicles.models import PLATE_MAX_LENGTH, VehiclePass, VehiclePassStatus
from registrations.vehicles.services import (
    COLOUR_MAX_LENGTH,
    DRIVER_NAME_MAX_LENGTH,
    MAKE_MAX_LENGTH,
)


class VehicleDelegationSerializer(serializers.ModelSerializer):
    name = TranslatedSerializerField(read_only=True)
    name_en = serializers.SerializerMethodField()
    name_ar = serializers.SerializerMethodField()

    class Meta:
        model = Delegation
        fields = ["id", "name", "name_en", "name_ar"]
        read_only_fields = fields

    def get_name_en(self, delegation: Delegation) -> str:
        return delegation.name.in_language("en")

    def get_name_ar(self, delegation: Delegation) -> str:
        return delegation.name.get("ar")


class VehiclePassSerializer(serializers.ModelSerializer):
    delegation = VehicleDelegationSerializer(read_only=True)
    driver_reference = serializers.SerializerMethodField()

    class Meta:
        model = VehiclePass
        fields = [
            "id",
            "plate",
            "plate_normalised",
            "make",
            "colour",
            "driver_name",
            "driver_reference",
            "delegation",
            "status",
            "status_changed_at",
            "decision_reason",
            "version",
            "print_count",
            "last_printed_at",
            "created_at",
        ]

    def get_driver_reference(self, vehicle) -> str | None:
        return vehicle.driver.reference if vehicle.driver_id else None


class VehicleListQuerySerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=VehiclePassStatus.choices, required=False, allow_blank=True, default=""
    )
    delegation = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="Delegation id or English name"
    )
    plate = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="Part of a plate"
    )


class VehicleCreateSerializer(serializers.Serializer):
    delegation = StrictIntegerField(help_text="The delegation's id.")
    plate = StrictCharField(max_length=PLATE_MAX_LENGTH, allow_blank=True)
    make = StrictCharField(max_length=MAKE_MAX_LENGTH, allow_blank=True)
    colour = StrictCharField(max_length=COLOUR_MAX_LENGTH, allow_blank=True)
    driver_name = NormalizedCharField(
        max_length=DRIVER_NAME_MAX_LENGTH,
        required=False,
        allow_blank=True,
        default="",
        validators=[validate_badge_text],
        help_text="Needed unless `driver` names an accredited driver.",
    )
    driver = StrictCharField(
        max_length=16,
        required=False,
        allow_blank=True,
        default="",
        help_text="The driver's registration reference, if the driver is accredited.",
    )
    approve = StrictBooleanField(required=False, default=False)


class VehicleDecisionSerializer(serializers.Serializer):
    reason = StrictCharField(max_length=300, required=False, allow_blank=True, default="")


class VehicleReissueSerializer(serializers.Serializer):
    reason = StrictCharField(
        max_length=300,
        help_text="Why the pass is reissued: kept in the audit log.",
    )
