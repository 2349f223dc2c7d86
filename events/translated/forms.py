"""The form field and widget that edit a translated value: one input per language."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from events.translated.text import TranslatedText, language_codes, language_name
from events.translated.validation import main_language_missing, translation_errors


def language_direction(language: str) -> str:
    return "rtl" if language in settings.LANGUAGES_BIDI else "ltr"


class TranslatedWidget(forms.Widget):
    """`<name>_<language>` inputs, each labelled with its language, `lang` and `dir` set.

    Only the main language's input is `required`: the others may stay empty.
    """

    def __init__(self, *, languages=None, main_language=None, multiline=False, attrs=None):
        super().__init__(attrs)
        self.languages = list(languages or language_codes())
        self.main_language = main_language or settings.LANGUAGE_CODE
        self.multiline = multiline
        self.is_required = False

    def use_required_attribute(self, initial) -> bool:
        # The browser would require every input; the main language's says it alone.
        return False

    def id_for_label(self, id_):
        return f"{id_}_{self.languages[0]}" if id_ else id_

    def value_from_datadict(self, data, files, name):
        return {language: data.get(f"{name}_{language}", "") for language in self.languages}

    def value_omitted_from_data(self, data, files, name) -> bool:
        return not any(f"{name}_{language}" in data for language in self.languages)

    def render(self, name, value, attrs=None, renderer=None):
        values = TranslatedText(value).as_dict() if value else {}
        attrs = self.build_attrs(self.attrs, attrs)
        base_id = attrs.pop("id", None)
        attrs.pop("required", None)
        rows = []
        for language in self.languages:
            input_id = f"{base_id}_{language}" if base_id else None
            input_attrs = {
                **attrs,
                "name": f"{name}_{language}",
                "lang": language,
                "dir": language_direction(language),
            }
            if input_id:
                input_attrs["id"] = input_id
            if self.is_required and language == self.main_language:
                input_attrs["required"] = True
            text = values.get(language, "")
            if self.multiline:
                control = format_html("<textarea{}>\n{}</textarea>", flatatt(input_attrs), text)
            else:
                control = format_html(
                    '<input type="text"{}>', flatatt({**input_attrs, "value": text})
                )
            rows.append((input_id or "", language_label(language, self.main_language), control))
        inputs = format_html_join(
            "",
            '<div class="translated-language"><label for="{}">{}</label>{}</div>',
            rows,
        )
        return format_html('<div class="translated" role="group">{}</div>', inputs)


def language_label(language: str, main_language: str) -> str:
    """ "Français (French)" for a French input on an English page; the main one marked."""
    local = get_language_info(language)["name_local"]
    name = language_name(language)
    label = local if local == name else f"{local} ({name})"
    if language == main_language:
        return _("%(language)s, main language") % {"language": label}
    return label


class TranslatedFormField(forms.Field):
    """Text per language; required in the main language when the field is required.

    The languages are Summit's unless `use_event_languages` narrows them to an event's.
    """

    def __init__(self, *, languages=None, main_language=None, max_length=None, **kwargs):
        self.max_length = max_length
        kwargs.setdefault("widget", TranslatedWidget(multiline=max_length is None))
        super().__init__(**kwargs)
        self.set_languages(languages or language_codes(), main_language or settings.LANGUAGE_CODE)

    def set_languages(self, languages, main_language: str) -> None:
        self.languages = list(languages)
        self.main_language = main_language
        self.widget.languages = self.languages
        self.widget.main_language = main_language
        self.widget.is_required = self.required
        if self.max_length is not None:
            self.widget.attrs["maxlength"] = str(self.max_length)

    def prepare_value(self, value):
        return TranslatedText(value).as_dict() if value else {}

    def to_python(self, value) -> dict:
        if value in self.empty_values:
            return {}
        if isinstance(value, TranslatedText):
            value = value.as_dict()
        if not isinstance(value, dict):
            raise ValidationError(_("Enter the text as an object keyed by language."))
        unknown = sorted(language for language in value if language not in self.languages)
        if unknown:
            raise ValidationError(
                _("Unknown language: %(languages)s."),
                code="unknown_language",
                params={"languages": ", ".join(unknown)},
            )
        return {
            language: text.strip() if isinstance(text, str) else text
            for language, text in value.items()
        }

    def validate(self, value) -> None:
        errors = translation_errors(value, max_length=self.max_length)
        if self.required and not value.get(self.main_language):
            errors.append(main_language_missing(self.main_language))
        if errors:
            raise ValidationError(errors)

    def has_changed(self, initial, data) -> bool:
        before = TranslatedText(initial or {}).as_dict()
        try:
            after = TranslatedText(self.to_python(data)).as_dict()
        except ValidationError:
            return True
        return before != after


def use_event_languages(form: forms.BaseForm, event) -> None:
    """Narrow the form's translated fields to the event's languages and main language."""
    for field in form.fields.values():
        if isinstance(field, TranslatedFormField):
            field.set_languages(event.languages, event.main_language)
