"""Protocol API bodies: a registration's precedence in, the seating list out."""

from rest_framework import serializers

from events.api_fields import StrictIntegerField, StrictSlugField


class ProtocolSerializer(serializers.Serializer):
    rank = StrictSlugField(max_length=50, allow_blank=True)
    order = StrictIntegerField(required=False, allow_null=True, default=None)


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
