"""A finished job's file as a download that no cache keeps (exports hold personal data)."""

import mimetypes

from django.http import FileResponse

from events.jobs.models import Job


def job_file_response(job: Job) -> FileResponse:
    name = job.result_name or "result"
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    if content_type.startswith("text/"):
        content_type += "; charset=utf-8"
    response = FileResponse(
        job.result.open("rb"), as_attachment=True, filename=name, content_type=content_type
    )
    response["Cache-Control"] = "private, no-store"
    return response
