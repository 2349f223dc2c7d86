"""A registrant chooses among the event's languages; every message goes in that one."""
# ruff: noqa: F811 - `event` is the fixture imported from french_summit, shared by the tests of languages

import pytest
from django.utils import translation

from notifications.models import Message
from registrations.registration.models import Registration
from tests.registrations.registration.french_summit import body, event  # noqa: F401

pytestmark = pytest.mark.django_db


def test_the_form_offers_the_events_languages_the_readers_first(client, event):
    with translation.override("fr"):
        page = client.get("/e/unity/register/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    assert '<option value="fr" selected>' in page
    assert '<option value="en">' in page
    assert '<option value="ar"' not in page


def test_the_switcher_offers_only_the_events_languages(client, event):
    page = client.get("/e/unity/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert 'name="language" value="fr"' in page
    assert 'name="language" value="ar"' not in page
    assert 'name="language" value="es"' not in page


def test_a_registrant_in_french_gets_the_confirmation_in_french(api_client, event):
    response = api_client.post(
        "/api/v1/events/unity/registrations/", body(language="fr"), format="json"
    )

    assert response.status_code == 202, response.json()
    assert Registration.objects.get().language == "fr"
    message = Message.objects.get(recipient="jeanne@example.org")
    assert message.language == "fr"
    assert "Sommet de l'unité" in message.body_text


def test_without_a_language_the_events_main_language_is_used(api_client, event):
    api_client.post("/api/v1/events/unity/registrations/", body(), format="json")

    assert Registration.objects.get().language == "fr"


def test_a_language_the_event_does_not_offer_is_refused(api_client, event):
    response = api_client.post(
        "/api/v1/events/unity/registrations/", body(language="ar"), format="json"
    )

    assert response.status_code == 400
    assert list(response.json()) == ["language"]
    assert not Registration.objects.exists()
