"""A credential's labels in the languages it prints, one line per language.

A badge or a vehicle pass is read at a door by people who may not read the
officer's or the holder's language, so it prints its labels in the event's
badge languages (`Event.badge_language_codes`, two at most), first line first:
the event's content (category, zone, delegation and event names) and the fixed
words (the "Zones" heading, "Vehicle pass"), each as a `Lines` tuple of
(language, text) pairs. The document lays the lines out; the text's script says
which way each runs (registrations/printing/pdf.py).

Collected before drawing, with no query: the event's main language, which a
translated name falls back to, is passed in rather than asked of each row.
"""

from collections.abc import Sequence

from django.utils import translation

from events.translated.text import TranslatedText
from registrations.registration.validators import without_hidden_characters

# (language, text) pairs, first line first.
Lines = tuple[tuple[str, str], ...]


def content_lines(text: TranslatedText, languages: Sequence[str], *, main_language: str) -> Lines:
    """`text` in each of `languages`, a line each.

    The first line falls back to the main language (then to any language filled in), so
    a badge never goes without its category; a later line missing its language is left
    out rather than repeat another, and so is a line that reads like an earlier one.
    """
    lines: list[tuple[str, str]] = []
    for position, language in enumerate(languages):
        code = language
        if position == 0 and not text.get(code):
            code = main_language if text.get(main_language) else next(iter(text.languages), code)
        _add(lines, code, text.get(code))
    return tuple(lines)


def content_text(text: TranslatedText, language: str, *, main_language: str) -> str:
    """`text` in one language, falling back as a first line does; "" when it has none."""
    return first_text(content_lines(text, [language], main_language=main_language))


def fixed_lines(message, languages: Sequence[str]) -> Lines:
    """A word of the interface (a lazy gettext message) in each of `languages`."""
    lines: list[tuple[str, str]] = []
    for language in languages:
        with translation.override(language):
            _add(lines, language, str(message))
    return tuple(lines)


def first_text(lines: Lines) -> str:
    """The first line's text, "" when there is none."""
    return lines[0][1] if lines else ""


def _add(lines: list[tuple[str, str]], language: str, text: str) -> None:
    text = without_hidden_characters(text or "")
    if text and all(text != seen for _language, seen in lines):
        lines.append((language, text))
