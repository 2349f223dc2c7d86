"""The team API: members listed, an invitation by POST, a role changed, a member removed."""

import re

import pytest
from django.test import Client
from django.utils import timezone

from events.audit.models import AuditEntry
from events.audit.services import Actor
from events.teams.invitations import team_invitation_accept, team_invitation_create
from events.teams.models import Role, TeamInvitation, TeamMembership
from events.teams.services import team_member_add
from events.tokens.models import ApiToken
from notifications.models import Message
from tests.conftest import OrganizerClient
from tests.factories import UserFactory
from tests.registrations.checkin_fixtures import make_summit

pytestmark = pytest.mark.django_db


@pytest.fixture
def summit():
    return make_summit("unity")


@pytest.fixture
def lead(summit):
    user = UserFactory(first_name="Leila", last_name="Haddad", email="leila@example.org")
    return team_member_add(event=summit.event, user=user, role=Role.ADMIN)


@pytest.fixture
def admin(api_client, summit):
    api_client.credentials(**summit.bearer(Role.ADMIN))
    return api_client


TEAM = "/api/v1/events/unity/team/"


def summit_admin_prefix(summit) -> str:
    return ApiToken.objects.get(event=summit.event, label="admin device").prefix


@pytest.mark.parametrize("role", [Role.ACCREDITATION, Role.CHECKIN, Role.PROGRAMME])
def test_other_roles_are_refused(api_client, summit, lead, role):
    api_client.credentials(**summit.bearer(role))

    assert api_client.get(TEAM).status_code == 403
    assert (
        api_client.post(TEAM, {"email": "a@b.org", "role": "admin"}, format="json").status_code
        == 403
    )
    assert api_client.delete(f"{TEAM}{lead.pk}/").status_code == 403
    assert TeamMembership.objects.filter(pk=lead.pk).exists()


def test_members_are_listed_one_row_per_role_in_pages(admin, summit, lead):
    team_member_add(event=summit.event, user=lead.user, role=Role.PROGRAMME)

    body = admin.get(TEAM).json()

    assert body["count"] == 2
    assert body["results"][0] == {
        "id": lead.pk,
        "person": lead.user.pk,
        "name": "Leila Haddad",
        "email": "leila@example.org",
        "role": "admin",
        "joined": body["results"][0]["joined"],
    }
    assert [row["role"] for row in body["results"]] == ["admin", "programme"]
    assert admin.get(f"{TEAM}{lead.pk}/").json() == body["results"][0]


def test_post_invites_and_answers_the_invitation_not_a_member(admin, summit):
    response = admin.post(TEAM, {"email": "ana@example.org", "role": "checkin"}, format="json")

    assert response.status_code == 201, response.json()
    invitation = TeamInvitation.objects.get()
    assert response.json() == {
        "id": invitation.pk,
        "email": "ana@example.org",
        "role": "checkin",
        "status": "pending",
        "invited_by": invitation.invited_by_label,
        "expires_at": response.json()["expires_at"],
        "created_at": response.json()["created_at"],
    }
    assert invitation.invited_by_label == f"API token {summit_admin_prefix(summit)}…"
    assert Message.objects.filter(kind="team.invitation", recipient="ana@example.org").exists()
    assert admin.get(TEAM).json()["count"] == 0  # pending invitations are not members
    assert "token" not in response.json()


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        ({"role": "admin"}, {"email": ["This field is required."]}),
        ({"email": "nope", "role": "admin"}, {"email": ["Enter a valid email address."]}),
        ({"email": "a@b.org", "role": "king"}, {"role": ['"king" is not a valid choice.']}),
        ({"email": 7, "role": "admin"}, {"email": ["Enter a valid email address."]}),
    ],
)
def test_a_bad_invitation_names_the_field(admin, body, errors):
    response = admin.post(TEAM, body, format="json")

    assert response.status_code == 400
    assert response.json() == errors
    assert not TeamInvitation.objects.exists()


def test_inviting_an_address_twice_names_the_email(admin):
    admin.post(TEAM, {"email": "ana@example.org", "role": "checkin"}, format="json")

    response = admin.post(TEAM, {"email": "ana@example.org", "role": "checkin"}, format="json")

    assert response.status_code == 400
    assert "already invited with this role" in response.json()["email"][0]


def test_patch_changes_the_role_and_delete_removes_it(admin, summit, lead):
    omar = team_member_add(event=summit.event, user=UserFactory(), role=Role.CHECKIN)

    changed = admin.patch(f"{TEAM}{omar.pk}/", {"role": "accreditation"}, format="json")
    removed = admin.delete(f"{TEAM}{omar.pk}/")

    assert changed.status_code == 200
    assert changed.json()["role"] == "accreditation"
    assert removed.status_code == 204
    assert admin.get(f"{TEAM}{omar.pk}/").status_code == 404
    assert [entry.action for entry in AuditEntry.objects.order_by("pk")] == [
        "team.role_changed",
        "team.member_removed",
    ]


