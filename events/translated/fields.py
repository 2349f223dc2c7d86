"""`TranslatedField`: a JSON column of text per language, read as a `TranslatedText`."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.query_utils import DeferredAttribute
from django.utils.translation import gettext_lazy as _

from events.translated.forms import TranslatedFormField
from events.translated.text import TranslatedText
from events.translated.validation import main_language_missing, translation_errors


def row_main_language(instance) -> str:
    """The main language of the event a row belongs to (its `main_language`)."""
    return getattr(instance, "main_language", None) or settings.LANGUAGE_CODE


class TranslatedDescriptor(DeferredAttribute):
    """Gives the row's value as a `TranslatedText` falling back to its event's main language."""

    def __get__(self, instance, cls=None):
        if instance is None:
            return self
        value = super().__get__(instance, cls)
        return TranslatedText(value, main_language=lambda: row_main_language(instance))

    def __set__(self, instance, value) -> None:
        # The row keeps plain data (a dict), so that it pickles into caches; the value
        # read is wrapped afresh, with this row's fallback.
        if isinstance(value, TranslatedText):
            value = value.as_dict()
        instance.__dict__[self.field.attname] = value


class TranslatedField(models.JSONField):
    """Text per language, `{"en": …, "ar": …}`, stored without its empty languages.

    `max_length` bounds each language's text (a one-line input in forms; without it,
    a text area). Not `blank`: the text is required in the event's main language.
    """

    descriptor_class = TranslatedDescriptor
    description = _("Text in several languages")

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", dict)
        super().__init__(*args, **kwargs)

    def get_prep_value(self, value):
        if isinstance(value, TranslatedText | dict):
            value = TranslatedText(value).as_dict()
        return super().get_prep_value(value)

    def value_from_object(self, obj):
        value = super().value_from_object(obj)
        return TranslatedText(value).as_dict() if value is not None else value

    def value_to_string(self, obj):
        return self.value_from_object(obj)

    def validate(self, value, model_instance) -> None:
        values = value.as_dict() if isinstance(value, TranslatedText) else value
        if not isinstance(values, dict):
            raise ValidationError(_("Enter the text as an object keyed by language."))
        errors = translation_errors(values, max_length=self.max_length)
        main = row_main_language(model_instance)
        if not self.blank and not values.get(main):
            errors.append(main_language_missing(main))
        if errors:
            raise ValidationError(errors)

    def formfield(self, **kwargs):
        defaults = {
            "form_class": TranslatedFormField,
            "required": not self.blank,
            "label": self.verbose_name,
            "help_text": self.help_text,
            "max_length": self.max_length,
        }
        defaults.update(kwargs)
        form_class = defaults.pop("form_class")
        for option in ("encoder", "decoder", "empty_value"):
            defaults.pop(option, None)
        return form_class(**defaults)
