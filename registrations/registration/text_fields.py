"""Registrant text fields: one rule for the registration forms and the API.

What was typed is kept in NFKC (validators.normalize_text) before the field's
checks (REGISTRANT_TEXT_VALIDATORS) see it, so the checks, the database and the
badge read the same text whether it came from a page or from the API.
"""

from django import forms

from events.api_fields import StrictCharField
from registrations.registration.validators import REGISTRANT_TEXT_VALIDATORS, normalize_text


class Normalized:
    """The rule, mixed into a CharField of either kind: the cleaned value is NFKC.

    A Django form field cleans through `to_python`, a DRF field through
    `to_internal_value`; each framework calls only its own.
    """

    def to_python(self, value):
        return normalize_text(super().to_python(value))

    def to_internal_value(self, data):
        return normalize_text(super().to_internal_value(data))


class NormalizedCharField(Normalized, forms.CharField):
    """For forms, and for a ModelForm's `field_classes`."""


class NormalizedSerializerField(Normalized, StrictCharField):
    """For serializers: a JSON string only (`123` is refused, not stored as "123")."""


def text_field(name: str, **kwargs) -> NormalizedCharField:
    """A registrant form field with the checks `REGISTRANT_TEXT_VALIDATORS` gives it."""
    return NormalizedCharField(validators=REGISTRANT_TEXT_VALIDATORS[name], **kwargs)


def api_text_field(name: str, **kwargs) -> NormalizedSerializerField:
    """The same field of an API body."""
    return NormalizedSerializerField(validators=REGISTRANT_TEXT_VALIDATORS[name], **kwargs)
