"""Protocol API bodies: a registration's precedence in, the seating list out."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from events.api_fields import StrictIntegerField, StrictSlugField
from registrations.protocol.services import MAX_PROTOCOL_ORDER

ORDER_RANGE = _("The order is a whole number from 1 to 100,000.")


class ProtocolSerializer(serializers.Serializer):
    rank = StrictSlugField(max_length=50, allow_blank=True)
    order = StrictIntegerField(
        required=False,
        allow_null=True,
        default=None,
        min_value=1,
        max_value=MAX_PROTOCOL_ORDER,
        error_messages={
            "min_value": ORDER_RANGE,
            "max_value": ORDER_RANGE,
        },
    )


class SeatSerializer(serializers.Serializer):
    """One seat of the plenary, in order of precedence."""

    seat = serializers.IntegerField()
    rank = serializers.CharField()
    rank_ar = serializers.CharField()
    reference = serializers.CharField()
    name = serializers.CharField()
    name_ar = serializers.CharField()
    delegation = serializers.CharField()
    delegation_ar = serializers.CharField()
    country = serializers.CharField()
