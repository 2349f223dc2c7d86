"""API body fields that take only the JSON type the schema documents.

DRF's own fields coerce: a `CharField` stores `123` as "123", a `BooleanField`
reads "yes", "on" or 1 as true, an `IntegerField` takes "7" and 7.0. A client
sending the wrong type has a bug the schema already tells it about, so the API
refuses the value with the field named instead of guessing (found by
schemathesis' negative-data check). Bodies are JSON (the API parses nothing
else), so the JSON types are the only ones a client can mean.

Query parameters arrive as text and keep DRF's fields.
"""

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


class StrictCharField(serializers.CharField):
    """A JSON string, never a number or a boolean.

    Text that may not be blank may not be spaces alone either (they are trimmed to
    nothing and refused): a field without a pattern of its own says so with `\\S`.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        has_pattern = isinstance(
            self, serializers.SlugField | serializers.RegexField | serializers.EmailField
        ) or any(isinstance(validator, RegexValidator) for validator in self.validators)
        if not self.allow_blank and self.trim_whitespace and not has_pattern:
            self.validators.append(RegexValidator(r"\S", message=self.error_messages["blank"]))

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictSlugField(StrictCharField, serializers.SlugField):
    pass


class StrictEmailField(StrictCharField, serializers.EmailField):
    pass


class StrictRegexField(StrictCharField, serializers.RegexField):
    pass


class StrictChoiceField(serializers.ChoiceField):
    """One of the choices, as the JSON string the schema lists (not `1` for "1")."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid_choice", input=data)
        return super().to_internal_value(data)


class StrictBooleanField(serializers.BooleanField):
    """JSON `true` or `false` only."""

    default_error_messages = {"invalid": _("Must be true or false (a JSON boolean).")}

    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid", input=data)
        return data


class StrictIntegerField(serializers.IntegerField):
    """A JSON integer: not "7", not 7.5, not `true`."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


def strict_field_mapping() -> dict:
    """`ModelSerializer.serializer_field_mapping` with the strict fields: set it as a model
    serializer's `serializer_field_mapping` (and `serializer_choice_field = StrictChoiceField`)
    so the fields it builds from the model refuse wrong JSON types too."""
    strict = {
        serializers.CharField: StrictCharField,
        serializers.SlugField: StrictSlugField,
        serializers.EmailField: StrictEmailField,
        serializers.BooleanField: StrictBooleanField,
        serializers.IntegerField: StrictIntegerField,
    }
    return {
        model_field: strict.get(field, field)
        for model_field, field in serializers.ModelSerializer.serializer_field_mapping.items()
    }


def query_params(serializer_class: type[serializers.Serializer], request) -> dict:
    """The request's query parameters read by `serializer_class`: a value of the wrong
    type (`limit=ten`, `mine=maybe`, a status outside the enum) answers 400 naming the
    parameter, as the schema's typed parameter promised, instead of being ignored."""
    query = serializer_class(data=request.query_params)
    # DRF reads `?limit=` as absent; the schema's integer (or date, or enum) is not empty.
    empty = {
        name: [serializers.CharField.default_error_messages["blank"]]
        for name, field in query.fields.items()
        if request.query_params.get(name) == "" and not getattr(field, "allow_blank", False)
    }
    if empty:
        raise serializers.ValidationError(empty)
    query.is_valid(raise_exception=True)
    return query.validated_data


class ExactlyOneOf:
    """A body serializer whose body names exactly one of `exactly_one_of`: the schema says
    so (`oneOf` of each alone, events.schema.ExactlyOneOfScheme); the serializer's own
    `validate` refuses both or neither, with its message."""

    exactly_one_of: tuple[str, ...] = ()
