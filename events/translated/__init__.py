"""Text in each of an event's languages: one mechanism for models, forms, admin and API.

A translated value is stored per row in one JSON column, `{"en": …, "ar": …, "fr": …}`
(`TranslatedField`, on Django's own `models.JSONField`), and read as a
`TranslatedText`, whose `str()` is the reader's language, else the event's main
language, else any language filled in. Adding a language is a catalogue and a line
in `settings.LANGUAGES`: no schema change.

Why not a package:
- django-i18nfield (pretix's) keeps the JSON in a text column and falls back to
  `settings.LANGUAGE_CODE`, not to the event's main language;
- django-modeltranslation adds a column per language: a schema migration for each
  language added;
- django-parler keeps translations in a table per model: a join on every feed and
  list that prints a name.

How the event's main language reaches `str()`: the field's descriptor hands each
`TranslatedText` a callable that asks the row for its `main_language` (the event's
field, or a model property reaching it). It is called only when the reader's language
is missing, so a fully translated list costs no query; a context variable set per
request was not chosen because emails, PDFs and calendar feeds are rendered by tasks
and commands where no request sets it, and one page may show rows of several events.

Modules: `text` (the value and the languages Summit offers), `fields` (the model
field), `forms` (form field and widget), `serializers` (the API field).
"""
