"""What an error while sending means: permanent or not, and the reason an organizer reads."""

import smtplib

import pytest

from notifications.addresses import UnusableAddress
from notifications.delivery_errors import delivery_outcome
from notifications.models import ErrorReason


@pytest.mark.parametrize(
    ("error", "reason", "permanent", "broken", "detail"),
    [
        (
            smtplib.SMTPRecipientsRefused({"a@example.org": (550, b"5.1.1 No such user")}),
            ErrorReason.ADDRESS_REFUSED,
            True,
            False,
            "550 5.1.1 No such user (SMTPRecipientsRefused)",
        ),
        (
            smtplib.SMTPRecipientsRefused({"a@example.org": (452, b"4.2.2 Mailbox full")}),
            ErrorReason.SERVER_DEFERRED,
            False,
            False,
            "452 4.2.2 Mailbox full (SMTPRecipientsRefused)",
        ),
        (
            smtplib.SMTPDataError(554, b"5.7.1 Message rejected as spam"),
            ErrorReason.MESSAGE_REFUSED,
            True,
            False,
            "554 5.7.1 Message rejected as spam (SMTPDataError)",
        ),
        (
            smtplib.SMTPDataError(451, b"4.3.0 Local error"),
            ErrorReason.SERVER_DEFERRED,
            False,
            False,
            "451 4.3.0 Local error (SMTPDataError)",
        ),
        (
            smtplib.SMTPSenderRefused(553, b"5.7.1 Sender not allowed", "no-reply@x.org"),
            ErrorReason.SENDER_REFUSED,
            False,
            False,
            "553 5.7.1 Sender not allowed (SMTPSenderRefused)",
        ),
        (
            smtplib.SMTPAuthenticationError(535, b"5.7.8 Bad credentials"),
            ErrorReason.SERVER_LOGIN,
            False,
            True,
            "535 5.7.8 Bad credentials (SMTPAuthenticationError)",
        ),
        (
            smtplib.SMTPResponseException(421, b"4.3.2 Shutting down"),
            ErrorReason.SERVER_UNREACHABLE,
            False,
            True,
            "421 4.3.2 Shutting down (SMTPResponseException)",
        ),
        (
            ConnectionRefusedError(111, "Connection refused"),
            ErrorReason.SERVER_UNREACHABLE,
            False,
            True,
            "[Errno 111] Connection refused (ConnectionRefusedError)",
        ),
        (
            UnusableAddress(ErrorReason.ADDRESS_NEEDS_SMTPUTF8, "No SMTPUTF8 here."),
            ErrorReason.ADDRESS_NEEDS_SMTPUTF8,
            True,
            False,
            "No SMTPUTF8 here. (UnusableAddress)",
        ),
        (
            ValueError("Header values can't contain newlines"),
            ErrorReason.MESSAGE_INVALID,
            True,
            False,
            "Header values can't contain newlines (ValueError)",
        ),
        (RuntimeError("boom"), ErrorReason.OTHER, False, True, "boom (RuntimeError)"),
    ],
)
def test_each_error_has_its_reason_and_the_servers_words(error, reason, permanent, broken, detail):
    outcome = delivery_outcome(error)

    assert outcome.reason == reason
    assert outcome.permanent is permanent
    assert outcome.connection_broken is broken
    assert outcome.detail == detail
