"""A job's organizer page: a progress bar while it runs (refreshed from the JSON status by a
little script, or by reloading the page without JavaScript), then the outcome or the file."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from events.jobs.downloads import job_file_response
from events.jobs.kinds import job_kind_get
from events.jobs.models import Job, JobStatus
from events.jobs.selectors import job_of_event
from events.jobs.serializers import job_status_path
from events.permissions import may_act_as
from events.summit.models import Event
from events.two_factor.services import recent_two_factor_required

# Seconds between reloads of a running job's page when the script does not run.
RELOAD_SECONDS = 2
# Rows listed on the page; the JSON status has them all.
ROWS_SHOWN = 500


def _job(request, slug: str, job_id: int) -> Job:
    """The job when the user holds the role its kind requires on its event (else 403)."""
    event = get_object_or_404(Event, slug=slug)
    job = job_of_event(event=event, job_id=job_id)
    if job is None:
        raise Http404
    if not may_act_as(request.user, event, [job.role]):
        raise PermissionDenied
    return job


def job_page(request, slug: str, job_id: int):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    job = _job(request, slug, job_id)
    kind = job_kind_get(job.kind)
    labels = kind.count_labels if kind else {}
    done = job.status == JobStatus.DONE
    rows = job.outcome.get("rows", []) if done else []
    context = {
        "event": job.event,
        "job": job,
        "label": kind.label if kind else job.kind,
        "counts": [
            (labels.get(name, name), count)
            for name, count in (job.outcome.get("counts", {}).items() if done else [])
        ],
        "message": job.outcome.get("message", "") if done else "",
        # The JSON status keeps the codes ("applied"); the page says them in words.
        "rows": [
            {
                **row,
                "outcome": labels.get(row.get("outcome"), row.get("outcome")),
                "detail": labels.get(row.get("detail"), row.get("detail")),
            }
            for row in rows[:ROWS_SHOWN]
        ],
        "rows_hidden": max(len(rows) - ROWS_SHOWN, 0),
        "status_url": job_status_path(job),
        "reload_seconds": RELOAD_SECONDS,
    }
    return render(request, "manage/job.html", context)


@recent_two_factor_required
def job_file(request, slug: str, job_id: int):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    job = _job(request, slug, job_id)
    if job.status != JobStatus.DONE or not job.result:
        raise Http404
    return job_file_response(job)
