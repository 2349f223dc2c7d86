"""The form field and widget: one input per language of the event, errors naming it."""

import pytest
from django import forms
from django.utils import translation

from events.translated.forms import TranslatedFormField, use_event_languages
from tests.factories import EventFactory


class TitleForm(forms.Form):
    title = TranslatedFormField(label="Title", max_length=20)
    abstract = TranslatedFormField(label="Abstract", required=False)


def form_for(data, *, languages=("en", "ar", "fr", "es"), main="en"):
    form = TitleForm(data)
    for field in form.fields.values():
        field.set_languages(list(languages), main)
    return form


def test_the_languages_are_read_from_one_input_each():
    form = form_for({"title_en": " Opening ", "title_fr": "Ouverture", "title_de": "Eröffnung"})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["title"] == {"en": "Opening", "ar": "", "fr": "Ouverture", "es": ""}
    assert form.cleaned_data["abstract"] == {"en": "", "ar": "", "fr": "", "es": ""}


def test_the_main_language_is_required():
    with translation.override("en"):
        form = form_for({"title_en": "Opening"}, languages=["ar", "en"], main="ar")

        assert not form.is_valid()
        assert form.errors["title"] == ["Enter the Arabic text: it is the event's main language."]


def test_a_text_too_long_names_its_language():
    with translation.override("en"):
        form = form_for({"title_en": "Opening", "title_fr": "x" * 21})

        assert not form.is_valid()
        assert form.errors["title"] == ["French: at most 20 characters (it has 21)."]


def test_an_unknown_language_is_refused():
    field = TranslatedFormField(max_length=20)
    field.set_languages(["en", "ar"], "en")

    with translation.override("en"), pytest.raises(forms.ValidationError) as refused:
        field.clean({"en": "Opening", "fr": "Ouverture"})

    assert refused.value.messages == ["Unknown language: fr."]


def test_each_input_is_labelled_with_its_language_direction_and_lang():
    with translation.override("en"):
        html = str(form_for({}, languages=["en", "ar"], main="en")["title"])

    assert '<label for="id_title_en">English, main language</label>' in html
    assert '<label for="id_title_ar">العربيّة (Arabic)</label>' in html
    assert 'name="title_ar"' in html
    assert 'lang="ar"' in html
    assert 'dir="rtl"' in html
    assert 'dir="ltr"' in html
    # Only the main language's input is required by the browser.
    assert html.count("required") == 1
    assert 'name="title_fr"' not in html


@pytest.mark.django_db
def test_a_form_is_narrowed_to_its_events_languages():
    event = EventFactory(languages=["fr", "es"], main_language="es")
    form = TitleForm()

    use_event_languages(form, event)

    html = str(form["title"])
    assert 'name="title_fr"' in html
    assert 'name="title_es"' in html
    assert 'name="title_en"' not in html
