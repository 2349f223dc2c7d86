"""Registrants' photos: one audited service behind every URL that shows one."""

import io

import pytest
from django.core.files.base import ContentFile
from PIL import Image

from events.audit.models import AuditEntry
from events.teams.models import Role
from events.teams.services import team_member_add
from tests.factories import UserFactory
from tests.registrations.checkin_fixtures import approved, make_summit

pytestmark = pytest.mark.django_db


def jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 50), (200, 10, 10)).save(buffer, format="JPEG")
    return buffer.getvalue()


@pytest.fixture
def summit():
    return make_summit()


@pytest.fixture
def amina(summit):
    registration, _code = approved(summit, first_name="Amina")
    registration.photo.save("photo.jpg", ContentFile(jpeg()), save=True)
    return registration


def fetch(how: str, *, summit, registration, api_client, client):
    if how == "checkin-api":
        return api_client.get(
            f"/api/v1/events/{summit.event.slug}/registrations/{registration.reference}/photo.jpg",
            **summit.bearer(Role.CHECKIN),
        )
    if how == "organizer-page":
        staff = UserFactory()
        team_member_add(event=summit.event, user=staff, role=Role.ACCREDITATION)
        client.force_login(staff)
        return client.get(
            f"/manage/{summit.event.slug}/registrations/{registration.reference}/photo.jpg"
        )
    return client.get(f"/me/{registration.secret_token}/photo.jpg")


WAYS = ["checkin-api", "organizer-page", "registrant"]


def body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


@pytest.mark.parametrize("how", WAYS)
def test_every_photo_url_answers_no_store_and_writes_one_audit_entry(
    api_client, client, summit, amina, how
):
    response = fetch(how, summit=summit, registration=amina, api_client=api_client, client=client)

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert "no-store" in response["Cache-Control"]
    assert "max-age" not in response["Cache-Control"]
    with amina.photo.open("rb") as stored:
        assert body(response) == stored.read()
    entry = AuditEntry.objects.get(action="photo.viewed")
    assert entry.object_id == amina.reference
    assert entry.data == {"via": how}


def test_the_audit_entry_names_the_token_that_looked(api_client, client, summit, amina):
    fetch("checkin-api", summit=summit, registration=amina, api_client=api_client, client=client)

    entry = AuditEntry.objects.get(action="photo.viewed")
    assert entry.actor_token.role == Role.CHECKIN


@pytest.mark.parametrize("how", WAYS)
def test_no_photo_is_a_404_and_no_audit_entry(api_client, client, summit, how):
    registration, _code = approved(summit)

    response = fetch(
        how, summit=summit, registration=registration, api_client=api_client, client=client
    )

    assert response.status_code == 404
    assert not AuditEntry.objects.filter(action="photo.viewed").exists()
