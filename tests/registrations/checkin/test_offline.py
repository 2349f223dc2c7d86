"""Scanners without network: the offline package, and uploading what they scanned."""

import json
from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from events.audit.models import AuditEntry
from events.audit.services import Actor
from events.teams.models import Role
from registrations.badges.services import badge_reissue
from registrations.checkin.models import CheckInConflict, CheckInScan, ZonePresence
from registrations.registration.services import registration_revoke
from tests.factories import RegistrationFactory
from tests.registrations.checkin_fixtures import OFFLINE_DEVICE, approved, make_summit

pytestmark = pytest.mark.django_db


@pytest.fixture
def summit():
    return make_summit()


def upload(api_client, summit, scans, role=Role.CHECKIN, token_of=None):
    return api_client.post(
        summit.url("checkins/offline-upload/"),
        {"scans": scans},
        format="json",
        **(token_of or summit).bearer(role),
    )


def item(client_id, code, minutes_ago, *, result="accepted", direction="in", zone="plenary"):
    return {
        "client_scan_id": client_id,
        "code": code,
        "zone": zone,
        "direction": direction,
        "scanned_at": (timezone.now() - timedelta(minutes=minutes_ago)).isoformat(),
        "result": result,
    }


def test_the_package_has_the_key_the_current_versions_and_what_is_revoked(api_client, summit):
    keeper, _code = approved(summit, first_name="Keeper")
    lost, _code = approved(summit)
    badge_reissue(registration_id=lost.pk, actor=Actor.system(), reason="Lost")
    gone, _code = approved(summit)
    registration_revoke(registration_id=gone.pk, actor=Actor.system())
    RegistrationFactory(event=summit.event, category=summit.delegate)  # pending

    data = package(api_client, summit).json()

    assert data["public_key"]["algorithm"] == "Ed25519"
    versions = {row["id"]: row["version"] for row in data["registrations"]}
    assert versions == {keeper.pk: 1, lost.pk: 2}
    row = next(row for row in data["registrations"] if row["id"] == keeper.pk)
    assert row["name"].startswith("Keeper")
    assert "email" not in row
    assert "phone" not in row
    revoked = {row["id"]: row["versions"] for row in data["revoked"]}
    assert revoked == {lost.pk: [1], gone.pk: [1]}
    assert {row["status"] for row in data["not_admitted"]} == {"revoked", "pending"}
    assert {zone["slug"] for zone in data["zones"]} == {"plenary", "vip-lounge"}


def test_the_package_needs_the_checkin_role(api_client, summit):
    url = summit.url("checkins/offline-package/")
    assert api_client.get(url, **summit.bearer(Role.PROGRAMME)).status_code == 403
    assert api_client.get(url).status_code == 401


def test_an_upload_records_scans_at_their_time_and_is_idempotent(api_client, summit):
    registration, code = approved(summit)
    scans = [item("dev1-1", code, 30), item("dev1-2", "garbage", 20, result="invalid")]

    first = upload(api_client, summit, scans).json()
    second = upload(api_client, summit, scans).json()

    assert first["recorded"] == 2
    assert first["duplicates"] == 0
    assert [row["result"] for row in first["results"]] == ["accepted", "invalid"]
    assert second["recorded"] == 0
    assert second["duplicates"] == 2
    assert CheckInScan.objects.count() == 2
    scan = CheckInScan.objects.get(nonce="dev1-1")
    assert scan.offline
    assert scan.device_result == "accepted"
    assert abs((timezone.now() - scan.scanned_at) - timedelta(minutes=30)) < timedelta(seconds=5)
    presence = ZonePresence.objects.get(registration=registration)
    assert presence.first_checked_in_at == scan.scanned_at


def test_two_devices_admitting_one_badge_offline_is_a_conflict(api_client, summit, client):
    registration, code = approved(summit)
    other_device = summit.tokens[Role.ADMIN]

    upload(api_client, summit, [item("a-1", code, 30)])
    answer = api_client.post(
        summit.url("checkins/offline-upload/"),
        {"scans": [item("b-1", code, 10)]},
        format="json",
        HTTP_AUTHORIZATION=f"Bearer {other_device}",
    ).json()

    assert answer["conflicts"] == 1
    assert answer["results"][0]["result"] == "already_checked_in"
    conflict = CheckInConflict.objects.get()
    assert conflict.kind == "double_admission"
    assert conflict.registration == registration
    assert conflict.earlier_scan.nonce == "a-1"
    assert conflict.scan.nonce == "b-1"
    stats = api_client.get(summit.url("checkins/stats/"), **summit.bearer()).json()
    assert stats["conflicts"] == 1


