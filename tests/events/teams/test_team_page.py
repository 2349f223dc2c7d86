"""The team page: members and their roles, invitations, role changes and removals."""

import pytest
from django.contrib.messages import get_messages

from events.audit.models import AuditEntry
from events.teams.models import Role, TeamInvitation, TeamMembership
from events.teams.services import team_member_add
from notifications.models import Message
from tests.conftest import OrganizerClient
from tests.factories import EventFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    return EventFactory(slug="unity", name={"en": "Unity Summit"})


def member(event, role, **fields):
    user = UserFactory(**fields)
    return team_member_add(event=event, user=user, role=role)


@pytest.fixture
def lead(event):
    return member(event, Role.ADMIN, first_name="Leila", last_name="Haddad")


@pytest.fixture
def browser(lead):
    client = OrganizerClient()
    client.force_login(lead.user)
    return client


TEAM = "/manage/unity/settings/team/"


def flashed(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.mark.parametrize("role", [Role.ACCREDITATION, Role.CHECKIN, Role.PROGRAMME])
def test_only_admins_open_the_team_page(event, role):
    other = member(event, role)
    client = OrganizerClient()
    client.force_login(other.user)

    assert client.get(TEAM).status_code == 403
    assert client.post(TEAM, {"email": "x@example.org", "role": "admin"}).status_code == 403
    assert not TeamInvitation.objects.exists()


def test_the_page_lists_people_with_each_of_their_roles_and_the_pending_invitations(
    event, lead, browser
):
    omar = member(event, Role.CHECKIN, first_name="Omar", last_name="Said", email="omar@x.org")
    team_member_add(event=event, user=omar.user, role=Role.PROGRAMME)
    browser.post(TEAM, {"email": "ana@example.org", "role": "accreditation"})

    page = browser.get(TEAM)

    html = page.content.decode()
    assert page.status_code == 200
    assert '<bdi>Omar Said</bdi><br><span class="meta"><bdi dir="ltr">omar@x.org</bdi>' in html
    assert 'rowspan="2"' in html  # one person, two roles
    assert html.count('name="role"') == 3 + 1  # one role form per membership, and the invite
    assert '<bdi dir="ltr">ana@example.org</bdi>' in html
    assert "Accreditation officer" in html
    assert 'aria-current="page">Team</a>' in html


def test_an_admin_invites_a_person_and_the_email_is_queued(event, browser):
    answer = browser.post(TEAM, {"email": "ana@example.org", "role": "checkin"})

    assert answer.status_code == 302
    assert flashed(answer) == ["An invitation is on its way to ana@example.org."]
    invitation = TeamInvitation.objects.get()
    assert (invitation.email, invitation.role, invitation.invited_by_label) == (
        "ana@example.org",
        "checkin",
        "Leila Haddad",
    )
    assert Message.objects.filter(kind="team.invitation", recipient="ana@example.org").exists()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"email": "not-an-address", "role": "admin"}, "email", "Enter a valid email address."),
        ({"email": "a@example.org", "role": "king"}, "role", "Select a valid choice."),
        ({"role": "admin"}, "email", "This field is required."),
    ],
)
def test_a_bad_invitation_is_refused_beside_its_field(browser, data, field, message):
    answer = browser.post(TEAM, data)

    assert answer.status_code == 400
    assert message in answer.context["form"].errors[field][0]
    assert not TeamInvitation.objects.exists()


def test_inviting_the_same_address_twice_says_to_send_it_again(browser):
    browser.post(TEAM, {"email": "ana@example.org", "role": "checkin"})

    answer = browser.post(TEAM, {"email": "Ana@example.org", "role": "checkin"})

    assert answer.status_code == 400
    assert "already invited with this role" in answer.context["form"].errors["email"][0]
    assert TeamInvitation.objects.count() == 1


