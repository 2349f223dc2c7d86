"""Releases in the API: publish, list, preview."""

from rest_framework import serializers


class ReleaseCreateSerializer(serializers.Serializer):
    comment = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")


class ReleaseSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    released_at = serializers.DateTimeField()
    released_by = serializers.CharField(source="released_by_label")
    comment = serializers.CharField()
    is_current = serializers.BooleanField()


class ReleaseChangeSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="session.pk")
    title = serializers.CharField(source="session.title_en")
    changes = serializers.ListField(child=serializers.CharField())
    sequence_bumped = serializers.BooleanField(source="bumps_sequence")


class ReleasePreviewSerializer(serializers.Serializer):
    next_number = serializers.IntegerField()
    counts = serializers.DictField(child=serializers.IntegerField())
    changes = ReleaseChangeSerializer(many=True)
