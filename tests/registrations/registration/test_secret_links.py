"""A new private link, asked for from the page the old one opens.

Whoever held the old link (a forwarded email, a shared screen, the calendar
provider of the old feed) loses access at once; the new link goes only to the
registrant's (or the head of delegation's) email address, never to the browser
that asked, since that browser may be the intruder's.
"""

import pytest
from django.test import Client

from agenda.personal.models import PersonalAgendaItem
from events.audit.models import AuditEntry
from events.audit.services import Actor
from notifications.models import Message
from registrations.delegations.models import Delegation
from registrations.registration.errors import RegistrationError
from registrations.registration.models import Registration
from registrations.registration.secret_links import delegation_renew_link, registration_renew_link
from tests.factories import CategoryFactory, DelegationFactory, EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    event = EventFactory(slug="unity", name={"en": "Unity"})
    CategoryFactory(event=event, slug="delegate")
    return event


@pytest.fixture
def registration(event):
    return RegistrationFactory(
        event=event,
        category=event.categories.get(),
        status="approved",
        email="amina@example.org",
        language="en",
    )


@pytest.fixture
def delegation(event, registration):
    delegation = DelegationFactory(event=event, head=registration, name={"en": "Jordan"})
    registration.delegation = delegation
    registration.save(update_fields=["delegation"])
    return delegation


# --- The registrant's page -------------------------------------------------------------


def test_the_page_offers_a_new_private_link(client, registration):
    page = client.get(f"/me/{registration.secret_token}/").content.decode()

    assert f'action="/me/{registration.secret_token}/new-link/"' in page
    assert "Send me a new link" in page


def test_a_new_link_locks_out_whoever_held_the_old_one(client, registration):
    old_token, old_feed = registration.secret_token, registration.feed_secret

    response = client.post(f"/me/{old_token}/new-link/", follow=True)

    registration.refresh_from_db()
    assert registration.secret_token != old_token
    assert registration.feed_secret != old_feed
    assert response.redirect_chain == [("/e/unity/new-link-sent/", 302)]
    page = response.content.decode()
    assert "We sent a new link to your email address" in page
    assert registration.secret_token not in page
    assert registration.feed_secret not in page
    assert client.get(f"/me/{old_token}/").status_code == 404
    assert client.get(f"/me/{old_token}/badge.png").status_code == 404
    assert client.get(f"/me/{old_token}/calendar.ics").status_code == 404
    assert client.get(f"/feeds/{old_feed}/calendar.ics").status_code == 404
    assert client.post(f"/me/{old_token}/cancel/").status_code == 404
    assert client.get(f"/me/{registration.secret_token}/").status_code == 200
    assert client.get(f"/feeds/{registration.feed_secret}/calendar.ics").status_code == 200


def test_the_new_link_goes_to_the_registrants_address_and_says_the_old_one_stopped(
    client, registration
):
    client.post(f"/me/{registration.secret_token}/new-link/")

    registration.refresh_from_db()
    message = Message.objects.get(kind="registration.link_renewed")
    assert message.recipient == "amina@example.org"
    assert registration.get_absolute_url() in message.body_text
    assert registration.get_absolute_url() in message.body_html
    assert "no longer works" in message.body_text
    assert "no longer works" in message.body_html


def test_the_renewal_is_audited_without_the_secrets(client, registration):
    old_token = registration.secret_token

    client.post(f"/me/{old_token}/new-link/")

    registration.refresh_from_db()
    entry = AuditEntry.objects.get(action="registration.link_renewed")
    assert entry.object_id == registration.reference
    assert entry.actor_label == "registrant"
    recorded = str(entry.data) + entry.reason
    assert old_token not in recorded
    assert registration.secret_token not in recorded


