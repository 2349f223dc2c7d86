"""Checks on people's names: what a badge, a page or a CSV must never display.

Policy (docs/security.md): names are stored as typed and always escaped on
output. Refused with a field error are characters that change how the
surrounding text is displayed without being visible themselves (bidirectional
embeddings, overrides and isolates such as U+202E, and control characters), and
Latin-script names that mix in look-alike Cyrillic or Greek letters (“Amina” spelt
with a Cyrillic A, U+0410), which could pass for somebody else on a badge or a list.
"""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# LRE, RLE, PDF, LRO, RLO and LRI, RLI, FSI, PDI: they reorder the text that follows.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
LOOKALIKE_SCRIPTS = ("CYRILLIC", "GREEK")


def validate_no_hidden_characters(value: str) -> None:
    for character in value:
        if character in BIDI_CONTROLS:
            raise ValidationError(
                _("Remove the invisible text-direction character (U+%(code)04X) from this field."),
                code="bidi_control",
                params={"code": ord(character)},
            )
        if unicodedata.category(character) == "Cc":
            raise ValidationError(
                _("Remove the invisible control character from this field."),
                code="control_character",
            )


def _script(character: str) -> str:
    if not character.isalpha():
        return ""
    return unicodedata.name(character, "").split(" ", 1)[0]


def validate_latin_name(value: str) -> None:
    """No hidden characters, and no Latin letters mixed with look-alike Cyrillic or Greek."""
    validate_no_hidden_characters(value)
    scripts = {_script(character) for character in value}
    if "LATIN" in scripts and scripts & set(LOOKALIKE_SCRIPTS):
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
