"""Downloads of personal data ask for a recent second factor; bearer tokens are not sessions."""

import time

import pytest
from django.test import Client

from events.teams.models import Role
from events.teams.services import team_member_add
from events.tokens.services import api_token_issue
from events.two_factor.services import SESSION_VERIFIED_AT
from registrations.vetting.models import VettingBatch
from tests.conftest import OrganizerClient
from tests.events.two_factor.fixtures import current_code, enrolled_officer, sign_in
from tests.factories import EventFactory, UserFactory

pytestmark = pytest.mark.django_db


def verification_ages(client, seconds: int) -> None:
    session = client.session
    session[SESSION_VERIFIED_AT] = int(time.time()) - seconds
    session.save()


@pytest.fixture
def officer_session():
    """An accreditation officer verified (with the app) a moment ago."""
    event, officer, device, _codes = enrolled_officer()
    VettingBatch.objects.create(event=event, number=1)
    client = OrganizerClient()
    client.force_login(officer)
    return event, device, client


def downloads(event) -> list[str]:
    return [
        f"/manage/{event.slug}/registrations/export.csv",
        f"/manage/{event.slug}/vetting/batches/1.csv",
    ]


def test_a_fresh_verification_opens_the_downloads(officer_session):
    event, _device, client = officer_session

    for url in downloads(event):
        assert client.get(url, follow=True).status_code == 200, url


def test_after_fifteen_minutes_a_download_asks_for_a_code_and_comes_back(officer_session):
    event, device, client = officer_session
    verification_ages(client, 16 * 60)
    assert client.get("/manage/").status_code == 200  # other pages stay open

    for url in downloads(event):
        asked = client.get(url)
        assert asked.status_code == 302, url
        assert asked["Location"].startswith("/manage/two-factor/?next=")
    export = downloads(event)[0]
    verified = client.post("/manage/two-factor/", {"code": current_code(device), "next": export})

    assert verified["Location"] == export
    assert client.get(export, follow=True).status_code == 200


def test_the_recent_window_is_a_setting(officer_session, settings):
    settings.TWO_FACTOR_RECENT_SECONDS = 60
    event, _device, client = officer_session
    verification_ages(client, 2 * 60)

    assert client.get(downloads(event)[0]).status_code == 302


def test_a_session_verified_before_this_check_existed_asks_again(officer_session):
    event, _device, client = officer_session
    session = client.session
    del session[SESSION_VERIFIED_AT]
    session.save()

    assert client.get(downloads(event)[0]).status_code == 302


def test_without_the_role_the_download_is_refused_not_prompted():
    event = EventFactory()
    programme = UserFactory()
    team_member_add(event=event, user=programme, role=Role.PROGRAMME)
    client = OrganizerClient()
    client.force_login(programme)
    verification_ages(client, 16 * 60)

    assert client.get(downloads(event)[0]).status_code == 403


def test_the_vetting_batch_api_refuses_a_stale_session_but_not_a_token(officer_session, api_client):
    event, _device, client = officer_session
    url = f"/api/v1/events/{event.slug}/vetting/batches/1/export.csv"
    assert client.get(url).status_code == 200
    verification_ages(client, 16 * 60)

    stale = client.get(url)
    _token, raw = api_token_issue(event=event, role=Role.ACCREDITATION)
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")

    assert stale.status_code == 403
    assert "recent two-factor verification" in stale.json()["detail"]
    assert client.get(f"/api/v1/events/{event.slug}/vetting/batches/1/").status_code == 403
    assert api_client.get(url).status_code == 200


def test_the_offline_package_with_a_session_needs_a_recent_code(api_client):
    event, officer, _device, _codes = enrolled_officer(role=Role.ADMIN)
    url = f"/api/v1/events/{event.slug}/checkins/offline-package/"
    client = OrganizerClient()
    client.force_login(officer)
    assert client.get(url).status_code == 200
    verification_ages(client, 16 * 60)

    stale = client.get(url)
    _token, raw = api_token_issue(event=event, role=Role.CHECKIN, offline=True)
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")

    assert stale.status_code == 403
    assert "recent two-factor verification" in stale.json()["detail"]
    assert api_client.get(url).status_code == 200


def test_door_staff_without_an_app_get_no_offline_package_through_the_web():
    event = EventFactory()
    door = UserFactory(username="door")
    team_member_add(event=event, user=door, role=Role.CHECKIN)
    client = Client()
    sign_in(client, "door")

    response = client.get(f"/api/v1/events/{event.slug}/checkins/offline-package/")

    assert response.status_code == 403
    assert "recent two-factor verification" in response.json()["detail"]


def test_exporting_a_new_vetting_batch_through_the_api_needs_a_recent_code(officer_session):
    event, _device, client = officer_session
    verification_ages(client, 16 * 60)

    response = client.post(f"/api/v1/events/{event.slug}/vetting/batches/")

    assert response.status_code == 403
    assert "recent two-factor verification" in response.json()["detail"]
    assert VettingBatch.objects.filter(event=event).count() == 1
