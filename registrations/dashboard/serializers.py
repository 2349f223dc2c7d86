"""The shape of `GET /api/v1/events/<slug>/stats/` (registrations/dashboard/stats.py)."""

from rest_framework import serializers

from registrations.registration.models import Status


class StatusCountsSerializer(serializers.Serializer):
    """One count per registration status, zero included."""

    def get_fields(self):
        return {status: serializers.IntegerField() for status in Status.values}


class TotalsSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    by_status = StatusCountsSerializer()


class CategoryStatsSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    colour = serializers.CharField()
    capacity = serializers.IntegerField(allow_null=True)
    by_status = StatusCountsSerializer()
    places_taken = serializers.IntegerField(help_text="Pending, in vetting and approved.")
    waitlisted = serializers.IntegerField()
    fill = serializers.IntegerField(
        allow_null=True, help_text="Percent of the capacity taken; null without a capacity."
    )


class DelegationStatsSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    country = serializers.CharField(allow_blank=True)
    quota = serializers.IntegerField()
    members = serializers.IntegerField(help_text="Registrations not cancelled.")
    approved = serializers.IntegerField()
    pending = serializers.IntegerField()
    has_head = serializers.BooleanField()


class CountryStatsSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    registrations = serializers.IntegerField()


class DayStatsSerializer(serializers.Serializer):
    date = serializers.DateField()
    label = serializers.CharField()
    registrations = serializers.IntegerField()


class ZoneStatsSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    inside = serializers.IntegerField()


class ScanBucketSerializer(serializers.Serializer):
    start = serializers.DateTimeField(help_text="The quarter hour's start, in the event's time.")
    label = serializers.CharField()
    scans = serializers.IntegerField()
    accepted = serializers.IntegerField()


class TodoSerializer(serializers.Serializer):
    key = serializers.ChoiceField(
        choices=[
            "pending_approval",
            "awaiting_vetting",
            "badges_not_printed",
            "messages_failed",
            "messages_delayed",
            "delegations_incomplete",
        ]
    )
    label = serializers.CharField()
    count = serializers.IntegerField()
    url = serializers.CharField(help_text="The organizer page listing exactly these.")


class EventStatsSerializer(serializers.Serializer):
    generated_at = serializers.DateTimeField()
    registrations = TotalsSerializer()
    categories = CategoryStatsSerializer(many=True)
    delegations = DelegationStatsSerializer(many=True)
    countries = CountryStatsSerializer(many=True)
    per_day = DayStatsSerializer(many=True, help_text="Registrations made per day.")
    zones = ZoneStatsSerializer(many=True, help_text="People inside each zone now.")
    scans_today = ScanBucketSerializer(many=True, help_text="Scans per 15 minutes today.")
    todo = TodoSerializer(many=True)
