"""Translated text in the API: an object keyed by language, and its string in the reader's."""

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from events.translated.text import TranslatedText, language_codes
from events.translated.validation import main_language_missing, translation_errors


def translated_schema() -> dict:
    return {
        "type": "object",
        "description": "Text per language; a language without text is an empty string.",
        "properties": {code: {"type": "string"} for code in language_codes()},
        "additionalProperties": False,
    }


@extend_schema_field(translated_schema())
class TranslatedSerializerField(serializers.Field):
    """`{"en": …, "ar": …, "fr": …, "es": …}` on read and on write.

    On write: languages Summit does not offer and values that are not strings are
    refused, naming them; a required field needs the main language of the `event` in
    the serializer's context (else of the default language).
    """

    def __init__(self, *, max_length: int | None = None, **kwargs):
        self.max_length = max_length
        super().__init__(**kwargs)

    def to_representation(self, value) -> dict:
        values = TranslatedText(value).as_dict()
        return {code: values.get(code, "") for code in language_codes()}

    def to_internal_value(self, data) -> dict:
        if not isinstance(data, dict):
            raise serializers.ValidationError("Enter an object keyed by language.")
        values = {
            language: text.strip() if isinstance(text, str) else text
            for language, text in data.items()
        }
        errors = translation_errors(values, max_length=self.max_length)
        event = self.context.get("event")
        main = event.main_language if event is not None else settings.LANGUAGE_CODE
        if self.required and not values.get(main):
            errors.append(main_language_missing(main))
        if errors:
            raise serializers.ValidationError(
                [message for error in errors for message in DjangoValidationError(error).messages]
            )
        return TranslatedText(values).as_dict()


@extend_schema_field(OpenApiTypes.STR)
class TranslatedStringField(serializers.Field):
    """The text in the request's language (`Accept-Language`), else the main language's."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value) -> str:
        return str(value) if isinstance(value, TranslatedText) else str(TranslatedText(value))
