"""Public pages speak one of their event's languages; a registrant's page speaks theirs."""
# ruff: noqa: F811 - `event` is the fixture imported from french_summit, shared by the tests of languages

import pytest
from django.conf import settings

from events.audit.services import Actor
from notifications.models import Message
from registrations.registration.models import Registration
from registrations.registration.services import registration_approve
from tests.factories import RegistrationFactory
from tests.registrations.registration.french_summit import body, event  # noqa: F401

pytestmark = pytest.mark.django_db


def page_language(response) -> str:
    assert response.status_code == 200
    return response.content.decode().split('<html lang="', 1)[1].split('"', 1)[0]


def test_a_language_the_event_offers_is_kept(client, event):
    assert page_language(client.get("/e/unity/", HTTP_ACCEPT_LANGUAGE="en")) == "en"
    assert page_language(client.get("/e/unity/register/", HTTP_ACCEPT_LANGUAGE="fr")) == "fr"


def test_the_visitors_next_language_the_event_offers_comes_before_its_main_one(client, event):
    response = client.get("/e/unity/", HTTP_ACCEPT_LANGUAGE="ar, en;q=0.8, fr;q=0.5")

    assert page_language(response) == "en"
    assert response["Content-Language"] == "en"


def test_without_one_the_event_offers_the_page_speaks_its_main_language(client, event):
    response = client.get("/e/unity/agenda/", HTTP_ACCEPT_LANGUAGE="ar")

    assert page_language(response) == "fr"
    assert 'dir="ltr"' in response.content.decode()


def test_a_switcher_choice_the_event_does_not_offer_falls_back_too(client, event):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"

    assert page_language(client.get("/e/unity/", HTTP_ACCEPT_LANGUAGE="es")) == "fr"


def test_organizer_pages_keep_the_organizers_language(client, event):
    response = client.get("/manage/login/", HTTP_ACCEPT_LANGUAGE="ar")

    assert page_language(response) == "ar"


def test_a_french_registrant_gets_french_emails_and_a_french_page(api_client, client, event):
    event.categories.update(requires_approval=True)  # a registration, then its approval
    response = api_client.post(
        "/api/v1/events/unity/registrations/",
        body(language="fr", gender="female"),
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 202, response.json()
    registration = Registration.objects.get()
    registration_approve(registration_id=registration.pk, actor=Actor(label="officer"))

    received, approved = Message.objects.filter(recipient="jeanne@example.org").order_by("pk")
    assert (received.language, approved.language) == ("fr", "fr")
    assert "Sommet de l'unité" in received.subject + received.body_text
    assert "approuvée" in approved.subject + approved.body_text
    assert approved.body_text.startswith("Madame,")

    # The link opened on an English browser still speaks French …
    page = client.get(registration.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    assert page_language(page) == "fr"
    assert "Votre inscription" in page.content.decode()
    # … until she picks English with the switcher.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(registration.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fr")
    assert page_language(page) == "en"


def test_a_registrants_page_in_a_language_the_event_dropped_speaks_its_main_one(client, event):
    registration = RegistrationFactory(event=event, category=event.categories.get(), language="es")

    page = client.get(registration.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="es")

    assert page_language(page) == "fr"
