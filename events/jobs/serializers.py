"""The job's status as the API answers it (`GET …/jobs/<id>/`, and the 202 that started it)."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from events.absolute_urls import request_absolute_url
from events.jobs.models import Job, JobStatus


class JobRowSerializer(serializers.Serializer):
    """One row's outcome: `outcome` says what happened, `error` why it did not."""

    line = serializers.IntegerField(required=False, help_text="Line of the file, when it has lines")
    reference = serializers.CharField(required=False)
    name = serializers.CharField(required=False)
    detail = serializers.CharField(required=False, help_text="What the row asked for")
    outcome = serializers.CharField(help_text="What happened: applied, printed, queued, failed…")
    error = serializers.CharField(required=False, help_text="Why the row was not done")


class JobCountSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="What was counted: applied, printed, queued, failed…")
    count = serializers.IntegerField()


class JobOutcomeSerializer(serializers.Serializer):
    counts = JobCountSerializer(many=True)
    rows = JobRowSerializer(many=True)
    message = serializers.CharField(
        allow_blank=True,
        help_text="What the organizer must know of the outcome, when the counts do not say "
        "it (a vetting file refused whole: nothing applied); else empty",
    )


class JobSerializer(serializers.ModelSerializer):
    status = serializers.ChoiceField(choices=JobStatus.choices)
    percent = serializers.IntegerField()
    status_url = serializers.SerializerMethodField()
    page_url = serializers.SerializerMethodField()
    file_url = serializers.SerializerMethodField()
    outcome = serializers.SerializerMethodField()

    class Meta:
        model = Job
        fields = [
            "id",
            "kind",
            "status",
            "done",
            "total",
            "percent",
            "outcome",
            "error",
            "file_url",
            "status_url",
            "page_url",
            "created_at",
            "started_at",
            "finished_at",
        ]
        read_only_fields = fields

    def _absolute(self, path: str) -> str:
        return request_absolute_url(self.context.get("request"), path)

    def get_status_url(self, job: Job) -> str:
        return self._absolute(job_status_path(job))

    def get_page_url(self, job: Job) -> str:
        return self._absolute(
            reverse("manage:job", kwargs={"slug": job.event.slug, "job_id": job.pk})
        )

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_file_url(self, job: Job) -> str | None:
        if job.status != JobStatus.DONE or not job.result:
            return None
        return self._absolute(
            reverse("api-job-file", kwargs={"slug": job.event.slug, "job_id": job.pk})
        )

    @extend_schema_field(JobOutcomeSerializer(allow_null=True))
    def get_outcome(self, job: Job) -> dict | None:
        if job.status != JobStatus.DONE:
            return None
        counts = job.outcome.get("counts", {})
        return {
            "counts": [{"name": name, "count": count} for name, count in counts.items()],
            "rows": job.outcome.get("rows", []),
            "message": job.outcome.get("message", ""),
        }


def job_status_path(job: Job) -> str:
    return reverse("api-job", kwargs={"slug": job.event.slug, "job_id": job.pk})
