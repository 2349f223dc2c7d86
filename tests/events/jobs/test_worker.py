"""A job travels through Redis to a real worker, and its status endpoint says when it is done."""

import time

import pytest

from config.celery import app as celery_app
from events.teams.models import Role
from tests.events.jobs.running import counts_of
from tests.events.test_worker import real_worker  # noqa: F401 - the fixture
from tests.registrations.checkin_fixtures import approved, make_summit


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_badge_batch_is_printed_by_a_real_worker_on_redis(real_worker, api_client):  # noqa: F811
    assert celery_app.conf.broker_url.startswith("redis://")
    summit = make_summit("worker")
    for _ in range(5):
        approved(summit)

    accepted = api_client.post(
        summit.url("badges.pdf"), {}, format="json", **summit.bearer(Role.ACCREDITATION)
    )
    assert accepted.status_code == 202

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        job = api_client.get(accepted["Location"], **summit.bearer(Role.ACCREDITATION)).json()
        if job["status"] in ("done", "failed"):
            break
        time.sleep(0.2)
    assert job["status"] == "done", job
    assert counts_of(job) == {"printed": 5, "not_printed": 0}
    pdf = api_client.get(job["file_url"], **summit.bearer(Role.ACCREDITATION))
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
