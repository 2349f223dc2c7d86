"""A refusal answered as not found tells no more than an unknown address does."""

import pytest
from django.http import Http404
from django.utils import translation

from events.api_errors import api_exception_handler
from events.errors import NotFoundError


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_not_found_refusal_is_answered_exactly_like_an_unknown_address(language):
    refusal = NotFoundError("Your delegation has no bilateral meeting with this number.")

    with translation.override(language):
        refused = api_exception_handler(refusal, {})
        unknown = api_exception_handler(Http404(), {})

    assert refused.status_code == unknown.status_code == 404
    assert refused.data == unknown.data
    assert "bilateral" not in str(refused.data)
