"""Which column of the file fills which field of the registration form.

The fields are the registration form's (registrations/registration/forms.py), named
as there, and the event's questions (`q<id>`). A column is matched automatically when
its header is the field's name or its label in any of the event's languages (or the
question's label in any of them), letter case, accents and punctuation aside; the
officer can change every match before the check.
"""

import re
import unicodedata

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events.summit.models import Event
from registrations.registration.errors import RegistrationError

# The form's fields an import can fill, in the order the mapping step lists them.
# (The photo is uploaded by the registrant on their page; consent is the officer's
# confirmation for the whole file.)
FIELDS = {
    "category": gettext_lazy("Category"),
    "title": gettext_lazy("Title"),
    "gender": gettext_lazy("Form of address"),
    "first_name": gettext_lazy("First name (Latin script)"),
    "last_name": gettext_lazy("Last name (Latin script)"),
    "name_ar": gettext_lazy("Full name in Arabic script"),
    "email": gettext_lazy("Email"),
    "phone": gettext_lazy("Phone"),
    "organization": gettext_lazy("Organization"),
    "job_title": gettext_lazy("Job title"),
    "country": gettext_lazy("Country"),
    "language": gettext_lazy("Preferred language for messages"),
    "invitation_code": gettext_lazy("Invitation code"),
    "delegation": gettext_lazy("Delegation"),
    "dietary_needs": gettext_lazy("Dietary needs"),
    "accessibility_needs": gettext_lazy("Accessibility needs"),
}
# Shorter names a header may use, in each language.
SHORT_NAMES = {"language": gettext_lazy("Language")}
# Without these the form cannot register anyone: the check refuses a mapping without them.
REQUIRED_FIELDS = ("category", "first_name", "last_name", "email")
# Headers spreadsheets commonly use, besides the names and labels.
ALIASES = {
    "first name": "first_name",
    "given name": "first_name",
    "last name": "last_name",
    "surname": "last_name",
    "family name": "last_name",
    "e mail": "email",
    "email address": "email",
    "mobile": "phone",
    "telephone": "phone",
    "company": "organization",
    "organisation": "organization",
    "position": "job_title",
    "function": "job_title",
    "nationality": "country",
    "arabic name": "name_ar",
    "name ar": "name_ar",
}


def normalized(text: str) -> str:
    """`"E-mail "` → `"e mail"`: lower case, no accents, words only."""
    decomposed = unicodedata.normalize("NFKD", str(text).casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.findall(r"\w+", plain.replace("_", " ")))


def field_choices(event: Event, questions) -> list[tuple[str, str]]:
    """Every field a column may fill: the form's, then the event's questions."""
    return [
        *((name, str(label)) for name, label in FIELDS.items()),
        *((f"q{question.pk}", str(question.label)) for question in questions),
    ]


def _names(event: Event, questions) -> dict[str, str]:
    """Every header that matches a field, normalized, → the field."""
    names = {normalized(alias): name for alias, name in ALIASES.items()}
    for name in FIELDS:
        names.setdefault(normalized(name), name)
    for language in event.languages:
        with translation.override(language):
            for name, label in (*FIELDS.items(), *SHORT_NAMES.items()):
                # "Prénom (en caractères latins)", and "Prénom" alone.
                names.setdefault(normalized(str(label)), name)
                names.setdefault(normalized(str(label).split("(")[0]), name)
        for question in questions:
            text = question.label.in_language(language, fallback=False)
            if text:
                names.setdefault(normalized(text), f"q{question.pk}")
    return names


def mapping_guess(event: Event, questions, header: list[str]) -> dict[str, str]:
    """Column position (as text) → field, for the headers that match; each field once."""
    names = _names(event, questions)
    mapping = {}
    for position, title in enumerate(header):
        name = names.get(normalized(title))
        if name and name not in mapping.values():
            mapping[str(position)] = name
    return mapping


def mapping_clean(mapping: dict, *, header: list[str], allowed: set[str]) -> dict[str, str]:
    """The mapping without unmapped columns; RegistrationError (field `mapping`) when a
    column or field is unknown, a field is filled twice, or a required one is missing."""
    if not isinstance(mapping, dict):
        raise RegistrationError(
            _("The mapping names, for each column, the field it fills."), field="mapping"
        )
    cleaned = {}
    for key, name in mapping.items():
        if name in ("", None):
            continue
        key = str(key)
        if key.isdigit() and int(key) < len(header):
            position = key
        elif key in header:
            position = str(header.index(key))
        else:
            raise RegistrationError(
                _("The file has no column “%(column)s”.") % {"column": str(key)[:100]},
                field="mapping",
                code="unknown_column",
            )
        if not isinstance(name, str) or name not in allowed:
            raise RegistrationError(
                _("“%(field)s” is not a field of the registration form.")
                % {"field": str(name)[:100]},
                field="mapping",
                code="unknown_field",
            )
        if name in cleaned.values():
            raise RegistrationError(
                _("Two columns fill the same field (%(field)s): keep one.") % {"field": name},
                field="mapping",
                code="twice",
            )
        cleaned[position] = name
    missing = [name for name in REQUIRED_FIELDS if name not in cleaned.values()]
    if missing:
        raise RegistrationError(
            _("Choose the columns of these fields: %(fields)s.")
            % {"fields": ", ".join(str(FIELDS[name]) for name in missing)},
            field="mapping",
            code="required",
        )
    return cleaned
