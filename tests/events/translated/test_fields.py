"""`TranslatedField` on a model: validation names the language; events pick their languages."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from tests.factories import AccessZoneFactory, EventFactory

pytestmark = pytest.mark.django_db


def errors_of(instance) -> dict:
    with pytest.raises(ValidationError) as refused, translation.override("en"):
        instance.full_clean()
    return refused.value.message_dict


def test_the_main_language_is_required_and_named():
    event = EventFactory(main_language="fr", languages=["fr", "en"])
    zone = AccessZoneFactory.build(event=event, slug="hall", name={"en": "Hall"})

    assert errors_of(zone)["name"] == ["Enter the French text: it is the event's main language."]


def test_text_too_long_is_refused_naming_its_language():
    event = EventFactory()
    zone = AccessZoneFactory.build(event=event, slug="hall", name={"en": "Hall", "es": "x" * 121})

    assert errors_of(zone)["name"] == ["Spanish: at most 120 characters (it has 121)."]


def test_an_unknown_language_is_refused():
    event = EventFactory()
    zone = AccessZoneFactory.build(event=event, slug="hall", name={"en": "Hall", "de": "Halle"})

    assert errors_of(zone)["name"] == ["Unknown language: de."]


def test_the_column_keeps_no_empty_language():
    zone = AccessZoneFactory(name={"en": "Hall", "ar": "", "fr": "Salle"})

    assert type(zone).objects.values_list("name", flat=True).get(pk=zone.pk) == {
        "en": "Hall",
        "fr": "Salle",
    }
    assert type(zone).objects.filter(name__fr="Salle").exists()


@pytest.mark.parametrize(
    ("languages", "main", "field", "message"),
    [
        (["en", "de"], "en", "languages", "Summit does not offer: de."),
        ([], "en", "languages", "Choose at least one language."),
        (
            ["en", "ar"],
            "fr",
            "main_language",
            "The main language must be one of the event's languages.",
        ),
    ],
)
def test_an_events_languages_are_summits_and_hold_its_main_one(languages, main, field, message):
    event = EventFactory(languages=languages, main_language=main)

    assert errors_of(event)[field] == [message]


def test_a_new_event_offers_every_language_summit_offers():
    assert EventFactory().languages == ["en", "ar", "fr", "es"]
