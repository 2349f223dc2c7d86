"""Bilateral meetings in the API: what a delegation or the organizers read, and their inputs.

Times without an offset are read in the event's time zone (the views activate it).
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from agenda.bilaterals.models import (
    BILATERAL_MAX_SLOTS,
    BilateralMeeting,
    BilateralSlot,
    BilateralStatus,
)
from agenda.calendars.ics import bilateral_uid
from events.api_fields import StrictCharField, StrictIntegerField
from events.translated.serializers import TranslatedSerializerField, TranslatedStringField


class BilateralDelegationSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = TranslatedSerializerField(read_only=True)
    name_text = TranslatedStringField(source="name")


class BilateralSlotSerializer(serializers.ModelSerializer):
    proposed_by = serializers.IntegerField(source="proposed_by_id", read_only=True)
    is_open = serializers.SerializerMethodField()

    class Meta:
        model = BilateralSlot
        fields = ["id", "round", "starts_at", "ends_at", "proposed_by", "is_open"]
        read_only_fields = fields

    def get_is_open(self, slot) -> bool:
        meeting = slot.meeting
        return meeting.is_open and slot.round == meeting.round


class BilateralRoomSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    slug = serializers.CharField(read_only=True)
    name = TranslatedSerializerField(read_only=True)
    name_text = TranslatedStringField(source="name")


class BilateralMeetingSerializer(serializers.ModelSerializer):
    uid = serializers.SerializerMethodField()
    requester = BilateralDelegationSerializer(read_only=True)
    counterpart = BilateralDelegationSerializer(read_only=True)
    status = serializers.ChoiceField(choices=BilateralStatus.choices, read_only=True)
    awaiting = serializers.SerializerMethodField(
        help_text="Id of the delegation that must answer the open proposal, or null."
    )
    room = BilateralRoomSerializer(read_only=True, allow_null=True)
    slots = BilateralSlotSerializer(many=True, read_only=True)

    class Meta:
        model = BilateralMeeting
        fields = [
            "id",
            "uid",
            "requester",
            "counterpart",
            "subject",
            "status",
            "awaiting",
            "starts_at",
            "ends_at",
            "room",
            "slots",
            "reason",
            "sequence",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_uid(self, meeting) -> str:
        return bilateral_uid(meeting)

    def get_awaiting(self, meeting) -> int | None:
        return meeting.awaiting_id()


class BilateralListQuerySerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=BilateralStatus.choices, required=False, allow_blank=True, default=""
    )


class SlotInputSerializer(serializers.Serializer):
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()


class BilateralRequestSerializer(serializers.Serializer):
    counterpart = StrictIntegerField(help_text="Id of the delegation asked to meet.")
    subject = StrictCharField(max_length=200, required=False, allow_blank=True, default="")
    # A ListField, not `many=True`: its lengths reach the schema (minItems, maxItems).
    slots = serializers.ListField(
        child=SlotInputSerializer(),
        min_length=1,
        max_length=BILATERAL_MAX_SLOTS,
        error_messages={
            "min_length": _("Propose between one and three times."),
            "max_length": _("Propose between one and three times."),
        },
    )


class BilateralCounterSerializer(serializers.Serializer):
    # A ListField, not `many=True`: its lengths reach the schema (minItems, maxItems).
    slots = serializers.ListField(
        child=SlotInputSerializer(),
        min_length=1,
        max_length=BILATERAL_MAX_SLOTS,
        error_messages={
            "min_length": _("Propose between one and three times."),
            "max_length": _("Propose between one and three times."),
        },
    )


class BilateralAcceptSerializer(serializers.Serializer):
    slot = StrictIntegerField(help_text="Id of one of the open proposed times.")


class BilateralReasonSerializer(serializers.Serializer):
    reason = StrictCharField(max_length=1000, required=False, allow_blank=True, default="")


class BilateralRoomInputSerializer(serializers.Serializer):
    room = StrictIntegerField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Id of a bilateral room; null or absent: the first free one.",
    )


class BilateralMoveSerializer(serializers.Serializer):
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
