"""The API's links: on the address the client called, else (off a request) on the site's."""

import pytest
from django.test import RequestFactory

from events.absolute_urls import request_absolute_url
from events.audit.services import Actor
from events.jobs.serializers import JobSerializer
from events.jobs.services import job_create
from registrations.mailings.models import Mailing
from registrations.mailings.serializers import MailingSerializer
from tests.registrations.checkin_fixtures import make_summit


def test_a_link_is_on_the_host_the_request_came_to(settings):
    settings.SITE_URL = "https://summit.example.org"
    settings.ALLOWED_HOSTS = ["api.example.net"]
    request = RequestFactory().get("/api/v1/events/", HTTP_HOST="api.example.net")

    assert (
        request_absolute_url(request, "/api/v1/jobs/7/") == "http://api.example.net/api/v1/jobs/7/"
    )


def test_without_a_request_a_link_is_on_the_sites_public_address(settings):
    settings.SITE_URL = "https://summit.example.org/"

    assert (
        request_absolute_url(None, "/api/v1/jobs/7/") == "https://summit.example.org/api/v1/jobs/7/"
    )


@pytest.mark.django_db
def test_the_mailing_and_its_job_link_the_same_way(settings):
    settings.SITE_URL = "https://summit.example.org"
    settings.ALLOWED_HOSTS = ["api.example.net"]
    event = make_summit("unity").event
    job = job_create(event=event, kind="mailing_send", actor=Actor.system(), params={}, total=0)
    mailing = Mailing.objects.create(event=event, subject={"en": "S"}, body={"en": "B"}, job=job)
    request = RequestFactory().get("/", HTTP_HOST="api.example.net")

    for context, site in (
        ({"request": request}, "http://api.example.net"),
        ({}, settings.SITE_URL),
    ):
        body = MailingSerializer(mailing, context=context).data
        job_body = JobSerializer(job, context=context).data
        assert body["url"] == f"{site}/api/v1/events/unity/mailings/{mailing.pk}/"
        assert (
            body["job_url"]
            == job_body["status_url"]
            == f"{site}/api/v1/events/unity/jobs/{job.pk}/"
        )
        assert job_body["page_url"] == f"{site}/manage/unity/jobs/{job.pk}/"
