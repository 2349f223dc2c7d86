"""`|ltr`, `|isolate`, their plain-text twins and `|ltr_input`: values kept in order."""

import pytest
from django import forms
from django.template import Context, Template
from django.utils import translation

LRI, FSI, PDI = "\u2066", "\u2068", "\u2069"


def render(source: str, autoescape: bool = True, **context) -> str:
    return Template(source).render(Context(context, autoescape=autoescape))


def test_a_left_to_right_value_is_isolated_and_escaped():
    assert render("{{ v|ltr }}", v="<b>+971 50</b>") == (
        '<bdi dir="ltr">&lt;b&gt;+971 50&lt;/b&gt;</bdi>'
    )


def test_typed_text_is_isolated_in_the_direction_of_its_first_letter():
    assert render("{{ v|isolate }}", v="O'Brien & Sons") == "<bdi>O&#x27;Brien &amp; Sons</bdi>"


@pytest.mark.parametrize("value", ["", None])
def test_an_empty_value_stays_empty_so_a_default_still_shows(value):
    assert render('{{ v|ltr|default:"—" }} {{ v|isolate|default:"—" }}', v=value) == "— —"


def test_an_isolated_value_goes_into_a_translated_sentence_whole():
    source = (
        "{% load i18n %}{% blocktranslate with reference=r|ltr %}"
        "Your reference: {{ reference }}{% endblocktranslate %}"
    )
    assert render(source, r="UFS-7K3M9Q") == 'Your reference: <bdi dir="ltr">UFS-7K3M9Q</bdi>'


def test_plain_text_gets_the_unicode_isolates_in_a_right_to_left_language():
    with translation.override("ar"):
        text = render(
            "{{ url|ltr_text }} {{ name|isolate_text }}",
            False,
            url="https://x.example/",
            name="Amina",
        )

    assert text == f"{LRI}https://x.example/{PDI} {FSI}Amina{PDI}"


def test_plain_text_links_stay_bare_in_a_left_to_right_language():
    with translation.override("en"):
        text = render(
            "{{ url|ltr_text }} {{ name|isolate_text }}",
            False,
            url="https://x.example/",
            name="أمينة",
        )

    assert text == f"https://x.example/ {FSI}أمينة{PDI}"


class ContactForm(forms.Form):
    email = forms.EmailField()
    website = forms.URLField(assume_scheme="https")
    name = forms.CharField()


def test_address_and_link_inputs_are_written_left_to_right_other_inputs_follow_the_page():
    form = ContactForm()
    html = render(
        "{{ form.email|ltr_input }}{{ form.website|ltr_input }}{{ form.name|ltr_input }}", form=form
    )

    assert 'type="email" name="email" maxlength="320" dir="ltr"' in html
    assert 'type="url" name="website" dir="ltr"' in html
    assert 'type="text" name="name" required' in html
    assert html.count('dir="ltr"') == 2
