"""The import's API body: the file, the columns' fields, the options."""

import json

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from events.api_fields import StrictBooleanField


@extend_schema_field(
    {
        "type": "string",
        "description": "JSON: column (position from 0, or header) → field, e.g. "
        '`{"0": "email", "Pays": "country", "Diet": "q12"}`; absent: matched by the headers.',
    }
)
class MappingField(serializers.Field):
    """A JSON object in a form field (multipart bodies carry no objects)."""

    default_error_messages = {
        "invalid": _("The mapping is a JSON object: column → field."),
    }

    def to_internal_value(self, data) -> dict:
        if isinstance(data, dict):
            value = data
        else:
            try:
                value = json.loads(str(data))
            except ValueError:
                self.fail("invalid")
        if not isinstance(value, dict) or not all(isinstance(name, str) for name in value.values()):
            self.fail("invalid")
        return value

    def to_representation(self, value) -> str:
        return json.dumps(value)


class FormBoolean(StrictBooleanField):
    """true/false as a form field's text too (multipart)."""

    def to_internal_value(self, data):
        return serializers.BooleanField.to_internal_value(self, data)


class RegistrationImportSerializer(serializers.Serializer):
    file = serializers.FileField(
        max_length=200,
        help_text="CSV (UTF-8, `,` or `;`) or Excel .xlsx; the first row names the columns.",
    )
    mapping = MappingField(required=False)
    dry_run = FormBoolean(
        required=False,
        default=False,
        help_text="true: check every row and write nothing; false: register the good rows.",
    )
    send_confirmations = FormBoolean(
        required=False,
        default=False,
        help_text="Send each person registered the form's message (received, or approved "
        "with the badge). Default: no message to anyone.",
    )
    consent = FormBoolean(help_text="Must be true: the people in the file agreed.")

    def validate_consent(self, value: bool) -> bool:
        if value is not True:
            raise serializers.ValidationError(
                _("Confirm that these people agreed, or import nobody.")
            )
        return value
