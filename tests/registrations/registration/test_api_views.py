"""The API view on one registration: the URL's reference, in the URL's event only."""

import pytest

from events.teams.models import Role
from events.tokens.services import api_token_issue
from tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def officer(api_client, event):
    api_client.credentials(
        HTTP_AUTHORIZATION=f"Bearer {api_token_issue(event=event, role=Role.ACCREDITATION)[1]}"
    )
    return api_client


def test_a_reference_is_found_in_its_own_event_whatever_its_letter_case(api_client):
    registration = RegistrationFactory(reference="UNI-ABC123")
    client = officer(api_client, registration.event)

    response = client.get(f"/api/v1/events/{registration.event.slug}/registrations/uni-abc123/")

    assert response.status_code == 200
    assert response.json()["reference"] == "UNI-ABC123"


def test_another_events_reference_is_not_found(api_client):
    elsewhere = RegistrationFactory()
    event = EventFactory()
    client = officer(api_client, event)

    response = client.get(f"/api/v1/events/{event.slug}/registrations/{elsewhere.reference}/")

    assert response.status_code == 404
    assert response.json() == {"detail": "No such registration."}


@pytest.mark.parametrize("path", ["registrations/", "registrations/UNI-1/", "seating/"])
def test_an_anonymous_caller_learns_nothing_about_which_events_exist(api_client, path):
    unknown = api_client.get(f"/api/v1/events/no-such-summit/{path}")
    known = api_client.get(f"/api/v1/events/{EventFactory().slug}/{path}")

    assert unknown.status_code == known.status_code == 401
    assert unknown.json() == known.json()


def test_an_officer_asking_for_an_unknown_event_is_told_it_is_not_found(api_client):
    client = officer(api_client, EventFactory())

    assert client.get("/api/v1/events/no-such-summit/registrations/").status_code == 404
