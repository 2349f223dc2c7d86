"""Which addresses the outbox can send to, and how each goes on the wire.

Checked at enqueue time (`address_problem`): an address that cannot be written
to an SMTP envelope at all (no @, a space, no host name) becomes a `failed`
message there and then, so the step that asked for it still commits. The check
is wider than Django's `EmailValidator` on purpose: it takes non-ASCII letters
before the @ (RFC 6531, `chen.müller@…`), which can be sent when the server
offers SMTPUTF8; the SMTP backend (notifications.smtp) finds out at send time.

On the wire (`envelope_address`), the domain is always written in IDNA
(punycode, `xn--…`), as Django's own SMTP backend does, with Python's `idna`
codec so the check here and the backend agree on what can be encoded; the
part before the @ is sent as it is, in UTF-8 when it is not ASCII.
"""

import re
import unicodedata
from dataclasses import dataclass

from django.core.validators import EmailValidator

from notifications.models import ErrorReason

# RFC 5321 limits, in octets.
MAX_ADDRESS_LENGTH = 254
MAX_LOCAL_PART_LENGTH = 64

# A dot-atom of RFC 5322 `atext`, widened by RFC 6531 to any non-ASCII
# character (spaces and invisible characters are refused before this).
_ATEXT = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~\-\u0080-\U0010ffff]"
_LOCAL_PART = re.compile(rf"{_ATEXT}+(?:\.{_ATEXT}+)*\Z")

_DOMAIN_CHECK = EmailValidator()


class UnusableAddress(ValueError):
    """An address the outbox cannot send to: `reason` (an ErrorReason) and a detail."""

    def __init__(self, reason: ErrorReason, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class EnvelopeAddress:
    local_part: str
    # The domain in IDNA (ASCII) form.
    domain: str

    @property
    def needs_smtputf8(self) -> bool:
        return not self.local_part.isascii()

    def __str__(self) -> str:
        return f"{self.local_part}@{self.domain}"


def _invisible(character: str) -> bool:
    # Controls, format characters, separators (spaces, line breaks), unassigned.
    return unicodedata.category(character)[0] in "CZ"


def _ascii_domain(domain: str) -> str:
    try:
        return domain.encode("idna").decode("ascii")
    except UnicodeError as error:
        raise UnusableAddress(
            ErrorReason.ADDRESS_INVALID, f"The domain {domain!r} cannot be written in IDNA."
        ) from error


def envelope_address(address: str) -> EnvelopeAddress:
    """The address as an SMTP envelope takes it, or `UnusableAddress`."""
    if not address:
        raise UnusableAddress(ErrorReason.ADDRESS_INVALID, "The address is empty.")
    if len(address.encode()) > MAX_ADDRESS_LENGTH:
        raise UnusableAddress(
            ErrorReason.ADDRESS_INVALID,
            f"The address is longer than {MAX_ADDRESS_LENGTH} bytes.",
        )
    if any(_invisible(character) for character in address):
        raise UnusableAddress(
            ErrorReason.ADDRESS_INVALID, "The address contains a space or an invisible character."
        )
    if address.count("@") != 1:
        raise UnusableAddress(ErrorReason.ADDRESS_INVALID, "The address needs exactly one @.")
    local_part, domain = address.split("@")
    if not _LOCAL_PART.match(local_part):
        raise UnusableAddress(
            ErrorReason.ADDRESS_INVALID, f"The part before the @ ({local_part!r}) is not valid."
        )
    if len(local_part.encode()) > MAX_LOCAL_PART_LENGTH:
        raise UnusableAddress(
            ErrorReason.ADDRESS_INVALID,
            f"The part before the @ is longer than {MAX_LOCAL_PART_LENGTH} bytes.",
        )
    ascii_domain = _ascii_domain(domain)
    if ascii_domain.lower() not in _DOMAIN_CHECK.domain_allowlist and not (
        _DOMAIN_CHECK.validate_domain_part(ascii_domain)
    ):
        raise UnusableAddress(
            ErrorReason.ADDRESS_INVALID, f"The domain {domain!r} is not a valid host name."
        )
    return EnvelopeAddress(local_part=local_part, domain=ascii_domain)


def address_problem(address: str) -> UnusableAddress | None:
    """Why the outbox cannot send to `address`, or None when it can try."""
    try:
        envelope_address(address)
    except UnusableAddress as problem:
        return problem
    return None