def test_each_renewal_sends_its_own_message(registration):
    actor = Actor(label="registrant")

    first = registration_renew_link(registration_id=registration.pk, actor=actor)
    first_url = first.get_absolute_url()
    second = registration_renew_link(registration_id=registration.pk, actor=actor)

    bodies = list(
        Message.objects.filter(kind="registration.link_renewed")
        .order_by("pk")
        .values_list("body_text", flat=True)
    )
    assert len(bodies) == 2
    assert first_url in bodies[0]
    assert second.get_absolute_url() in bodies[1]
    assert first_url not in bodies[1]


def test_the_agenda_and_badge_stay_with_the_registration(client, registration, event):
    from tests.agenda.factories import SessionFactory

    session = SessionFactory(event=event)
    PersonalAgendaItem.objects.create(registration=registration, session=session)

    client.post(f"/me/{registration.secret_token}/new-link/")

    renewed = Registration.objects.get(pk=registration.pk)
    assert renewed.reference == registration.reference
    assert renewed.status == "approved"
    assert PersonalAgendaItem.objects.filter(registration=renewed).count() == 1


def test_an_erased_registration_cannot_ask_for_a_link(registration):
    from django.utils import timezone

    registration.email = f"erased-{registration.pk}"
    registration.personal_data_erased_at = timezone.now()
    registration.save(update_fields=["email", "personal_data_erased_at"])

    with pytest.raises(RegistrationError):
        registration_renew_link(registration_id=registration.pk, actor=Actor(label="registrant"))

    assert not Message.objects.exists()


def test_a_new_link_needs_a_post_with_the_csrf_token(registration):
    browser = Client(enforce_csrf_checks=True)
    token = registration.secret_token

    assert browser.get(f"/me/{token}/new-link/").status_code == 405
    assert browser.post(f"/me/{token}/new-link/").status_code == 403

    registration.refresh_from_db()
    assert registration.secret_token == token
    assert not Message.objects.exists()


def test_an_unknown_token_renews_nothing(client, registration):
    assert client.post(f"/me/{'x' * 43}/new-link/").status_code == 404
    assert client.post(f"/me/{registration.feed_secret}/new-link/").status_code == 404

    assert not Message.objects.exists()


# --- The head of delegation's page -----------------------------------------------------


def test_the_delegation_page_offers_a_new_private_link(client, delegation):
    page = client.get(f"/d/{delegation.secret_token}/").content.decode()

    assert f'action="/d/{delegation.secret_token}/new-link/"' in page


def test_a_new_delegation_link_locks_out_the_old_one_and_goes_to_the_head(client, delegation):
    old_token, old_feed = delegation.secret_token, delegation.feed_secret

    response = client.post(f"/d/{old_token}/new-link/", follow=True)

    delegation.refresh_from_db()
    assert delegation.secret_token != old_token
    assert delegation.feed_secret != old_feed
    assert response.redirect_chain == [("/e/unity/new-link-sent/", 302)]
    page = response.content.decode()
    assert "We sent a new link to your email address" in page
    assert delegation.secret_token not in page
    for path in (
        "d/{}/",
        "d/{}/vehicles/",
        "d/{}/bilaterals/",
        "api/v1/delegations/{}/bilaterals/",
    ):
        assert client.get("/" + path.format(old_token)).status_code == 404, path
    assert client.get(f"/d/{delegation.secret_token}/").status_code == 200
    message = Message.objects.get(kind="registration.delegation_link_renewed")
    assert message.recipient == "amina@example.org"
    assert delegation.get_absolute_url() in message.body_text
    assert "no longer works" in message.body_text
    entry = AuditEntry.objects.get(action="delegation.link_renewed")
    assert old_token not in str(entry.data)


def test_a_delegation_without_a_head_keeps_its_link(client, event):
    delegation = DelegationFactory(event=event)
    token = delegation.secret_token

    with pytest.raises(RegistrationError):
        delegation_renew_link(delegation_id=delegation.pk, actor=Actor(label="head"))
    response = client.post(f"/d/{token}/new-link/", follow=True)

    assert Delegation.objects.get(pk=delegation.pk).secret_token == token
    assert response.status_code == 200
    assert not Message.objects.exists()
