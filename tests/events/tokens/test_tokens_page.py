"""The tokens page: issue a named token (its key shown once), the list, revoke."""

import pytest

from events.audit.models import AuditEntry
from events.teams.models import Role
from events.teams.services import team_member_add
from events.tokens.models import ApiToken, api_token_digest
from events.tokens.services import api_token_issue
from tests.conftest import OrganizerClient
from tests.factories import EventFactory, UserFactory

pytestmark = pytest.mark.django_db

TOKENS = "/manage/unity/settings/tokens/"


@pytest.fixture
def event():
    return EventFactory(slug="unity", name={"en": "Unity Summit"})


@pytest.fixture
def browser(event):
    lead = UserFactory(first_name="Leila", last_name="Haddad")
    team_member_add(event=event, user=lead, role=Role.ADMIN)
    client = OrganizerClient()
    client.force_login(lead)
    return client


@pytest.mark.parametrize("role", [Role.ACCREDITATION, Role.CHECKIN, Role.PROGRAMME])
def test_only_admins_open_the_tokens_page(event, role):
    user = UserFactory()
    team_member_add(event=event, user=user, role=role)
    client = OrganizerClient()
    client.force_login(user)

    assert client.get(TOKENS).status_code == 403
    assert client.post(TOKENS, {"label": "x", "role": "admin"}).status_code == 403
    assert not ApiToken.objects.exists()


def test_an_issued_token_is_shown_once_and_then_only_its_prefix(event, browser, api_client):
    answer = browser.post(TOKENS, {"label": "Gate 2 scanner", "role": "checkin", "offline": "on"})

    assert answer.status_code == 200
    assert answer["Cache-Control"].startswith("max-age=0")
    assert "no-store" in answer["Cache-Control"]
    raw = answer.context["issued"]["raw"]
    assert f'value="{raw}"' in answer.content.decode()
    assert "it is shown only this once" in answer.content.decode()
    token = ApiToken.objects.get()
    assert (token.label, token.role, token.offline) == ("Gate 2 scanner", "checkin", True)
    assert token.digest == api_token_digest(raw)
    assert token.created_by.get_full_name() == "Leila Haddad"
    assert AuditEntry.objects.get(action="token.issued").data["prefix"] == token.prefix

    later = browser.get(TOKENS).content.decode()
    assert raw not in later
    assert f"{token.prefix}…" in later
    assert "Leila Haddad" in later
    assert "never" in later
    # The key works.
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert api_client.get("/api/v1/events/unity/checkins/stats/").status_code == 200


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"role": "admin"}, "label", "This field is required."),
        ({"label": "Laptop", "role": "owner"}, "role", "Select a valid choice."),
        (
            {"label": "Laptop", "role": "admin", "offline": "on"},
            "offline",
            "Only check-in tokens can be offline devices.",
        ),
    ],
)
def test_a_bad_token_is_refused_beside_its_field(browser, data, field, message):
    answer = browser.post(TOKENS, data)

    assert answer.status_code == 400
    assert message in answer.context["form"].errors[field][0]
    assert answer.context["issued"] is None
    assert not ApiToken.objects.exists()


def test_revoking_asks_first_then_the_token_stops_working(event, browser, api_client):
    token, raw = api_token_issue(event=event, role=Role.ADMIN, label="Old laptop")
    url = f"{TOKENS}{token.pk}/revoke/"

    confirm = browser.get(url)
    assert confirm.status_code == 200
    assert "stops working at once" in confirm.content.decode()
    token.refresh_from_db()
    assert token.is_active

    revoked = browser.post(url)

    assert revoked["Location"] == TOKENS
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert "revoked" in browser.get(TOKENS).content.decode()
    assert AuditEntry.objects.get(action="token.revoked").object_id == str(token.pk)
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    refused = api_client.get("/api/v1/events/unity/tokens/")
    assert refused.status_code == 401
    assert refused.json()["detail"] == "This API token has been revoked."


def test_a_token_of_another_event_cannot_be_revoked_here(browser):
    elsewhere, _raw = api_token_issue(event=EventFactory(slug="elsewhere"), role=Role.ADMIN)

    assert browser.post(f"{TOKENS}{elsewhere.pk}/revoke/").status_code == 404
    elsewhere.refresh_from_db()
    assert elsewhere.is_active
