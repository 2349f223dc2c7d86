"""Team invitations: the email, the link's page, a new or an existing account, 2FA after."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.utils import timezone

from events.audit.models import AuditEntry
from events.audit.services import Actor
from events.errors import ConflictError, DomainError
from events.teams.invitations import (
    InvitationGone,
    team_invitation_accept,
    team_invitation_create,
    team_invitation_resend,
    team_invitation_revoke,
)
from events.teams.models import Role, TeamInvitation, TeamMembership
from events.teams.services import team_member_add
from notifications.dispatch import messages_dispatch_due
from notifications.models import Message, Status
from tests.events.two_factor.fixtures import current_code
from tests.factories import PASSWORD, EventFactory, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Orange-harbour-lantern-42"


@pytest.fixture
def event():
    return EventFactory(
        slug="unity", name={"en": "Unity Summit", "fr": "Sommet de l'unité"}, languages=["en", "fr"]
    )


@pytest.fixture
def admin(event):
    user = UserFactory(username="lead", first_name="Leila", last_name="Haddad")
    team_member_add(event=event, user=user, role=Role.ADMIN)
    return user


def invite(event, admin, email="new.person@example.org", role=Role.PROGRAMME, language="en"):
    return team_invitation_create(
        event=event,
        email=email,
        role=role,
        actor=Actor(label="lead", user=admin),
        language=language,
    )


def link_in(message: Message) -> str:
    """The invitation's path, read from the email as the invited person gets it."""
    return re.search(r"https?://[^/\s]+(/manage/invitations/[^/\s]+/)", message.body_text).group(1)


def sent_link(email="new.person@example.org") -> str:
    return link_in(Message.objects.filter(recipient=email).latest("pk"))


# --- The email ------------------------------------------------------------------------------


def test_the_invitation_email_is_queued_with_the_link_and_delivered(event, admin):
    invitation = invite(event, admin)

    message = Message.objects.get(kind="team.invitation")
    assert message.recipient == "new.person@example.org"
    assert message.subject == "Join the organizing team of Unity Summit"
    # The inviter's name isolated (U+2068…U+2069): a name in another script keeps its order.
    assert (
        "\u2068Leila Haddad\u2069 invites you to the organizing team of Unity Summit as "
        "Programme manager." in message.body_text
    )
    assert link_in(message).startswith("/manage/invitations/")
    # Only a digest is stored: the table alone opens nothing.
    secret = link_in(message).split("/")[3]
    assert secret not in invitation.digest
    assert TeamInvitation.objects.filter(digest__contains=secret).count() == 0
    assert invitation.expires_at - timezone.now() > timedelta(days=6, hours=23)

    messages_dispatch_due()
    assert mail.outbox[0].to == ["new.person@example.org"]
    assert link_in(message) in mail.outbox[0].body
    assert AuditEntry.objects.get(action="team.invitation_sent").data["role"] == "programme"


def test_the_email_is_in_the_admins_language_when_the_event_offers_it(event, admin):
    invite(event, admin, language="fr")
    invite(event, admin, email="other@example.org", language="ar")  # not one of the event's

    french = Message.objects.get(recipient="new.person@example.org")
    fallback = Message.objects.get(recipient="other@example.org")
    assert french.language == "fr"
    assert fallback.language == event.main_language == "en"


def test_an_address_already_invited_or_already_in_the_role_is_refused_naming_the_field(
    event, admin
):
    invite(event, admin)
    with pytest.raises(DomainError) as again:
        invite(event, admin, email="NEW.person@example.org")
    with pytest.raises(DomainError) as member:
        invite(event, admin, email=admin.email, role=Role.ADMIN)
    with pytest.raises(DomainError) as bad:
        invite(event, admin, email="not-an-address")

    assert again.value.field == "email"
    assert "already invited" in str(again.value.message)
    assert member.value.field == "email"
    assert "already holds this role" in str(member.value.message)
    assert bad.value.field == "email"
    # Another role for the same address is a separate invitation.
    assert invite(event, admin, role=Role.CHECKIN).role == Role.CHECKIN


# --- Accepting as a new person ----------------------------------------------------------------