def test_an_exit_between_two_offline_entries_is_no_conflict(api_client, summit):
    _registration, code = approved(summit)

    answer = upload(
        api_client,
        summit,
        [
            item("a-1", code, 30),
            item("a-2", code, 25, direction="out"),
            item("b-1", code, 10),
        ],
    ).json()

    assert answer["conflicts"] == 0
    assert [row["result"] for row in answer["results"]] == ["accepted", "accepted", "accepted"]
    assert ZonePresence.objects.get().is_inside


def test_a_late_upload_of_an_earlier_admission_is_also_a_conflict(api_client, summit):
    _registration, code = approved(summit)
    api_client.post(summit.url(), {"code": code}, format="json", **summit.bearer())  # online

    answer = upload(api_client, summit, [item("late-1", code, 45)]).json()

    assert answer["conflicts"] == 1
    presence = ZonePresence.objects.get()
    assert presence.first_device == "checkin device"
    assert presence.first_checked_in_at < timezone.now() - timedelta(minutes=40)


def test_admitting_offline_what_the_server_refuses_is_a_conflict(api_client, summit):
    registration, code = approved(summit)
    registration_revoke(registration_id=registration.pk, actor=Actor.system())

    answer = upload(api_client, summit, [item("r-1", code, 5)]).json()

    assert answer["results"][0]["result"] == "revoked"
    assert CheckInConflict.objects.get().kind == "refused_by_server"


@pytest.mark.parametrize(
    "scans",
    [
        [],
        [{"code": "x"}],
        [{"client_scan_id": "1", "code": "x", "scanned_at": "yesterday"}],
        [{"client_scan_id": "1", "code": "x", "scanned_at": "2999-01-01T00:00:00Z"}],
        [
            {
                "client_scan_id": "1",
                "code": "x",
                "scanned_at": "2026-01-01T00:00:00Z",
                "zone": "nowhere",
            }
        ],
    ],
)
def test_a_malformed_upload_is_refused_whole(api_client, summit, scans):
    assert upload(api_client, summit, scans).status_code == 400
    assert not CheckInScan.objects.exists()


def test_the_dashboard_lists_conflicts_for_organizers(api_client, summit, client):
    from events.teams.services import team_member_add
    from tests.factories import UserFactory

    registration, code = approved(summit)
    upload(api_client, summit, [item("a-1", code, 30)])
    api_client.post(
        summit.url("checkins/offline-upload/"),
        {"scans": [item("b-1", code, 10)]},
        format="json",
        HTTP_AUTHORIZATION=f"Bearer {summit.tokens[Role.ADMIN]}",
    )
    organizer = UserFactory()
    team_member_add(event=summit.event, user=organizer, role=Role.CHECKIN)
    client.force_login(organizer)

    page = client.get(f"/manage/{summit.event.slug}/checkin/dashboard/").content.decode()

    assert "Admitted twice" in page
    assert registration.reference in page
    assert "admin device" in page


# --- A client scan id is bound to what it was sent with -------------------------------------


def test_an_upload_reusing_a_client_scan_id_with_another_code_refuses_that_item_only(
    api_client, summit
):
    _registration, code = approved(summit)
    _other, other_code = approved(summit)
    upload(api_client, summit, [item("dev1-1", code, 30)])

    response = upload(
        api_client, summit, [item("dev1-1", other_code, 20), item("dev1-2", other_code, 10)]
    )

    assert response.status_code == 200
    data = response.json()
    refused, recorded = data["results"]
    assert refused["result"] is None
    assert "client_scan_id" in refused["errors"]
    assert not refused["duplicate"]
    assert recorded["result"] == "accepted"
    assert (data["recorded"], data["duplicates"], data["refused"]) == (1, 0, 1)
    assert CheckInScan.objects.count() == 2
    assert ZonePresence.objects.count() == 2