def test_an_invitation_is_sent_again_or_cancelled_after_a_confirmation(event, browser):
    browser.post(TEAM, {"email": "ana@example.org", "role": "checkin"})
    invitation = TeamInvitation.objects.get()
    base = f"{TEAM}invitations/{invitation.pk}"

    resent = browser.post(f"{base}/resend/")
    confirm = browser.get(f"{base}/cancel/")
    still_pending = TeamInvitation.objects.get().revoked_at is None
    cancelled = browser.post(f"{base}/cancel/")

    assert resent.status_code == 302
    assert Message.objects.filter(kind="team.invitation").count() == 2
    assert confirm.status_code == 200
    assert "stops working" in confirm.content.decode()
    assert still_pending
    assert cancelled.status_code == 302
    assert TeamInvitation.objects.get().revoked_at is not None
    assert flashed(cancelled) == ["The invitation of ana@example.org is cancelled."]
    assert "No invitation is waiting for an answer." in browser.get(TEAM).content.decode()


def test_an_admin_changes_a_role(event, browser):
    omar = member(event, Role.CHECKIN, first_name="Omar", last_name="Said")

    answer = browser.post(f"{TEAM}{omar.pk}/role/", {"role": "accreditation"})

    omar.refresh_from_db()
    assert omar.role == Role.ACCREDITATION
    assert flashed(answer) == ["Omar Said is now Accreditation officer."]
    assert AuditEntry.objects.get(action="team.role_changed").data == {
        "user": omar.user.username,
        "from": "checkin",
        "to": "accreditation",
    }


def test_a_role_the_person_already_holds_is_refused(event, browser):
    omar = member(event, Role.CHECKIN, first_name="Omar", last_name="Said")
    team_member_add(event=event, user=omar.user, role=Role.PROGRAMME)

    answer = browser.post(f"{TEAM}{omar.pk}/role/", {"role": "programme"}, follow=True)

    assert "Omar Said already holds this role." in answer.content.decode()
    assert TeamMembership.objects.filter(user=omar.user).count() == 2


def test_removing_a_member_asks_first_then_removes_that_role_only(event, browser):
    omar = member(event, Role.CHECKIN, first_name="Omar", last_name="Said")
    kept = team_member_add(event=event, user=omar.user, role=Role.PROGRAMME)
    url = f"{TEAM}{omar.pk}/remove/"

    confirm = browser.get(url)
    assert confirm.status_code == 200
    assert "will no longer be Check-in staff" in confirm.content.decode()
    assert TeamMembership.objects.filter(pk=omar.pk).exists()

    removed = browser.post(url)

    assert removed["Location"] == TEAM
    assert not TeamMembership.objects.filter(pk=omar.pk).exists()
    assert TeamMembership.objects.filter(pk=kept.pk).exists()
    assert AuditEntry.objects.get(action="team.member_removed").data["role"] == "checkin"


def test_the_last_admin_can_be_neither_removed_nor_demoted(event, lead, browser):
    removed = browser.post(f"{TEAM}{lead.pk}/remove/", follow=True)
    demoted = browser.post(f"{TEAM}{lead.pk}/role/", {"role": "checkin"}, follow=True)

    refusal = (
        "Leila Haddad is the summit&#x27;s last administrator. Make someone else an "
        "administrator first."
    )
    assert refusal in removed.content.decode()
    assert refusal in demoted.content.decode()
    lead.refresh_from_db()
    assert lead.role == Role.ADMIN


def test_an_admin_may_leave_when_another_admin_remains_and_is_warned_first(event, lead, browser):
    member(event, Role.ADMIN)
    url = f"{TEAM}{lead.pk}/remove/"

    confirm = browser.get(url)
    left = browser.post(url)

    assert "You are about to give up your own role" in confirm.content.decode()
    assert left["Location"] == "/manage/"
    assert not TeamMembership.objects.filter(pk=lead.pk).exists()
    assert browser.get(TEAM).status_code == 403


def test_another_events_member_cannot_be_changed_from_this_page(browser):
    elsewhere = member(EventFactory(slug="elsewhere"), Role.CHECKIN)

    assert browser.post(f"{TEAM}{elsewhere.pk}/remove/").status_code == 404
    assert browser.post(f"{TEAM}{elsewhere.pk}/role/", {"role": "admin"}).status_code == 404
    assert TeamMembership.objects.filter(pk=elsewhere.pk, role=Role.CHECKIN).exists()
