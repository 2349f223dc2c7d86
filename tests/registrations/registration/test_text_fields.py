"""One text rule for the forms and the API: NFKC first, then the field's checks."""

import pytest
from django.core.exceptions import ValidationError as FormError
from rest_framework.exceptions import ValidationError as APIError

from registrations.registration.text_fields import api_text_field, text_field

FULLWIDTH_AMINA = "\uff21\uff4d\uff49\uff4e\uff41"  # "Amina" in fullwidth letters


@pytest.mark.parametrize(
    "clean",
    [
        lambda value: text_field("first_name", max_length=100).clean(value),
        lambda value: api_text_field("first_name", max_length=100).run_validation(value),
    ],
    ids=["form", "api"],
)
def test_both_kinds_store_the_letters_a_compatibility_spelling_stands_for(clean):
    assert clean(FULLWIDTH_AMINA) == "Amina"


@pytest.mark.parametrize(
    ("clean", "error"),
    [
        (lambda value: text_field("first_name").clean(value), FormError),
        (lambda value: api_text_field("first_name").run_validation(value), APIError),
    ],
    ids=["form", "api"],
)
def test_both_kinds_run_the_fields_checks(clean, error):
    with pytest.raises(error):
        clean("Amina\u202e")
