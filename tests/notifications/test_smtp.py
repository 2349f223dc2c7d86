"""Summit's SMTP backend against a real SMTP server (aiosmtpd): what goes on the wire."""

from email import message_from_string, policy

import pytest

from notifications.dispatch import messages_dispatch_due
from notifications.models import ErrorReason, Message, Status
from notifications.services import message_enqueue

pytestmark = pytest.mark.django_db


def enqueue(number: int, recipient: str, **overrides) -> Message:
    fields = {
        "dedupe_key": f"smtp:{number}",
        "recipient": recipient,
        "recipient_name": f"Delegate {number}",
        "kind": "test.reminder",
        "subject": f"Reminder {number}",
        "body_text": f"Your session starts soon ({number}).",
        **overrides,
    }
    return message_enqueue(**fields)


def parsed(delivery):
    # Headers in UTF-8 (RFC 6532), as a receiver that offered SMTPUTF8 reads them.
    return message_from_string(delivery.content.decode(), policy=policy.default)


def test_a_recipient_refused_with_550_fails_with_the_servers_reason_and_the_rest_go(
    smtp_server,
):
    sink = smtp_server(refuse={"nobody@example.org"})
    delivered = [enqueue(number, f"delegate{number}@example.org") for number in range(3)]
    refused = enqueue(9, "nobody@example.org")

    report = messages_dispatch_due()

    assert (report.sent, report.failed, report.retried) == (3, 1, 0)
    assert sorted(d.recipients for d in sink.deliveries) == [
        (f"delegate{number}@example.org",) for number in range(3)
    ]
    assert {d.message_id for d in sink.deliveries} == {m.provider_message_id for m in delivered}
    refused.refresh_from_db()
    assert refused.status == Status.FAILED
    assert refused.attempts == 1
    assert refused.error_reason == ErrorReason.ADDRESS_REFUSED
    assert refused.last_error == "550 5.1.1 No such user here (SMTPRecipientsRefused)"
    assert refused.get_error_reason_display() == (
        "The recipient's mail server refused the address: it does not exist or takes no mail."
    )


def test_a_recipient_deferred_with_450_is_tried_again_later(smtp_server):
    smtp_server(defer={"busy@example.org"})
    message = enqueue(1, "busy@example.org")

    report = messages_dispatch_due()

    assert report.retried == 1
    message.refresh_from_db()
    assert message.status == Status.QUEUED
    assert message.attempts == 1
    assert message.error_reason == ErrorReason.SERVER_DEFERRED
    assert message.last_error.startswith("450 4.2.1 Mailbox busy")


def test_an_internationalised_domain_goes_out_in_punycode(smtp_server):
    sink = smtp_server()
    message = enqueue(1, "amina@bücher.example")

    assert messages_dispatch_due().sent == 1

    [delivery] = sink.deliveries
    assert delivery.recipients == ("amina@xn--bcher-kva.example",)
    assert "SMTPUTF8" not in delivery.mail_options
    [to] = parsed(delivery)["To"].addresses
    assert to.addr_spec == "amina@xn--bcher-kva.example"
    assert delivery.message_id == message.provider_message_id
    # The row keeps the address as it was given.
    message.refresh_from_db()
    assert message.recipient == "amina@bücher.example"
    assert message.status == Status.SENT


@pytest.mark.parametrize(
    ("address", "on_the_wire"),
    [
        ("chen.müller.228@demo.summit.example", "chen.müller.228@demo.summit.example"),
        ("maria.garcía.163@bücher.example", "maria.garcía.163@xn--bcher-kva.example"),
    ],
)
def test_a_non_ascii_local_part_goes_out_in_utf8_when_the_server_offers_smtputf8(
    smtp_server, address, on_the_wire
):
    sink = smtp_server(smtputf8=True)
    message = enqueue(1, address, recipient_name="Chen Müller", subject="Ihre Sitzung")

    assert messages_dispatch_due().sent == 1

    [delivery] = sink.deliveries
    assert delivery.recipients == (on_the_wire,)
    assert "SMTPUTF8" in delivery.mail_options
    email = parsed(delivery)
    [to] = email["To"].addresses
    assert (to.display_name, to.addr_spec) == ("Chen Müller", on_the_wire)
    assert email["Subject"] == "Ihre Sitzung"
    assert email["Message-ID"] == message.provider_message_id
    assert email.get_body(("plain",)).get_content().strip() == "Your session starts soon (1)."
    message.refresh_from_db()
    assert message.status == Status.SENT


def test_a_non_ascii_local_part_fails_when_the_server_offers_no_smtputf8(smtp_server):
    sink = smtp_server(smtputf8=False)
    international = enqueue(1, "chen.müller.228@demo.summit.example")
    plain = enqueue(2, "amina@example.org")

    report = messages_dispatch_due()

    assert (report.sent, report.failed) == (1, 1)
    assert [d.recipients for d in sink.deliveries] == [("amina@example.org",)]
    international.refresh_from_db()
    assert international.status == Status.FAILED
    assert international.error_reason == ErrorReason.ADDRESS_NEEDS_SMTPUTF8
    assert "does not offer SMTPUTF8" in international.last_error
    assert Message.objects.get(pk=plain.pk).status == Status.SENT