def test_a_bad_role_names_the_field(admin, lead):
    response = admin.patch(f"{TEAM}{lead.pk}/", {"role": "owner"}, format="json")

    assert response.status_code == 400
    assert response.json() == {"role": ['"owner" is not a valid choice.']}


def test_the_last_admin_is_kept_with_409(admin, lead):
    removed = admin.delete(f"{TEAM}{lead.pk}/")
    demoted = admin.patch(f"{TEAM}{lead.pk}/", {"role": "checkin"}, format="json")

    expected = {
        "detail": "Leila Haddad is the summit's last administrator. Make someone else an "
        "administrator first.",
        "code": "last_admin",
    }
    assert removed.status_code == 409
    assert removed.json() == expected
    assert demoted.status_code == 409
    assert demoted.json() == expected
    lead.refresh_from_db()
    assert lead.role == Role.ADMIN


def test_with_two_admins_one_may_go(admin, summit, lead):
    other = team_member_add(event=summit.event, user=UserFactory(), role=Role.ADMIN)

    assert admin.delete(f"{TEAM}{lead.pk}/").status_code == 204
    assert admin.delete(f"{TEAM}{other.pk}/").status_code == 409


def test_an_admin_session_may_use_it_too(summit, lead):
    client = OrganizerClient()
    client.force_login(lead.user)

    response = client.post(
        TEAM, {"email": "ana@example.org", "role": "programme"}, content_type="application/json"
    )

    assert response.status_code == 201
    assert TeamInvitation.objects.get().invited_by == lead.user
    assert response.json()["invited_by"] == "Leila Haddad"


def test_another_events_member_is_not_found(admin):
    elsewhere = make_summit("elsewhere")
    member = team_member_add(event=elsewhere.event, user=UserFactory(), role=Role.CHECKIN)

    assert admin.get(f"{TEAM}{member.pk}/").status_code == 404
    assert admin.delete(f"{TEAM}{member.pk}/").status_code == 404


# --- Invitations ----------------------------------------------------------------------------

INVITATIONS = f"{TEAM}invitations/"


def test_invitations_are_listed_apart_with_their_status(admin, summit):
    admin.post(TEAM, {"email": "ana@example.org", "role": "checkin"}, format="json")
    admin.post(TEAM, {"email": "omar@example.org", "role": "admin"}, format="json")
    TeamInvitation.objects.filter(email="omar@example.org").update(expires_at=timezone.now())

    body = admin.get(INVITATIONS).json()

    assert body["count"] == 2
    assert [(row["email"], row["status"]) for row in body["results"]] == [
        ("omar@example.org", "expired"),
        ("ana@example.org", "pending"),
    ]
    first = body["results"][0]
    assert admin.get(f"{INVITATIONS}{first['id']}/").json() == first


def test_delete_cancels_an_invitation_and_its_link_stops_working(admin, summit):
    created = admin.post(TEAM, {"email": "ana@example.org", "role": "checkin"}, format="json")
    message = Message.objects.get(kind="team.invitation")
    link = re.search(r"(/manage/invitations/[^/\s]+/)", message.body_text).group(1)

    deleted = admin.delete(f"{INVITATIONS}{created.json()['id']}/")

    assert deleted.status_code == 204
    assert admin.get(f"{INVITATIONS}{created.json()['id']}/").json()["status"] == "revoked"
    assert Client().get(link).status_code == 410


def test_an_accepted_invitation_cannot_be_cancelled(admin, summit):
    person = UserFactory(email="ana@example.org")
    created = admin.post(TEAM, {"email": "ana@example.org", "role": "checkin"}, format="json")
    team_invitation_accept(
        invitation_id=created.json()["id"], actor=Actor(label="ana"), user=person
    )

    response = admin.delete(f"{INVITATIONS}{created.json()['id']}/")

    assert response.status_code == 409
    assert response.json() == {
        "detail": "This invitation was already accepted: remove the member instead.",
        "code": "invitation_accepted",
    }


@pytest.mark.parametrize("role", [Role.ACCREDITATION, Role.CHECKIN, Role.PROGRAMME])
def test_other_roles_see_no_invitations(api_client, summit, role):
    api_client.credentials(**summit.bearer(role))

    assert api_client.get(INVITATIONS).status_code == 403


def test_another_events_invitation_is_not_found(admin):
    elsewhere = make_summit("elsewhere")
    invitation = team_invitation_create(
        event=elsewhere.event,
        email="x@example.org",
        role=Role.CHECKIN,
        actor=Actor.system(),
        language="en",
    )

    assert admin.get(f"{INVITATIONS}{invitation.pk}/").status_code == 404
    assert admin.delete(f"{INVITATIONS}{invitation.pk}/").status_code == 404
    invitation.refresh_from_db()
    assert invitation.revoked_at is None
