"""The admin edits an event's languages as checkboxes and every language of a translated
field with the same widget as the organizer forms."""

import pytest
from django.utils import translation

from events.admin import EventAdminForm
from tests.factories import EventFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_the_languages_are_checkboxes_and_an_empty_choice_is_refused():
    event = EventFactory()

    with translation.override("en"):
        form = EventAdminForm({"languages": []}, instance=event)
        assert 'type="checkbox"' in str(form["languages"])
        assert not form.is_valid()
        assert form.errors["languages"] == ["Choose at least one language."]


def test_the_chosen_languages_are_saved():
    event = EventFactory()

    form = EventAdminForm({"languages": ["en", "fr"]}, instance=event)

    assert form.is_valid(), form.errors
    form.save()
    event.refresh_from_db()
    assert event.languages == ["en", "fr"]


def test_the_admin_page_shows_an_input_per_language(admin_client):
    event = EventFactory()

    response = admin_client.get(f"/admin/events/event/{event.pk}/change/")

    assert response.status_code == 200
    html = response.content.decode()

    for language in ("en", "ar", "fr", "es"):
        assert f'name="name_{language}"' in html
    assert '<input type="text" dir="rtl" id="id_name_ar" lang="ar"' in html
