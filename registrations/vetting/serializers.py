"""Security vetting API bodies: a batch and its rows out, decisions in, the import's report."""

from django.urls import reverse
from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from events.api_fields import ExactlyOneOf
from registrations.vetting.models import VettingBatch
from registrations.vetting.services import BATCH_COLUMNS, ImportReport


class VettingBatchRowSerializer(serializers.Serializer):
    """One registration sent to the security service, with the columns of the CSV."""

    def get_fields(self):
        return {column: serializers.CharField() for column in BATCH_COLUMNS}


# The caller's request in the context (for `csv_url`); the batch's rows as `rows` in
# the context where they are sent: one batch made or downloaded, not the list.
class VettingBatchSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    size = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    created_by = serializers.CharField()
    csv_url = serializers.SerializerMethodField()
    rows = VettingBatchRowSerializer(
        many=True, required=False, help_text="Only with one batch, not in the list."
    )

    def get_csv_url(self, batch: VettingBatch) -> str:
        path = reverse(
            "api-vetting-batch-csv", kwargs={"slug": batch.event.slug, "number": batch.number}
        )
        return self.context["request"].build_absolute_uri(path)

    def to_representation(self, batch: VettingBatch) -> dict:
        data = super().to_representation(batch)  # no `rows`: a batch has no such attribute
        if "rows" in self.context:
            data["rows"] = VettingBatchRowSerializer(self.context["rows"], many=True).data
        return data


class DecisionsImportSerializer(ExactlyOneOf, serializers.Serializer):
    exactly_one_of = ("file", "decisions")

    dry_run = serializers.BooleanField(required=False, default=False)
    file = serializers.FileField(required=False, max_length=200)
    decisions = serializers.ListField(
        child=serializers.JSONField(), required=False, max_length=20_000
    )

    def validate(self, data):
        if bool(data.get("file")) == ("decisions" in data):
            raise ValidationError(
                {"file": [_("Send either a CSV file or a list of decisions, not both.")]}
            )
        return data


class DecisionsUploadSerializer(serializers.Serializer):
    """The multipart body: a CSV file. A list of decisions is JSON only (form fields
    cannot carry objects)."""

    dry_run = serializers.BooleanField(required=False, default=False)
    file = serializers.FileField(max_length=200)

    def validate(self, data):
        if "decisions" in self.initial_data:
            raise ValidationError(
                {"decisions": [_("Send a list of decisions as JSON, or a CSV file here.")]}
            )
        return data


class DecisionCountsSerializer(serializers.Serializer):
    cleared = serializers.IntegerField()
    refused = serializers.IntegerField()
    more_information = serializers.IntegerField()


class DecisionRowSerializer(serializers.Serializer):
    line = serializers.IntegerField()
    reference = serializers.CharField()
    decision = serializers.CharField()
    name = serializers.CharField()
    errors = serializers.ListField(child=serializers.CharField())


class VettingImportReportSerializer(serializers.Serializer):
    """Valid only when no row has an error; applied only then (and not in a dry run)."""

    valid = serializers.BooleanField()
    applied = serializers.BooleanField()
    counts = DecisionCountsSerializer()
    errors = serializers.SerializerMethodField()
    rows = DecisionRowSerializer(many=True)

    def get_errors(self, report: ImportReport) -> int:
        return sum(len(row.errors) for row in report.rows)
