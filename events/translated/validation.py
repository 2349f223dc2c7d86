"""The rules every translated value keeps, with the language named in each message."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from events.translated.text import language_codes, language_name


def main_language_missing(language: str) -> ValidationError:
    return ValidationError(
        _("Enter the %(language)s text: it is the event's main language."),
        code="required",
        params={"language": language_name(language)},
    )


def translation_errors(values: dict, *, max_length: int | None) -> list[ValidationError]:
    """Unknown languages, text that is not text, and text too long, each named."""
    errors = []
    unknown = sorted(language for language in values if language not in language_codes())
    if unknown:
        errors.append(
            ValidationError(
                _("Unknown language: %(languages)s."),
                code="unknown_language",
                params={"languages": ", ".join(unknown)},
            )
        )
    for language in language_codes():
        text = values.get(language, "")
        if not isinstance(text, str):
            errors.append(
                ValidationError(
                    _("%(language)s: enter text."),
                    code="invalid",
                    params={"language": language_name(language)},
                )
            )
        elif max_length is not None and len(text) > max_length:
            errors.append(
                ValidationError(
                    _("%(language)s: at most %(limit)d characters (it has %(length)d)."),
                    code="max_length",
                    params={
                        "language": language_name(language),
                        "limit": max_length,
                        "length": len(text),
                    },
                )
            )
    return errors
