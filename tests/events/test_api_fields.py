"""The strict API fields: the JSON type the schema documents, nothing coerced."""

import pytest
from django.core.validators import RegexValidator
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from events.api_fields import (
    StrictBooleanField,
    StrictCharField,
    StrictChoiceField,
    StrictIntegerField,
    StrictSlugField,
    query_params,
)


@pytest.mark.parametrize("value", [123, 1.5, True, None, ["a"], {"a": 1}])
def test_a_strict_char_field_refuses_what_is_not_a_string(value):
    with pytest.raises(serializers.ValidationError):
        StrictCharField().run_validation(value)


def test_a_strict_char_field_keeps_a_string_and_refuses_spaces_alone():
    assert StrictCharField().run_validation("  Amina ") == "Amina"
    with pytest.raises(serializers.ValidationError):
        StrictCharField().run_validation("   ")
    assert StrictCharField(allow_blank=True).run_validation("   ") == ""


def patterns(field) -> list[str]:
    return [
        validator.regex.pattern
        for validator in field.validators
        if isinstance(validator, RegexValidator)
    ]


def test_spaces_alone_are_stated_as_a_pattern_only_where_there_is_none():
    assert patterns(StrictCharField()) == [r"\S"]
    assert r"\S" not in patterns(StrictSlugField())
    assert patterns(StrictCharField(allow_blank=True)) == []


@pytest.mark.parametrize("value", ["yes", "true", 1, 0, None])
def test_a_strict_boolean_takes_only_json_true_or_false(value):
    with pytest.raises(serializers.ValidationError):
        StrictBooleanField().run_validation(value)


def test_a_strict_boolean_keeps_a_json_boolean():
    assert StrictBooleanField().run_validation(True) is True
    assert StrictBooleanField().run_validation(False) is False


@pytest.mark.parametrize("value", ["7", 7.0, 7.5, True])
def test_a_strict_integer_takes_only_a_json_integer(value):
    with pytest.raises(serializers.ValidationError):
        StrictIntegerField().run_validation(value)


def test_a_strict_choice_refuses_a_number_for_its_text():
    field = StrictChoiceField(choices=["1", "2"])

    assert field.run_validation("1") == "1"
    with pytest.raises(serializers.ValidationError):
        field.run_validation(1)


class Filters(serializers.Serializer):
    limit = serializers.IntegerField(required=False, default=20)
    zone = serializers.CharField(required=False, allow_blank=True, default="")


def test_query_params_refuse_a_wrong_type_or_an_empty_typed_value():
    factory = APIRequestFactory()

    def read(query: str):
        return query_params(Filters, Request(factory.get(f"/?{query}")))

    assert read("limit=5&zone=") == {"limit": 5, "zone": ""}
    assert read("") == {"limit": 20, "zone": ""}
    for query in ("limit=ten", "limit="):
        with pytest.raises(serializers.ValidationError) as refused:
            read(query)
        assert list(refused.value.detail) == ["limit"]
