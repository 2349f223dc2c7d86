"""The SMTP backend Summit sends through: Django's, with international addresses done right.

Settings use it wherever `EMAIL_URL` names an SMTP server. Django 5.2's backend
writes a non-ASCII part before the @ as an RFC 2047 encoded word
(`=?utf-8?b?…?=@example.org`), an address no mailbox has. This one:

- sends the domain in IDNA (punycode), like Django's;
- sends a non-ASCII part before the @ as UTF-8 with `MAIL FROM … SMTPUTF8`
  (RFC 6531) and writes the To and Cc headers in UTF-8 (RFC 6532), when the
  server offers SMTPUTF8 in its EHLO answer;
- refuses such a message with `UnusableAddress` (reason
  `address_needs_smtputf8`) when the server does not offer it: sending it
  anyway would reach nobody, and retrying the same server would not help.

Everything else (connection, TLS, login, errors) is Django's.
"""

import email.policy
import smtplib
from email.generator import BytesGenerator
from email.headerregistry import Address
from email.utils import getaddresses
from io import BytesIO

from django.conf import settings
from django.core.mail.backends.smtp import EmailBackend as DjangoEmailBackend
from django.core.mail.message import sanitize_address

from notifications.addresses import EnvelopeAddress, UnusableAddress, envelope_address
from notifications.models import ErrorReason

# Headers written in UTF-8 as they are, lines ending in CRLF, as SMTP wants them.
_SMTPUTF8_POLICY = email.policy.SMTPUTF8.clone(linesep="\r\n")


def _utf8_address_header(values: list[str]) -> str:
    addresses = []
    for name, address in getaddresses(values):
        envelope = envelope_address(address)
        addresses.append(
            str(Address(display_name=name, username=envelope.local_part, domain=envelope.domain))
        )
    return ", ".join(addresses)


class EmailBackend(DjangoEmailBackend):
    # Replaces Django's one-message step (`_send`, a private hook that has kept
    # its shape since Django 1.x); tests/notifications/test_smtp.py pins what
    # this one does against a real server.
    def _send(self, email_message) -> bool:
        recipients = email_message.recipients()
        if not recipients:
            return False
        encoding = email_message.encoding or settings.DEFAULT_CHARSET
        from_email = sanitize_address(email_message.from_email, encoding)
        envelope: list[EnvelopeAddress] = [
            envelope_address(getaddresses([recipient])[0][1]) for recipient in recipients
        ]
        message = email_message.message()
        mail_options: list[str] = []
        if any(address.needs_smtputf8 for address in envelope):
            self.connection.ehlo_or_helo_if_needed()
            if not self.connection.has_extn("smtputf8"):
                raise UnusableAddress(
                    ErrorReason.ADDRESS_NEEDS_SMTPUTF8,
                    f"The mail server {self.host}:{self.port} does not offer SMTPUTF8.",
                )
            mail_options.append("SMTPUTF8")
            if self.connection.has_extn("8bitmime"):
                mail_options.append("BODY=8BITMIME")
            for header, values in (("To", email_message.to), ("Cc", email_message.cc)):
                if values and header in message:
                    # replace_header skips Django's encoding of address headers.
                    message.replace_header(header, _utf8_address_header(values))
            buffer = BytesIO()
            BytesGenerator(buffer, mangle_from_=False, policy=_SMTPUTF8_POLICY).flatten(message)
            data = buffer.getvalue()
        else:
            data = message.as_bytes(linesep="\r\n")
        try:
            self.connection.sendmail(
                from_email, [str(address) for address in envelope], data, mail_options
            )
        except smtplib.SMTPException:
            if not self.fail_silently:
                raise
            return False
        return True