def test_a_new_person_sets_a_password_joins_and_an_admin_is_sent_to_pair_an_app(event, admin):
    invite(event, admin, role=Role.ADMIN)
    link = sent_link()
    browser = Client()

    page = browser.get(link)
    assert page.status_code == 200
    assert "Join the organizing team of Unity Summit" in page.content.decode()
    assert "This role needs two-factor sign-in" in page.content.decode()
    assert page["Cache-Control"] == "no-store"
    assert page["Referrer-Policy"] == "no-referrer"

    answer = browser.post(
        link,
        {
            "first_name": "Omar",
            "last_name": "Said",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )

    assert answer.status_code == 302
    assert answer["Location"] == "/manage/two-factor/setup/?next=%2Fmanage%2Funity%2F"
    user = get_user_model().objects.get(email="new.person@example.org")
    assert user.check_password(NEW_PASSWORD)
    assert user.get_full_name() == "Omar Said"
    assert TeamMembership.objects.filter(event=event, user=user, role=Role.ADMIN).exists()
    invitation = TeamInvitation.objects.get()
    assert invitation.accepted_by == user
    entry = AuditEntry.objects.get(action="team.invitation_accepted")
    assert entry.actor_user == user
    # Signed in, but no organizer page opens before an app is paired.
    assert browser.get("/manage/unity/")["Location"].startswith("/manage/two-factor/setup/")
    setup = browser.get(answer["Location"])
    assert setup.status_code == 200
    device = user.totpdevice_set.get(confirmed=False)
    paired = browser.post(answer["Location"], {"code": current_code(device)})
    assert paired.status_code == 200  # the recovery codes, once
    assert browser.get("/manage/unity/settings/team/").status_code == 200


def test_a_programme_role_needs_no_second_factor_and_lands_on_the_dashboard(event, admin):
    invite(event, admin, role=Role.PROGRAMME)
    browser = Client()

    answer = browser.post(
        sent_link(),
        {
            "first_name": "Ana",
            "last_name": "Ruiz",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )

    assert answer["Location"] == "/manage/unity/"
    assert browser.get("/manage/unity/").status_code == 200


@pytest.mark.parametrize(
    ("password1", "password2", "field", "message"),
    [
        ("short", "short", "password1", "This password is too short."),
        ("123456789012345", "123456789012345", "password1", "This password is entirely numeric."),
        ("password12345", "password12345", "password1", "This password is too common."),
        (NEW_PASSWORD, NEW_PASSWORD + "x", "password2", "The two passwords are not the same."),
    ],
)
def test_a_weak_or_mistyped_password_is_refused_beside_its_field(
    event, admin, password1, password2, field, message
):
    invite(event, admin)
    browser = Client()

    answer = browser.post(
        sent_link(),
        {"first_name": "Ana", "last_name": "Ruiz", "password1": password1, "password2": password2},
    )

    assert answer.status_code == 400
    assert message in answer.content.decode()
    assert answer.context["form"].errors[field]
    assert not get_user_model().objects.filter(email="new.person@example.org").exists()
    assert TeamInvitation.objects.get().accepted_at is None


def test_the_names_are_required_and_said_so_in_french(event, admin):
    invite(event, admin)

    answer = Client().post(
        sent_link(),
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        headers={"accept-language": "fr"},
    )

    assert answer.status_code == 400
    assert answer.context["form"].errors["first_name"] == ["Ce champ est obligatoire."]


# --- Accepting with an existing account -----------------------------------------------------


def test_an_existing_account_signs_in_then_joins(event, admin):
    person = UserFactory(username="omar", email="Omar@Example.org")
    invite(event, admin, email="omar@example.org", role=Role.CHECKIN)
    link = sent_link("omar@example.org")
    browser = Client()

    page = browser.get(link)
    assert "This address already has an account" in page.content.decode()
    assert "password1" not in page.content.decode()
    refused = browser.post(link)  # not signed in: nothing happens
    assert refused.status_code == 400
    assert "sign in to accept" in refused.content.decode()
    assert not TeamMembership.objects.filter(user=person).exists()

    signed_in = browser.post(
        f"/manage/login/?next={link}", {"username": "omar", "password": PASSWORD}
    )
    assert signed_in["Location"] == link
    joined = browser.post(link)

    assert joined["Location"] == "/manage/unity/"
    assert TeamMembership.objects.filter(event=event, user=person, role=Role.CHECKIN).exists()
    assert get_user_model().objects.filter(email__iexact="omar@example.org").count() == 1


def test_another_signed_in_account_cannot_take_the_invitation(event, admin):
    UserFactory(username="omar", email="omar@example.org")
    invite(event, admin, email="omar@example.org", role=Role.CHECKIN)
    intruder = UserFactory(username="intruder")
    browser = Client()
    browser.force_login(intruder)

    page = browser.get(sent_link("omar@example.org"))
    posted = browser.post(sent_link("omar@example.org"))

    assert "You are signed in with another account" in page.content.decode()
    assert posted.status_code == 400
    assert "This invitation is for omar@example.org" in posted.content.decode()
    assert not TeamMembership.objects.filter(user=intruder).exists()


# --- Links that no longer work -------------------------------------------------------------


def accept_new(link: str, client=None):
    return (client or Client()).post(
        link,
        {"first_name": "A", "last_name": "B", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )


def test_a_used_link_answers_410_and_makes_no_second_member(event, admin):
    invite(event, admin)
    link = sent_link()
    accept_new(link)

    again = Client().get(link)
    posted = accept_new(link)

    assert again.status_code == 410
    assert "This invitation was already accepted." in again.content.decode()
    assert posted.status_code == 410
    assert TeamMembership.objects.filter(event=event).count() == 2  # the admin and the new one


def test_an_expired_link_answers_410_and_says_to_ask_again(event, admin):
    invitation = invite(event, admin)
    TeamInvitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )

    page = Client().get(sent_link())
    posted = accept_new(sent_link())

    assert page.status_code == 410
    assert "This invitation has expired. Ask the summit&#x27;s administrators" in (
        page.content.decode()
    )
    assert posted.status_code == 410
    assert not get_user_model().objects.filter(email="new.person@example.org").exists()


def test_a_cancelled_link_answers_410_and_its_unsent_email_is_dropped(event, admin):
    invitation = invite(event, admin)
    link = sent_link()

    team_invitation_revoke(event=event, invitation_id=invitation.pk, actor=Actor(label="lead"))

    assert Client().get(link).status_code == 410
    assert Message.objects.get(kind="team.invitation").status == Status.CANCELLED
    assert AuditEntry.objects.filter(action="team.invitation_cancelled").count() == 1


def test_an_unknown_link_is_404(event, admin):
    invite(event, admin)

    assert Client().get("/manage/invitations/not-a-real-secret/").status_code == 404


def test_resending_makes_a_new_link_and_the_old_one_stops_working(event, admin):
    invitation = invite(event, admin)
    old = sent_link()
    TeamInvitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(days=1)
    )

    team_invitation_resend(event=event, invitation_id=invitation.pk, actor=Actor(label="lead"))

    new = sent_link()
    assert new != old
    assert Message.objects.filter(kind="team.invitation").count() == 2
    assert Client().get(old).status_code == 404
    assert Client().get(new).status_code == 200
    assert accept_new(new).status_code == 302


def test_an_accepted_invitation_cannot_be_sent_again_or_cancelled(event, admin):
    invitation = invite(event, admin)
    accept_new(sent_link())

    with pytest.raises(ConflictError):
        team_invitation_resend(event=event, invitation_id=invitation.pk, actor=Actor(label="x"))
    with pytest.raises(ConflictError):
        team_invitation_revoke(event=event, invitation_id=invitation.pk, actor=Actor(label="x"))


def test_accepting_twice_in_the_service_makes_one_member(event, admin):
    invitation = invite(event, admin, email="omar@example.org")
    person = UserFactory(username="omar", email="omar@example.org")

    team_invitation_accept(invitation_id=invitation.pk, actor=Actor(label="omar"), user=person)
    with pytest.raises(InvitationGone) as second:
        team_invitation_accept(invitation_id=invitation.pk, actor=Actor(label="omar"), user=person)

    assert second.value.invitation_status == "accepted"
    assert TeamMembership.objects.filter(user=person).count() == 1
