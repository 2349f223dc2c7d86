"""The plain-text isolates: a value between LRI (or FSI) and PDI, nothing for nothing."""

import pytest

from events.bidi import FSI, LRI, PDI, first_strong_isolated, ltr_isolated


def test_a_left_to_right_value_is_wrapped_in_lri_and_pdi():
    assert ltr_isolated("+971 50 123 4567") == "\u2066+971 50 123 4567\u2069"
    assert (LRI, PDI) == ("\u2066", "\u2069")


def test_typed_text_is_wrapped_in_fsi_and_pdi():
    assert first_strong_isolated("Layla Haddad") == f"{FSI}Layla Haddad{PDI}"


@pytest.mark.parametrize("value", ["", None])
def test_nothing_is_not_wrapped(value):
    assert ltr_isolated(value) == ""
    assert first_strong_isolated(value) == ""


def test_a_number_is_written_out():
    assert ltr_isolated(42) == f"{LRI}42{PDI}"
