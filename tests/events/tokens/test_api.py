"""The tokens API: issue (the key answered once), list, rename, revoke (the row stays)."""

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from events.audit.models import AuditEntry
from events.teams.models import Role
from events.tokens.models import ApiToken, api_token_digest
from events.tokens.services import api_token_issue, api_token_mark_used
from tests.registrations.checkin_fixtures import make_summit

pytestmark = pytest.mark.django_db

TOKENS = "/api/v1/events/unity/tokens/"


@pytest.fixture
def summit():
    return make_summit("unity")


@pytest.fixture
def admin(api_client, summit):
    api_client.credentials(**summit.bearer(Role.ADMIN))
    return api_client


@pytest.mark.parametrize("role", [Role.ACCREDITATION, Role.CHECKIN, Role.PROGRAMME])
def test_other_roles_are_refused(api_client, summit, role):
    api_client.credentials(**summit.bearer(role))
    count = ApiToken.objects.count()

    assert api_client.get(TOKENS).status_code == 403
    assert (
        api_client.post(TOKENS, {"label": "x", "role": "admin"}, format="json").status_code == 403
    )
    assert ApiToken.objects.count() == count


def test_post_issues_a_token_whose_key_is_answered_once_and_works(admin, api_client, summit):
    response = admin.post(
        TOKENS, {"label": "Gate 2", "role": "checkin", "offline": True}, format="json"
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    token = ApiToken.objects.get(label="Gate 2")
    assert token.digest == api_token_digest(body["token"])
    assert body == {
        "id": token.pk,
        "label": "Gate 2",
        "role": "checkin",
        "offline": True,
        "prefix": token.prefix,
        "active": True,
        "created_by": None,  # a token issued it, not a person
        "created_at": body["created_at"],
        "last_used_at": None,
        "revoked_at": None,
        "token": body["token"],
    }
    again = admin.get(f"{TOKENS}{token.pk}/").json()
    assert "token" not in again
    assert body["token"] not in str(admin.get(TOKENS).json())
    assert AuditEntry.objects.get(action="token.issued").actor_token is not None
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {body['token']}")
    assert api_client.get("/api/v1/events/unity/checkins/stats/").status_code == 200


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        ({"role": "admin"}, {"label": ["This field is required."]}),
        ({"label": "   ", "role": "admin"}, {"label": ["This field may not be blank."]}),
        ({"label": "x", "role": "root"}, {"role": ['"root" is not a valid choice.']}),
        (
            {"label": "x", "role": "admin", "offline": "yes"},
            {"offline": ["Must be true or false (a JSON boolean)."]},
        ),
        (
            {"label": "x", "role": "admin", "offline": True},
            {"offline": ["Only check-in tokens can be offline devices."]},
        ),
        (
            {"label": "x" * 121, "role": "admin"},
            {"label": ["Ensure this field has no more than 120 characters."]},
        ),
    ],
)
def test_a_bad_token_names_the_field(admin, body, errors):
    count = ApiToken.objects.count()

    response = admin.post(TOKENS, body, format="json")

    assert response.status_code == 400
    assert response.json() == errors
    assert ApiToken.objects.count() == count


def test_the_list_shows_every_token_with_its_last_use(admin, summit):
    used = ApiToken.objects.get(event=summit.event, label="checkin device")
    api_token_mark_used(token_id=used.pk, used_at=timezone.now())

    body = admin.get(f"{TOKENS}?page_size=100").json()

    assert body["count"] == ApiToken.objects.filter(event=summit.event).count() == 5
    assert {row["role"] for row in body["results"]} == set(Role.values)
    used_row = next(row for row in body["results"] if row["id"] == used.pk)
    assert used_row["last_used_at"] is not None
    unused_row = next(row for row in body["results"] if row["label"] == "programme device")
    assert unused_row["last_used_at"] is None
    assert all("token" not in row for row in body["results"])


def test_patch_renames_and_leaves_the_role(admin, summit):
    token, _raw = api_token_issue(event=summit.event, role=Role.CHECKIN, label="Gate 1")

    response = admin.patch(
        f"{TOKENS}{token.pk}/", {"label": "Gate 1 (north)", "role": "admin"}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["label"] == "Gate 1 (north)"
    assert response.json()["role"] == "checkin"
    token.refresh_from_db()
    assert (token.label, token.role) == ("Gate 1 (north)", "checkin")
    assert AuditEntry.objects.get(action="token.renamed").data["to"] == "Gate 1 (north)"


def test_delete_revokes_the_row_stays_and_the_token_is_refused(admin, api_client, summit):
    token, raw = api_token_issue(event=summit.event, role=Role.CHECKIN, label="Lost phone")

    deleted = admin.delete(f"{TOKENS}{token.pk}/")
    shown = admin.get(f"{TOKENS}{token.pk}/")
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    refused = api_client.get("/api/v1/events/unity/checkins/stats/")

    assert deleted.status_code == 204
    assert shown.status_code == 200
    assert shown.json()["active"] is False
    assert shown.json()["revoked_at"] is not None
    assert refused.status_code == 401
    assert refused.json()["detail"] == "This API token has been revoked."
    assert AuditEntry.objects.filter(action="token.revoked").count() == 1


@pytest.mark.redis
def test_a_revoked_token_is_refused_at_once_with_the_shared_cache(admin, summit):
    token, raw = api_token_issue(event=summit.event, role=Role.CHECKIN, label="Lost phone")
    device = APIClient()
    device.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert device.get("/api/v1/events/unity/checkins/stats/").status_code == 200  # now cached

    assert admin.delete(f"{TOKENS}{token.pk}/").status_code == 204

    assert device.get("/api/v1/events/unity/checkins/stats/").status_code == 401


def test_another_events_token_is_not_found(admin):
    elsewhere = make_summit("elsewhere")
    token = ApiToken.objects.filter(event=elsewhere.event).first()

    assert admin.get(f"{TOKENS}{token.pk}/").status_code == 404
    assert admin.delete(f"{TOKENS}{token.pk}/").status_code == 404
    token.refresh_from_db()
    assert token.is_active
