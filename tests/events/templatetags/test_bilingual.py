"""`{% in_active_language %}`: a person's name in the reader's script, in templates."""

import pytest
from django.template import Context, Template
from django.utils import translation

TEMPLATE = Template("{% load bilingual %}{% in_active_language english arabic %}")


def render(english: str, arabic: str) -> str:
    return TEMPLATE.render(Context({"english": english, "arabic": arabic}))


@pytest.mark.parametrize(
    ("language", "arabic", "shown"),
    [
        ("ar", "أمينة حداد", "أمينة حداد"),
        ("ar", "", "Amina Haddad"),
        ("en", "أمينة حداد", "Amina Haddad"),
        ("fr", "أمينة حداد", "Amina Haddad"),
    ],
)
def test_the_arabic_for_an_arabic_reader_when_there_is_one(language, arabic, shown):
    with translation.override(language):
        assert render("Amina Haddad", arabic) == shown


def test_the_text_is_escaped():
    with translation.override("en"):
        assert render("<b>Amina</b>", "") == "&lt;b&gt;Amina&lt;/b&gt;"
