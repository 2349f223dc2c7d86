"""Plain-text emails in Arabic keep left-to-right values in order, English ones stay clean.

A plain-text part has no markup: each value that is left to right by nature must
sit between LRI (or FSI, for a typed name) and PDI. The messages are queued as
the workflows queue them, for registrants who chose Arabic.
"""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone, translation

from agenda.bilaterals.messaging import bilateral_notice_enqueue, bilateral_reminder_enqueue
from agenda.bilaterals.models import BilateralMeeting
from agenda.releases.models import SessionRelease
from agenda.reminders.messaging import (
    SESSION_REMINDER_KIND,
    SPEAKER_REMINDER_KIND,
    reminder_enqueue,
)
from events.bidi import LRI, PDI
from events.summit.models import Event
from notifications.models import Message
from notifications.rendering import email_render
from registrations.registration import messaging
from registrations.registration.models import Registration, Status
from tests.factories import InvitationFactory
from tests.i18n.bidi_checks import unisolated_in_text

pytestmark = pytest.mark.django_db

REGISTRATION_KINDS = (
    "received",
    "waitlisted",
    "approved",
    "rejected",
    "cancelled",
    "revoked",
    "promoted",
    "link",
    "link_renewed",
    "already_registered",
    "summit_reminder",
)


@pytest.fixture
def demo(settings):
    settings.SITE_URL = "https://summit.example"
    call_command("seed_demo", stdout=io.StringIO())
    return Event.objects.get(slug="unity-for-security")


def registrant_in(event, language: str) -> Registration:
    registration = Registration.objects.filter(event=event, status=Status.APPROVED).first()
    Registration.objects.filter(pk=registration.pk).update(language=language)
    registration.refresh_from_db()
    return registration


def every_plain_text_email(event, registration: Registration) -> dict[str, str]:
    """Kind → plain text of every email a registrant or a delegation's head gets, in the
    registrant's language."""
    bodies = {
        kind: email_render(
            template_prefix=f"registrations/email/{kind}",
            context={
                "registration": registration,
                "event": event,
                "page_url": messaging.registrant_page_url(registration),
            },
            language=registration.language,
        ).body_text
        for kind in REGISTRATION_KINDS
    }
    Message.objects.all().delete()
    invitation = InvitationFactory(event=event, email="guest@example.org")
    messaging.invitation(invitation, language=registration.language)
    meeting = BilateralMeeting.objects.filter(event=event).exclude(starts_at=None).first()
    delegation = meeting.requester
    head = delegation.head
    Registration.objects.filter(pk=head.pk).update(language=registration.language)
    delegation.head.refresh_from_db()
    messaging.delegation_link(delegation, head=delegation.head)
    messaging.delegation_link_renewed(delegation, head=delegation.head, entry_id=1)
    for step in ("requested", "confirmed", "moved", "cancelled"):
        meeting.revision += 1
        bilateral_notice_enqueue(meeting=meeting, step=step, delegation=delegation)
    bilateral_reminder_enqueue(
        key="bidi:bilateral-reminder",
        meeting=meeting,
        delegation=delegation,
        registration=delegation.head,
        minutes=30,
    )
    snapshot = SessionRelease.objects.filter(release__event=event).first()
    for kind in (SESSION_REMINDER_KIND, SPEAKER_REMINDER_KIND):
        reminder_enqueue(
            key=f"bidi:{kind}",
            kind=kind,
            event=event,
            registration=registration,
            snapshot=snapshot,
            minutes=30,
        )
    queued = Message.objects.filter(
        recipient__in=[registration.email, head.email, invitation.email]
    ).order_by("pk")
    bodies.update((f"{message.kind} {message.pk}", message.body_text) for message in queued)
    return bodies


def test_every_arabic_plain_text_email_isolates_its_left_to_right_values(demo):
    registration = registrant_in(demo, "ar")
    bodies = every_plain_text_email(demo, registration)
    assert len(bodies) >= len(REGISTRATION_KINDS) + 10
    known = frozenset({registration.reference, registration.display_name})

    offenders = {
        kind: found for kind, body in bodies.items() if (found := unisolated_in_text(body, known))
    }

    assert not offenders, offenders
    received = bodies["received"]
    assert f"{LRI}{registration.reference}{PDI}" in received
    assert f"{LRI}https://summit.example{registration.get_absolute_url()}{PDI}" in received
    with translation.override("ar"):
        assert received.startswith(registration.salutation)


def test_an_english_email_leaves_its_links_without_invisible_characters(demo):
    registration = registrant_in(demo, "en")
    messaging.registration_link(registration)
    body = Message.objects.get(recipient=registration.email, kind="registration.link").body_text

    assert f" https://summit.example{registration.get_absolute_url()}\n" in body
    assert LRI not in body


def test_the_organizer_security_email_isolates_the_address_it_came_from(demo):
    rendered = email_render(
        template_prefix="events/email/two_factor_changed",
        context={
            "name": "Omar",
            "action": "two_factor.paired",
            "when": timezone.now(),
            "client_ip": "203.0.113.7",
            "site_url": "https://summit.example/manage/",
        },
        language="ar",
    )

    assert f"{LRI}203.0.113.7{PDI}" in rendered.body_text
    assert unisolated_in_text(rendered.body_text) == []
