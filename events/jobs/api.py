"""A job's status as JSON, and its file once done: what a 202 answer's `Location` names."""

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from events.api_views import EventAPIView
from events.jobs.downloads import job_file_response
from events.jobs.models import Job, JobStatus
from events.jobs.selectors import job_of_event
from events.jobs.serializers import JobSerializer
from events.permissions import may_act_as
from events.teams.models import Role
from events.two_factor.services import HasRecentTwoFactor


class JobAPIView(EventAPIView):
    """Any role of the event may ask; the job answers only to the role its kind requires
    (another role: 403; no such job of this event: 404)."""

    required_roles = tuple(Role.values)
    pagination_class = None

    def get_job(self) -> Job:
        job = job_of_event(event=self.event, job_id=self.kwargs["job_id"])
        if job is None:
            raise Http404
        if not may_act_as(self.request.user, self.event, [job.role]):
            raise PermissionDenied
        return job


class JobDetailView(JobAPIView):
    serializer_class = JobSerializer

    @extend_schema(
        responses=JobSerializer,
        summary="A job's status, progress, outcome row by row, and its file when done",
    )
    def get(self, request, slug: str, job_id: int):
        return Response(JobSerializer(self.get_job(), context={"request": request}).data)


class JobFileView(JobAPIView):
    permission_classes = [*JobAPIView.permission_classes, HasRecentTwoFactor]  # sessions

    @extend_schema(
        responses={
            (200, "text/csv"): OpenApiTypes.BINARY,
            (200, "application/pdf"): OpenApiTypes.BINARY,
            404: OpenApiResponse(description="No such job, or it has no file (yet)"),
        },
        summary="The file a finished job made (a CSV export, a badge PDF)",
    )
    def get(self, request, slug: str, job_id: int):
        job = self.get_job()
        if job.status != JobStatus.DONE or not job.result:
            raise Http404
        return job_file_response(job)


# The answer of an operation that started a job: 202, the job, and where to follow it.
# An operation lists `JOB_ACCEPTED` under 202 and `JOB_LOCATION` in its parameters.
JOB_ACCEPTED = OpenApiResponse(
    JobSerializer,
    description="Accepted: the work runs as a job. `Location` (and `status_url`) is the "
    "job's status; poll it until `status` is `done` (then `outcome`, `file_url`) or `failed`.",
)
JOB_LOCATION = OpenApiParameter(
    "Location",
    OpenApiTypes.URI,
    OpenApiParameter.HEADER,
    response=[202],
    description="The job's status URL",
)


def job_accepted(job: Job, request) -> Response:
    """202 with the job's status, `Location` naming its status URL."""
    body = JobSerializer(job, context={"request": request}).data
    return Response(body, status=status.HTTP_202_ACCEPTED, headers={"Location": body["status_url"]})
