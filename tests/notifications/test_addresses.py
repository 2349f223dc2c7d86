"""Which addresses the outbox takes, and how they go on an SMTP envelope."""

import pytest

from notifications.addresses import address_problem, envelope_address
from notifications.models import ErrorReason


@pytest.mark.parametrize(
    ("address", "local_part", "domain", "smtputf8"),
    [
        ("amina@example.org", "amina", "example.org", False),
        ("o'brien+summit@sub.example.org", "o'brien+summit", "sub.example.org", False),
        ("amina@bücher.example", "amina", "xn--bcher-kva.example", False),
        ("chen.müller.228@example.org", "chen.müller.228", "example.org", True),
        ("محمد@مثال.امارات", "محمد", "xn--mgbh0fb.xn--mgbaam7a8h", True),
        ("ops@[192.0.2.1]", "ops", "[192.0.2.1]", False),
    ],
)
def test_usable_addresses_and_their_envelope_form(address, local_part, domain, smtputf8):
    assert address_problem(address) is None
    envelope = envelope_address(address)
    assert (envelope.local_part, envelope.domain) == (local_part, domain)
    assert envelope.needs_smtputf8 is smtputf8


@pytest.mark.parametrize(
    ("address", "detail"),
    [
        ("", "empty"),
        ("amina", "exactly one @"),
        ("amina@@example.org", "exactly one @"),
        ("amina haddad@example.org", "space"),
        ("amina@example.org\r\nBcc: x@example.org", "space or an invisible"),
        ("amina\u200b@example.org", "invisible"),
        ("amina.@example.org", "before the @"),
        ("(amina)@example.org", "before the @"),
        ("a" * 65 + "@example.org", "longer than 64"),
        ("amina@example", "not a valid host name"),
        ("amina@-example.org", "not a valid host name"),
        ("amina@example..org", "IDNA"),
        ("amina@" + "a" * 250 + ".org", "longer than 254"),
    ],
)
def test_unusable_addresses_say_why(address, detail):
    problem = address_problem(address)

    assert problem is not None
    assert problem.reason == ErrorReason.ADDRESS_INVALID
    assert detail in problem.detail
