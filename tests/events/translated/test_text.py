"""`TranslatedText`: the reader's language, else the event's main language, else any."""

import json
import pickle

import pytest
from django.utils import translation

from events.translated.text import TranslatedText
from tests.factories import EventFactory

TITLE = {"en": "Opening ceremony", "ar": "حفل الافتتاح", "fr": "Cérémonie d'ouverture"}


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        ("en", "Opening ceremony"),
        ("ar", "حفل الافتتاح"),
        ("fr", "Cérémonie d'ouverture"),
        ("fr-ca", "Cérémonie d'ouverture"),
        ("es", "Opening ceremony"),
    ],
)
def test_str_is_the_active_language_else_the_main_one(language, shown):
    with translation.override(language):
        assert str(TranslatedText(TITLE, main_language="en")) == shown


def test_without_the_main_language_any_filled_language_is_shown():
    text = TranslatedText({"es": "Ceremonia de apertura"}, main_language="en")

    with translation.override("fr"):
        assert str(text) == "Ceremonia de apertura"
    assert str(TranslatedText({})) == ""


def test_get_is_one_language_only_and_in_language_may_fall_back():
    text = TranslatedText(TITLE, main_language="ar")

    assert text.get("es") == ""
    assert text.in_language("es") == "حفل الافتتاح"
    assert text.in_language("es", fallback=False) == ""
    assert text.in_language("fr") == "Cérémonie d'ouverture"


def test_empty_languages_are_dropped_and_the_value_is_json_ready():
    text = TranslatedText({"ar": "حفل", "en": "Opening", "fr": ""})

    assert text.as_dict() == {"en": "Opening", "ar": "حفل"}
    assert json.loads(json.dumps(text.as_dict(), ensure_ascii=False)) == {
        "en": "Opening",
        "ar": "حفل",
    }
    assert text.languages == ["en", "ar"]


def test_truthiness_equality_and_format():
    assert not TranslatedText({"en": ""})
    assert TranslatedText({"fr": "Bonjour"})
    assert TranslatedText({"en": "A", "fr": ""}) == {"en": "A"}
    assert TranslatedText({"en": "A"}) == TranslatedText({"en": "A"}, main_language="ar")
    assert TranslatedText({"en": "A"}) != TranslatedText({"en": "B"})
    assert TranslatedText({"en": "A"}) != "A"
    with translation.override("en"):
        assert f"[{TranslatedText({'en': 'Hall'}):>6}]" == "[  Hall]"


@pytest.mark.django_db
def test_a_french_reader_of_an_arabic_event_sees_the_arabic_not_the_english():
    event = EventFactory(
        languages=["ar", "en"],
        main_language="ar",
        name={"ar": "قمة الاتحاد", "en": "Unity Summit"},
    )
    event.refresh_from_db()

    with translation.override("fr"):
        assert str(event.name) == "قمة الاتحاد"
    with translation.override("en"):
        assert str(event.name) == "Unity Summit"


@pytest.mark.django_db
def test_rows_of_an_event_fall_back_to_the_events_main_language():
    event = EventFactory(languages=["ar", "en"], main_language="ar")
    zone = event.zones.create(slug="plenary", name={"ar": "القاعة العامة", "en": "Plenary hall"})
    zone = type(zone).objects.get(pk=zone.pk)

    with translation.override("es"):
        assert str(zone.name) == "القاعة العامة"


@pytest.mark.django_db
def test_a_row_and_its_text_pickle_into_a_cache():
    event = EventFactory(name={"en": "Unity", "fr": "Unité"}, main_language="en")
    str(event.name)

    copy = pickle.loads(pickle.dumps(event))  # noqa: S301 - our own bytes

    with translation.override("fr"):
        assert str(copy.name) == "Unité"
    text = pickle.loads(pickle.dumps(TranslatedText({"ar": "نص"}, main_language="ar")))  # noqa: S301
    assert text == {"ar": "نص"}
    assert text.main_language == "ar"
