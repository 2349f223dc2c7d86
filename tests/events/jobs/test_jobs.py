"""Jobs: the status endpoint and page follow the work; a failure is the job's, not a 500."""

import pytest
from django.test import TestCase
from django.utils import translation
from django.utils.translation import gettext as _

from events.audit.services import Actor
from events.jobs.kinds import JobResult, job_kind
from events.jobs.models import Job, JobStatus
from events.jobs.services import job_create, job_run
from events.teams.models import Role
from tests.events.jobs.running import counts_of
from tests.factories import UserFactory
from tests.registrations.checkin_fixtures import approved, make_summit

pytestmark = pytest.mark.django_db


def broken_work(*, job, progress):
    progress.advance()
    raise RuntimeError("disk full")


def counting_work(*, job, progress):
    for _ in range(job.total):
        progress.advance()
    return JobResult(counts={"rows": job.total}, rows=[{"reference": "X", "outcome": "done"}])


def speaking_work(*, job, progress):
    # A string of the catalogue: the worker says it in the language of who started the job.
    return JobResult(counts={"sent": 1}, rows=[{"outcome": "sent"}], message=_("Cancelled"))


job_kind(name="test_broken", label="Broken", role=Role.ACCREDITATION, work=broken_work)
job_kind(name="test_counting", label="Counting", role=Role.PROGRAMME, work=counting_work)
job_kind(
    name="test_speaking",
    label="Speaking",
    role=Role.ACCREDITATION,
    work=speaking_work,
    count_labels={"sent": "Sent to the printer"},
)


@pytest.fixture
def summit(db):
    return make_summit("unity")


def status(api_client, summit, job, role=Role.ACCREDITATION):
    return api_client.get(summit.url(f"jobs/{job.pk}/"), **summit.bearer(role))


def test_a_queued_job_reports_no_progress_yet(api_client, summit):
    job = job_create(
        event=summit.event, kind="test_counting", actor=Actor.system(), params={}, total=4
    )

    body = status(api_client, summit, job, Role.PROGRAMME).json()

    assert (body["status"], body["done"], body["total"], body["percent"]) == ("queued", 0, 4, 0)
    assert body["outcome"] is None
    assert body["file_url"] is None
    assert body["status_url"].endswith(f"/api/v1/events/unity/jobs/{job.pk}/")


def test_a_running_job_reports_its_percentage(api_client, summit):
    job = job_create(
        event=summit.event, kind="test_counting", actor=Actor.system(), params={}, total=4
    )
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, done=1)

    body = status(api_client, summit, job, Role.PROGRAMME).json()

    assert (body["status"], body["percent"]) == ("running", 25)


def test_a_finished_job_reports_its_outcome_and_runs_only_once(api_client, summit):
    job = job_create(
        event=summit.event, kind="test_counting", actor=Actor.system(), params={}, total=3
    )

    job_run(job_id=job.pk)
    assert job_run(job_id=job.pk) is None  # redelivered: nothing to do

    body = status(api_client, summit, job, Role.PROGRAMME).json()
    assert (body["status"], body["done"], body["percent"]) == ("done", 3, 100)
    assert body["outcome"] == {
        "counts": [{"name": "rows", "count": 3}],
        "rows": [{"reference": "X", "outcome": "done"}],
        "message": "",
    }


def test_a_job_whose_work_breaks_is_failed_with_a_reason(api_client, summit):
    job = job_create(
        event=summit.event, kind="test_broken", actor=Actor.system(), params={}, total=2
    )

    job_run(job_id=job.pk)

    body = status(api_client, summit, job).json()
    assert body["status"] == "failed"
    assert "unexpected error" in body["error"]
    assert "disk full" not in body["error"]


def test_a_job_answers_only_to_the_role_of_its_kind(api_client, summit):
    job = job_create(
        event=summit.event, kind="test_counting", actor=Actor.system(), params={}, total=1
    )

    assert status(api_client, summit, job, Role.CHECKIN).status_code == 403
    assert status(api_client, summit, job, Role.PROGRAMME).status_code == 200
    assert status(api_client, summit, job, Role.ADMIN).status_code == 200


def test_another_events_job_is_not_found(api_client, summit):
    other = make_summit("elsewhere")
    job = job_create(
        event=other.event, kind="test_counting", actor=Actor.system(), params={}, total=1
    )

    assert status(api_client, summit, job, Role.ADMIN).status_code == 404


@pytest.fixture
def officer(client, summit):
    user = UserFactory()
    summit.event.team.create(user=user, role=Role.ACCREDITATION)
    client.force_login(user)
    return client


def test_the_page_of_a_running_job_shows_a_bar_and_reloads_without_javascript(officer, summit):
    job = job_create(
        event=summit.event, kind="test_broken", actor=Actor.system(), params={}, total=4
    )
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, done=3)

    page = officer.get(f"/manage/unity/jobs/{job.pk}/").content.decode()

    assert '<progress id="job-progress" max="100" value="75">75%</progress>' in page
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in page
    assert f'data-status-url="/api/v1/events/unity/jobs/{job.pk}/"' in page
    assert "job_progress.js" in page


def test_the_page_of_a_failed_job_says_why_and_stops_reloading(officer, summit):
    job = job_create(
        event=summit.event, kind="test_broken", actor=Actor.system(), params={}, total=4
    )
    job_run(job_id=job.pk)

    page = officer.get(f"/manage/unity/jobs/{job.pk}/").content.decode()

    assert "Failed" in page
    assert "unexpected error" in page
    assert "refresh" not in page


def test_a_job_speaks_the_language_of_who_started_it_and_its_page_names_outcomes(officer, summit):
    with translation.override("ar"):
        job = job_create(
            event=summit.event, kind="test_speaking", actor=Actor.system(), params={}, total=1
        )
    job_run(job_id=job.pk)  # the worker's own language is English

    job.refresh_from_db()
    assert job.language == "ar"
    assert job.outcome["message"] == "ملغى"
    assert job.outcome["rows"] == [{"outcome": "sent"}]  # the JSON keeps the code
    page = officer.get(f"/manage/unity/jobs/{job.pk}/").content.decode()
    assert '<p class="errorlist" role="alert" id="job-message">ملغى</p>' in page
    assert "<td>Sent to the printer</td>" in page


def test_the_status_endpoint_follows_a_badge_batch_from_202_to_its_pdf(api_client, summit):
    for _ in range(3):
        approved(summit)

    with TestCase.captureOnCommitCallbacks(execute=False) as callbacks:
        accepted = api_client.post(
            summit.url("badges.pdf"), {}, format="json", **summit.bearer(Role.ACCREDITATION)
        )
    assert accepted.status_code == 202
    assert accepted["Location"].endswith(f"/jobs/{accepted.json()['id']}/")
    queued = api_client.get(accepted["Location"], **summit.bearer(Role.ACCREDITATION)).json()
    assert (queued["status"], queued["total"]) == ("queued", 3)

    for callback in callbacks:  # the after-commit enqueue; eager tasks run here
        callback()

    done = api_client.get(accepted["Location"], **summit.bearer(Role.ACCREDITATION)).json()
    assert (done["status"], done["percent"], counts_of(done)["printed"]) == (
        "done",
        100,
        3,
    )
    pdf = api_client.get(done["file_url"], **summit.bearer(Role.ACCREDITATION))
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
