"""An event chooses the (up to two) languages of its badges' labels: the default, the
checks with their messages, the admin's two drop-downs, the API and the migration."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from events.admin import EventAdminForm
from events.summit.models import Event
from tests.events.translated.test_migrations import latest, migrate
from tests.factories import EventFactory, UserFactory

pytestmark = pytest.mark.django_db


def badge_language_errors(event: Event) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        event.full_clean()
    return caught.value.message_dict["badge_languages"]


@pytest.mark.parametrize(
    ("languages", "main", "expected"),
    [
        (["en", "ar", "fr", "es"], "en", ["en", "ar"]),
        (["en", "ar"], "ar", ["ar", "en"]),
        (["ar", "fr"], "fr", ["fr", "ar"]),
        (["fr", "es"], "es", ["es", "fr"]),
        (["fr"], "fr", ["fr"]),
    ],
)
def test_without_a_choice_badges_print_the_main_language_and_arabic_or_english(
    languages, main, expected
):
    event = EventFactory(languages=languages, main_language=main)

    assert event.badge_languages == []
    assert event.badge_language_codes == expected


def test_the_chosen_languages_are_printed_in_their_order():
    event = EventFactory(languages=["en", "ar", "fr", "es"], badge_languages=["es", "fr"])

    event.full_clean()
    assert event.badge_language_codes == ["es", "fr"]


def test_a_chosen_language_the_event_no_longer_offers_is_not_printed():
    # Saved without the checks (a script, an older row): the badge still prints sensibly.
    event = EventFactory(languages=["en", "fr"], badge_languages=["ar", "fr"])

    assert event.badge_language_codes == ["fr"]


@pytest.mark.parametrize(
    ("chosen", "english", "french"),
    [
        (
            ["en", "ar", "fr"],
            "A badge prints at most two languages: choose one or two.",
            "Un badge s'imprime en deux langues au plus : choisissez-en une ou deux.",
        ),
        (
            ["en", "es"],
            "Not one of the event's languages: es.",
            "Ne fait pas partie des langues de l'événement : es.",
        ),
        (
            ["fr", "fr"],
            "Choose each badge language once.",
            "Choisissez chaque langue du badge une seule fois.",
        ),
        (
            "fr,en",
            "Enter a list of language codes, such as “fr”.",
            "Saisissez une liste de codes de langue, par exemple « fr ».",
        ),
    ],
)
def test_a_bad_choice_is_refused_on_its_field_in_the_readers_language(chosen, english, french):
    event = EventFactory(languages=["en", "ar", "fr"], badge_languages=chosen)

    with translation.override("en"):
        assert badge_language_errors(event) == [english]
    with translation.override("fr"):
        assert badge_language_errors(event) == [french]


def test_the_admin_offers_two_ordered_drop_downs_and_saves_the_choice():
    event = EventFactory(languages=["en", "ar", "fr", "es"])
    data = {"languages": event.languages, "badge_languages_0": "fr", "badge_languages_1": "ar"}

    form = EventAdminForm(data, instance=event)

    html = str(form["badge_languages"])
    assert 'name="badge_languages_0"' in html
    assert 'name="badge_languages_1"' in html
    assert form.is_valid(), form.errors
    form.save()
    event.refresh_from_db()
    assert event.badge_languages == ["fr", "ar"]
    assert event.badge_language_codes == ["fr", "ar"]


def test_the_admin_shows_a_duplicate_or_foreign_choice_on_the_field():
    event = EventFactory(languages=["en", "ar"])

    with translation.override("en"):
        twice = EventAdminForm(
            {"languages": ["en", "ar"], "badge_languages_0": "ar", "badge_languages_1": "ar"},
            instance=event,
        )
        foreign = EventAdminForm(
            {"languages": ["en", "ar"], "badge_languages_0": "es"}, instance=event
        )

        assert not twice.is_valid()
        assert twice.errors["badge_languages"] == ["Choose each badge language once."]
        assert not foreign.is_valid()
        assert foreign.errors["badge_languages"] == ["Not one of the event's languages: es."]


def test_the_admin_change_page_shows_the_badge_languages(client):
    event = EventFactory(badge_languages=["en", "ar"])
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    html = client.get(f"/admin/events/event/{event.pk}/change/").content.decode()

    assert '<option value="en" selected>' in html
    assert '<option value="ar" selected>' in html


def test_the_event_api_lists_the_badge_languages_read_only(api_client):
    event = EventFactory(languages=["fr", "es", "ar"], main_language="fr")

    body = api_client.get(f"/api/v1/events/{event.slug}/").json()

    assert body["badge_languages"] == ["fr", "ar"]


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_english_and_arabic_on_existing_badges_forward_and_back():
    last = latest()
    try:
        old = migrate([("events", "0008_translated_text_and_languages")])
        events = old.get_model("events", "Event").objects
        dates = {"starts_at": "2027-01-15T05:00Z", "ends_at": "2027-01-17T14:00Z"}
        events.create(
            slug="both",
            name={"en": "Both"},
            venue_name={"en": "Hall"},
            languages=["en", "ar"],
            **dates,
        )
        events.create(
            slug="french",
            name={"fr": "Français"},
            venue_name={"fr": "Salle"},
            languages=["fr", "es"],
            main_language="fr",
            **dates,
        )

        migrate([("events", "0009_event_badge_languages")])
        both, french = Event.objects.get(slug="both"), Event.objects.get(slug="french")
        assert both.badge_languages == ["en", "ar"]
        assert french.badge_languages == []
        assert french.badge_language_codes == ["fr", "es"]
        both.full_clean()
        french.full_clean()

        # Back and forward again: the same.
        migrate([("events", "0008_translated_text_and_languages")])
        migrate([("events", "0009_event_badge_languages")])
        assert Event.objects.get(slug="both").badge_languages == ["en", "ar"]
    finally:
        migrate(last)
