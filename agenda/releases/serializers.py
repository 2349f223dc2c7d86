"""Releases in the API: publish, list, preview."""

from rest_framework import serializers

from events.api_fields import StrictCharField
from events.jobs.serializers import JobSerializer


class ReleaseCreateSerializer(serializers.Serializer):
    comment = StrictCharField(max_length=1000, required=False, allow_blank=True, default="")


class ReleaseSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    released_at = serializers.DateTimeField()
    released_by = serializers.CharField(source="released_by_label")
    comment = serializers.CharField()
    is_current = serializers.BooleanField()


class ReleasePublishedSerializer(ReleaseSerializer):
    notices_job = JobSerializer(
        allow_null=True,
        help_text="The job queuing the change notices to the people the release affects "
        "(poll its `status_url`); null when no session moved, changed room or was cancelled.",
    )


class ReleaseChangeSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="session.pk")
    title = serializers.SerializerMethodField(help_text="In English, else the main language.")
    changes = serializers.ListField(child=serializers.CharField())
    sequence_bumped = serializers.BooleanField(source="bumps_sequence")

    def get_title(self, change) -> str:
        return change.session.title.in_language("en")


class ReleaseCountsSerializer(serializers.Serializer):
    """How many sessions the next release changes, per kind of change (0 included).

    One field per kind of `agenda.releases.services.CHANGE_ORDER`.
    """

    new = serializers.IntegerField(help_text="Sessions not in the previous release.")
    moved = serializers.IntegerField(help_text="Sessions whose start or end changed.")
    room = serializers.IntegerField(help_text="Sessions in another room.")
    cancelled = serializers.IntegerField()
    reinstated = serializers.IntegerField(help_text="Cancelled sessions back on the programme.")
    details = serializers.IntegerField(
        help_text="Sessions with other changes (title, abstract, track, speakers…)."
    )


class ReleasePreviewSerializer(serializers.Serializer):
    next_number = serializers.IntegerField()
    counts = ReleaseCountsSerializer()
    changes = ReleaseChangeSerializer(many=True)
