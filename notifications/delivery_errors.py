"""What an error raised while sending one message means for that message.

`delivery_outcome(exc)` answers three questions the dispatcher acts on: is it
permanent (the message is `failed` now) or temporary (tried again with
backoff); is the connection broken (opened afresh for the next message); and
why, as an `ErrorReason` an organizer reads, plus the technical detail kept in
`last_error` (the server's reply as it gave it, and the exception's name).

SMTP says it with the reply code: 5xx is permanent, 4xx is temporary
(RFC 5321 §4.2.1). A 5xx for the recipient refuses that address; a 5xx after
the data refuses the message. Our own sender refused, a login refused or a
server out of reach is never the message's fault, so it waits for the setup to
be fixed instead of failing.
"""

import smtplib
from dataclasses import dataclass

from notifications.addresses import UnusableAddress
from notifications.models import ErrorReason

MAX_DETAIL_LENGTH = 2000


@dataclass(frozen=True)
class DeliveryOutcome:
    reason: ErrorReason
    detail: str
    permanent: bool
    connection_broken: bool = False


def _reply(code: int, text: bytes | str) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return f"{code} {text}".strip()


def _detail(exc: BaseException, text: str | None = None) -> str:
    """`text` (else the exception's message) and the exception's name, for `last_error`."""
    return f"{text or exc} ({type(exc).__name__})"[:MAX_DETAIL_LENGTH]


def _permanent(code: int) -> bool:
    return 500 <= code < 600


def delivery_outcome(exc: Exception) -> DeliveryOutcome:
    """What sending one message and getting `exc` means for it."""
    if isinstance(exc, UnusableAddress):
        return DeliveryOutcome(exc.reason, _detail(exc, exc.detail), permanent=True)
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        replies = list(exc.recipients.values())
        permanent = bool(replies) and all(_permanent(code) for code, _text in replies)
        return DeliveryOutcome(
            ErrorReason.ADDRESS_REFUSED if permanent else ErrorReason.SERVER_DEFERRED,
            _detail(exc, "; ".join(_reply(code, text) for code, text in replies)),
            permanent=permanent,
        )
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return DeliveryOutcome(
            ErrorReason.SERVER_LOGIN,
            _detail(exc, _reply(exc.smtp_code, exc.smtp_error)),
            permanent=False,
            connection_broken=True,
        )
    if isinstance(exc, smtplib.SMTPHeloError):
        return DeliveryOutcome(
            ErrorReason.SERVER_UNREACHABLE,
            _detail(exc, _reply(exc.smtp_code, exc.smtp_error)),
            permanent=False,
            connection_broken=True,
        )
    if isinstance(exc, smtplib.SMTPServerDisconnected | smtplib.SMTPNotSupportedError):
        return DeliveryOutcome(
            ErrorReason.SERVER_UNREACHABLE,
            _detail(exc),
            permanent=False,
            connection_broken=True,
        )
    if isinstance(exc, smtplib.SMTPSenderRefused):
        return DeliveryOutcome(
            ErrorReason.SENDER_REFUSED,
            _detail(exc, _reply(exc.smtp_code, exc.smtp_error)),
            permanent=False,
        )
    if isinstance(exc, smtplib.SMTPResponseException):
        detail = _detail(exc, _reply(exc.smtp_code, exc.smtp_error))
        if exc.smtp_code == 421:  # the server is closing the connection
            return DeliveryOutcome(
                ErrorReason.SERVER_UNREACHABLE, detail, permanent=False, connection_broken=True
            )
        permanent = _permanent(exc.smtp_code)
        return DeliveryOutcome(
            ErrorReason.MESSAGE_REFUSED if permanent else ErrorReason.SERVER_DEFERRED,
            detail,
            permanent=permanent,
        )
    if isinstance(exc, OSError):  # refused, reset, timed out
        return DeliveryOutcome(
            ErrorReason.SERVER_UNREACHABLE,
            _detail(exc),
            permanent=False,
            connection_broken=True,
        )
    if isinstance(exc, ValueError | TypeError):
        # The backend could not build the MIME message (a header with a line
        # break, an encoding it cannot write): no retry will change that.
        return DeliveryOutcome(ErrorReason.MESSAGE_INVALID, _detail(exc), permanent=True)
    # Unknown trouble inside the backend: retry, on a fresh connection.
    return DeliveryOutcome(ErrorReason.OTHER, _detail(exc), permanent=False, connection_broken=True)
