"""Checks on people's names and other text that a badge, a page or a CSV displays.

Policy (docs/security.md): text is normalised to NFKC when it is typed, stored as
normalised and always escaped on output. NFKC folds the compatibility spellings of
letters into the letters themselves: fullwidth (U+FF21…) and mathematical-bold
(U+1D400…) spellings of “Amina” become “Amina”, which the badge fonts can draw and a search finds.

Refused, each with a field error that says what to change:
- characters that change how the surrounding text is displayed without being
  visible themselves: bidirectional embeddings, overrides, isolates and marks
  (U+202A to U+202E, U+2066 to U+2069, U+200E, U+200F, U+061C), control characters,
  and the other invisible format characters (U+200B, U+FEFF, U+2060, U+00AD…).
  The zero-width joiner and non-joiner (U+200C, U+200D) stay where a script uses
  them: between two letters of a script other than Latin, Greek or Cyrillic;
- a word that mixes Latin letters with look-alike Cyrillic or Greek ones (“Amina”
  spelt with a Cyrillic A, U+0410), which could pass for somebody else on a badge
  or a list;
- in text printed on a badge, a character none of the badge fonts can draw
  (registrations/printing/fonts.py), which would print as nothing.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from registrations.printing.fonts import undrawable_characters

# LRE, RLE, PDF, LRO, RLO; LRI, RLI, FSI, PDI; LRM, RLM, ALM: they reorder the text
# around them or mark its direction, and show nothing.
BIDI_CONTROLS = frozenset(
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
)
JOINERS = frozenset("\u200c\u200d")  # ZWNJ, ZWJ
# Invisible although not of category Cf: Hangul fillers and the braille blank.
INVISIBLE_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
LOOKALIKE_SCRIPTS = frozenset({"CYRILLIC", "GREEK"})
# Scripts whose letters a joiner never needs to sit between.
SCRIPTS_WITHOUT_JOINERS = frozenset({"LATIN", "GREEK", "CYRILLIC"})
# A word: letters, joined by apostrophes (straight or curly) or hyphens.
WORD = re.compile(r"[^\W\d_]+(?:['\u2019\-][^\W\d_]+)*")


def normalize_text(value: str) -> str:
    """NFKC, as every name and free-text field is stored."""
    return unicodedata.normalize("NFKC", value)


def _script(character: str) -> str:
    if not character.isalpha():
        return ""
    return unicodedata.name(character, "").split(" ", 1)[0]


def _joiner_in_place(value: str, index: int) -> bool:
    """A ZWJ/ZWNJ between two letters of a script that uses joiners (Arabic, Indic…)."""
    if index == 0 or index == len(value) - 1:
        return False
    before, after = _script(value[index - 1]), _script(value[index + 1])
    return bool(before) and bool(after) and not {before, after} & SCRIPTS_WITHOUT_JOINERS


def _hidden_character_error(value: str) -> ValidationError | None:
    for index, character in enumerate(value):
        code = ord(character)
        if character in BIDI_CONTROLS:
            return ValidationError(
                _("Remove the invisible text-direction character (U+%(code)04X) from this field."),
                code="bidi_control",
                params={"code": code},
            )
        category = unicodedata.category(character)
        if category in ("Cc", "Zl", "Zp"):
            return ValidationError(
                _("Remove the invisible control character from this field."),
                code="control_character",
            )
        if character in JOINERS and _joiner_in_place(value, index):
            continue
        if category in ("Cf", "Co", "Cs", "Cn") or character in INVISIBLE_LETTERS:
            return ValidationError(
                _("Remove the invisible character (U+%(code)04X) from this field."),
                code="invisible_character",
                params={"code": code},
            )
    return None


def validate_no_hidden_characters(value: str) -> None:
    """No bidi controls, control or invisible characters; no look-alike mixed words."""
    error = _hidden_character_error(value)
    if error is not None:
        raise error
    for word in WORD.findall(value):
        scripts = {_script(character) for character in word}
        if "LATIN" in scripts and scripts & LOOKALIKE_SCRIPTS:
            raise ValidationError(
                _(
                    "“%(word)s” mixes Latin letters with look-alike Cyrillic or Greek "
                    "letters; type each word in one alphabet."
                ),
                code="mixed_script",
                params={"word": word},
            )


def validate_badge_printable(value: str) -> None:
    """Every character can be drawn by the badge fonts (else it would print blank)."""
    missing = undrawable_characters(value)
    if missing:
        raise ValidationError(
            _(
                "The badge cannot print %(characters)s: the badge fonts have no such "
                "character. Type it with other letters."
            ),
            code="unprintable",
            params={
                "characters": ", ".join(f"“{c}” (U+{ord(c):04X})" for c in missing[:3]),
            },
        )


def validate_badge_text(value: str) -> None:
    """Text printed on a badge: nothing hidden, no look-alike mixes, nothing undrawable."""
    validate_no_hidden_characters(value)
    validate_badge_printable(value)


def validate_latin_name(value: str) -> None:
    """A name in Latin script, printed on the badge."""
    validate_badge_text(value)
    scripts = {_script(character) for character in value}
    if "LATIN" in scripts and scripts & LOOKALIKE_SCRIPTS:
        raise ValidationError(
            _(
                "This name mixes Latin letters with look-alike Cyrillic or Greek letters; "
                "type it in Latin letters only."
            ),
            code="mixed_script",
        )


def without_hidden_characters(value: str) -> str:
    """`value` minus bidi controls and control characters, for printing stored names."""
    return "".join(
        character
        for character in value
        if character not in BIDI_CONTROLS and unicodedata.category(character) != "Cc"
    )


# What each registrant field is checked for, by the form, the edit form and the API alike.
REGISTRANT_TEXT_VALIDATORS = {
    "first_name": [validate_latin_name],
    "last_name": [validate_latin_name],
    "name_ar": [validate_badge_text],
    "organization": [validate_badge_text],
    "job_title": [validate_no_hidden_characters],
    "dietary_needs": [validate_no_hidden_characters],
    "accessibility_needs": [validate_no_hidden_characters],
}