def test_a_scan_whose_online_answer_was_lost_is_a_duplicate_when_uploaded(api_client, summit):
    # The scanner page queues a scan it could not get an answer for under the same id.
    _registration, code = approved(summit)
    body = {"code": code, "zone": "plenary", "nonce": "lost-1"}
    api_client.post(summit.url(), body, format="json", **summit.bearer())

    answer = upload(api_client, summit, [item("lost-1", code, 0)]).json()

    assert answer["duplicates"] == 1
    assert answer["results"][0]["result"] == "accepted"
    assert "errors" not in answer["results"][0]
    assert CheckInScan.objects.count() == 1


def test_an_uploaded_client_scan_id_sent_online_with_another_code_is_a_400(api_client, summit):
    _registration, code = approved(summit)
    upload(api_client, summit, [item("dev1-1", "garbage", 5, result="invalid")])

    response = api_client.post(
        summit.url(), {"code": code, "nonce": "dev1-1"}, format="json", **summit.bearer()
    )

    assert response.status_code == 400
    assert "nonce" in response.json()
    assert not ZonePresence.objects.exists()


# --- Who may download the package ------------------------------------------------------------


def package(api_client, summit, role=OFFLINE_DEVICE, query=""):
    return api_client.get(summit.url("checkins/offline-package/") + query, **summit.bearer(role))


def test_a_plain_checkin_token_cannot_download_the_offline_package(api_client, summit):
    approved(summit, first_name="Amina")

    response = package(api_client, summit, role=Role.CHECKIN)

    assert response.status_code == 403
    assert "offline device" in response.json()["detail"]
    assert "Amina" not in response.content.decode()
    assert not AuditEntry.objects.filter(action="checkin.offline_package").exists()


def test_an_admin_token_is_no_offline_device_either(api_client, summit):
    assert package(api_client, summit, role=Role.ADMIN).status_code == 403


def test_an_offline_device_of_another_event_is_refused(api_client, summit):
    other = make_summit("other-summit")

    response = api_client.get(
        summit.url("checkins/offline-package/"), **other.bearer(OFFLINE_DEVICE)
    )

    assert response.status_code == 403


def test_each_download_is_audited_and_the_package_says_it_is_valid_for_24_hours(api_client, summit):
    approved(summit)

    response = package(api_client, summit)

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    data = response.json()
    generated = datetime.fromisoformat(data["generated_at"])
    valid_until = datetime.fromisoformat(data["valid_until"])
    assert valid_until - generated == timedelta(hours=24)
    assert abs(timezone.now() - generated) < timedelta(minutes=1)
    entry = AuditEntry.objects.get(action="checkin.offline_package")
    assert entry.actor_token.offline
    assert entry.data["registrations"] == 1
    assert entry.data["valid_until"] == data["valid_until"]


def test_the_package_holds_what_the_door_shows_and_no_contact_details(api_client, summit):
    from django.core.files.base import ContentFile

    amina, _code = approved(
        summit,
        first_name="Amina",
        last_name="Haddad",
        email="amina.haddad@example.org",
        phone="+971500000001",
        organization="Ministry of Interior",
        job_title="Director",
    )
    amina.photo.save("photo.jpg", ContentFile(b"\xff\xd8 the file is never read here"))

    data = package(api_client, summit).json()

    (row,) = data["registrations"]
    assert row["name"] == "Amina Haddad"
    assert row["category"] == "delegate"
    assert row["version"] == 1
    assert row["photo_url"].endswith(f"/registrations/{amina.reference}/photo.jpg")
    text = json.dumps(data, ensure_ascii=False)
    for private in ("amina.haddad@example.org", "+971500000001", "Director", "Ministry"):
        assert private not in text, private
    door_fields = {"id", "reference", "version", "name", "name_ar", "delegation", "category"}
    assert set(row) <= door_fields | {"photo_url"}
    assert text.count("Amina") == 1


def test_a_session_user_with_the_checkin_role_still_gets_the_package(client, summit):
    from events.teams.services import team_member_add
    from tests.factories import UserFactory

    staff = UserFactory()
    team_member_add(event=summit.event, user=staff, role=Role.CHECKIN)
    client.force_login(staff)

    assert client.get(summit.url("checkins/offline-package/")).status_code == 200
