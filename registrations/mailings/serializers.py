"""The mailings API's bodies: `POST …/mailings/` and what `GET …/mailings/<id>/` answers."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from events.absolute_urls import request_absolute_url
from events.jobs.serializers import job_status_path
from events.translated.serializers import TranslatedSerializerField
from notifications.models import Status as MessageStatus
from registrations.mailings.models import Mailing
from registrations.mailings.recipients import FILTERS
from registrations.mailings.services import MAX_BODY, MAX_SUBJECT, mailing_counts


class MailingFiltersSerializer(serializers.Serializer):
    """Which registrants: every filter optional; none at all is everyone still in the summit."""

    status = serializers.CharField(required=False, allow_blank=True, max_length=20)
    category = serializers.CharField(required=False, allow_blank=True, max_length=50)
    delegation = serializers.CharField(
        required=False, allow_blank=True, max_length=20, help_text="The delegation's id."
    )
    country = serializers.CharField(
        required=False, allow_blank=True, max_length=2, help_text="ISO 3166-1 alpha-2."
    )
    language = serializers.CharField(required=False, allow_blank=True, max_length=8)
    checked_in = serializers.ChoiceField(choices=["yes", "no"], required=False, allow_blank=True)
    question = serializers.CharField(
        required=False, allow_blank=True, max_length=20, help_text="A question's id."
    )
    answer = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=50,
        help_text="With `question`: yes or no, or one of its choices' values.",
    )

    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(FILTERS))
            if unknown:
                raise serializers.ValidationError({name: ["Unknown filter."] for name in unknown})
        return super().to_internal_value(data)


class MailingRequestSerializer(serializers.Serializer):
    filters = MailingFiltersSerializer(required=False)
    subject = TranslatedSerializerField(max_length=MAX_SUBJECT)
    body = TranslatedSerializerField(max_length=MAX_BODY)


class MailingCountsSerializer(serializers.Serializer):
    recipients = serializers.IntegerField(help_text="Registrants the filters chose.")
    written = serializers.IntegerField(help_text="Messages queued in the outbox so far.")

    def get_fields(self):
        fields = super().get_fields()
        for status in MessageStatus.values:
            fields[status] = serializers.IntegerField()
        return fields


class MailingSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    job_url = serializers.SerializerMethodField()
    subject = TranslatedSerializerField(read_only=True)
    body = TranslatedSerializerField(read_only=True)
    filters = MailingFiltersSerializer(read_only=True)
    counts = serializers.SerializerMethodField()

    class Meta:
        model = Mailing
        fields = [
            "id",
            "url",
            "filters",
            "subject",
            "body",
            "created_at",
            "created_by_label",
            "counts",
            "job_url",
        ]
        read_only_fields = fields

    def _absolute(self, path: str) -> str:
        return request_absolute_url(self.context.get("request"), path)

    def get_url(self, mailing: Mailing) -> str:
        return self._absolute(
            reverse(
                "api-mailing-detail", kwargs={"slug": mailing.event.slug, "mailing_id": mailing.pk}
            )
        )

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_job_url(self, mailing: Mailing) -> str | None:
        return self._absolute(job_status_path(mailing.job)) if mailing.job_id else None

    @extend_schema_field(MailingCountsSerializer)
    def get_counts(self, mailing: Mailing) -> dict:
        return mailing_counts(mailing)
