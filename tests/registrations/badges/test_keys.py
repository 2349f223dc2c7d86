"""Badge key generations: rotation, revocation at the door, legacy codes, what scanners learn."""

import base64
import io
import threading
import time

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events.audit.models import AuditEntry
from registrations.badges import keys as badge_keys
from registrations.badges.keys import (
    badge_code,
    badge_key_current,
    badge_key_ring,
    vehicle_pass_code,
)
from registrations.badges.models import BadgeSigningKey
from registrations.badges.services import badge_current, badge_qr_text
from registrations.badges.signing import (
    HKDF_SALT,
    SIGNED_PREFIX,
    BadgeCode,
    SigningKey,
    code_parse,
    code_sign,
    code_signature_valid,
    master_secret,
    public_key_raw,
    signing_key_private,
)
from tests.registrations.checkin_fixtures import OFFLINE_DEVICE, approved, make_summit

pytestmark = pytest.mark.django_db


@pytest.fixture
def summit():
    return make_summit()


def scan(api_client, summit, code: str) -> dict:
    response = api_client.post(summit.url(), {"code": code}, format="json", **summit.bearer())
    assert response.status_code == 200
    return response.json()


def rotate(slug: str, *options: str) -> str:
    out = io.StringIO()
    call_command("rotate_badge_key", slug, *options, stdout=out)
    return out.getvalue()


def varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte, value = value & 0x7F, value >> 7
        out.append(byte | 0x80 if value else byte)
        if not value:
            return bytes(out)


def printed_format_1_code(*, event_id: int, registration_id: int, version: int) -> str:
    """A badge as printed before key generations existed: format 1, no key id, the
    event's key derived from BADGE_SIGNING_KEY over the event id alone."""
    payload = bytes([0x11]) + varint(event_id) + varint(registration_id) + varint(version)
    legacy = signing_key_private(SigningKey(event_id=event_id, key_id=0, salt=""))
    signature = legacy.sign(SIGNED_PREFIX + payload)
    return base64.b32encode(payload + signature).decode().rstrip("=")


# --- Rotation at the door ----------------------------------------------------------------


def test_after_a_rotation_an_old_badge_answers_revoked_and_a_new_one_is_accepted(
    api_client, summit
):
    registration, old_code = approved(summit)

    printed = rotate("unity")

    new_code = badge_qr_text(badge_current(registration=registration))
    assert printed.strip() == str(code_parse(new_code).code.key_id)
    assert new_code != old_code
    refused = scan(api_client, summit, old_code)
    assert refused["result"] == "revoked"
    assert refused["registration"] is None
    assert scan(api_client, summit, new_code)["result"] == "accepted"


def test_a_changeover_keeps_the_previous_key_valid_until_it_ends(api_client, summit):
    _first, old_code = approved(summit)
    _second, other_old_code = approved(summit)

    rotate("unity", "--keep-previous")

    assert scan(api_client, summit, old_code)["result"] == "accepted"
    rotate("unity", "--end-changeover")
    assert scan(api_client, summit, other_old_code)["result"] == "revoked"


def test_a_vehicle_pass_under_a_revoked_key_answers_revoked(api_client, summit):
    code = vehicle_pass_code(event_id=summit.event.pk, pass_id=12345, version=1)

    rotate("unity")

    assert scan(api_client, summit, code)["result"] == "revoked"


def test_a_rotation_is_audited_and_tells_nothing_secret(summit):
    badge_key_current(event_id=summit.event.pk)

    rotate("unity")

    entry = AuditEntry.objects.get(action="badge_key.rotated")
    assert entry.data == {"key_id": 2, "revoked": [1], "kept": None}
    salts = BadgeSigningKey.objects.values_list("salt", flat=True)
    assert not [salt for salt in salts if salt in str(entry.data)]


def test_the_command_refuses_an_unknown_event_and_both_options_at_once(summit):
    with pytest.raises(CommandError):
        rotate("no-such-summit")
    with pytest.raises(CommandError):
        rotate("unity", "--keep-previous", "--end-changeover")


# --- Generations ---------------------------------------------------------------------------


def test_a_new_event_gets_one_random_salted_generation_on_first_use(summit):
    first = badge_key_current(event_id=summit.event.pk)
    again = badge_key_current(event_id=summit.event.pk)
    other = badge_key_current(event_id=make_summit("other").event.pk)

    assert first == again
    assert first.key_id == 1  # 0 is reserved for codes printed before generations existed
    assert len(first.salt) == 64
    assert other.salt != first.salt
    assert BadgeSigningKey.objects.filter(event=summit.event).count() == 1


def test_neither_the_setting_nor_the_database_alone_yields_the_key(settings, summit):
    key = badge_key_current(event_id=summit.event.pk)
    public = public_key_raw(key)

    settings.BADGE_SIGNING_KEY = "a stolen database, but not this secret: another key"
    assert public_key_raw(key) != public
    settings.BADGE_SIGNING_KEY = "first secret for the tests, long enough"
    # What the setting alone derives for the event (the legacy key) is another key.
    from_setting_alone = SigningKey(event_id=summit.event.pk, key_id=0, salt="")
    assert public_key_raw(from_setting_alone) != public_key_raw(key)


def test_another_events_key_never_verifies(api_client, summit):
    other = make_summit("other")
    registration, _code = approved(summit)
    mine = badge_key_current(event_id=summit.event.pk)
    theirs = badge_key_current(event_id=other.event.pk)
    assert mine.key_id == theirs.key_id
    forged = code_sign(
        BadgeCode(
            event_id=summit.event.pk,
            registration_id=registration.pk,
            version=1,
            key_id=mine.key_id,
        ),
        private_key=signing_key_private(theirs),
    )

    assert scan(api_client, summit, forged)["result"] == "invalid"
    assert public_key_raw(mine) != public_key_raw(theirs)


def test_a_badge_of_another_event_still_answers_wrong_event(api_client, summit):
    _registration, code = approved(make_summit("other"))

    assert scan(api_client, summit, code)["result"] == "wrong_event"


# --- Codes printed before generations (format 1) -------------------------------------------


def test_a_printed_format_1_badge_still_verifies_where_generation_0_exists(api_client, summit):
    BadgeSigningKey.objects.create(event=summit.event, key_id=0, salt="")  # as migrated
    registration, _code = approved(summit)
    printed = printed_format_1_code(
        event_id=summit.event.pk, registration_id=registration.pk, version=1
    )

    assert scan(api_client, summit, printed)["result"] == "accepted"
    # Until a rotation, new codes of such an event are format 2 under generation 0.
    reprinted = code_parse(badge_qr_text(badge_current(registration=registration)))
    assert (reprinted.format, reprinted.code.key_id) == (2, 0)


def test_a_format_1_badge_is_revoked_with_generation_0(api_client, summit):
    BadgeSigningKey.objects.create(event=summit.event, key_id=0, salt="")
    registration, _code = approved(summit)
    printed = printed_format_1_code(
        event_id=summit.event.pk, registration_id=registration.pk, version=1
    )

    rotate("unity")

    assert scan(api_client, summit, printed)["result"] == "revoked"


def test_a_format_1_code_is_invalid_for_an_event_without_generation_0(api_client, summit):
    registration, _code = approved(summit)
    printed = printed_format_1_code(
        event_id=summit.event.pk, registration_id=registration.pk, version=1
    )

    assert scan(api_client, summit, printed)["result"] == "invalid"


# --- What scanners learn -------------------------------------------------------------------


def test_the_badge_key_endpoint_lists_the_valid_keys(api_client, summit):
    registration, old_code = approved(summit)
    rotate("unity", "--keep-previous")
    new_code = badge_qr_text(badge_current(registration=registration))

    data = api_client.get(summit.url("badge-key/")).json()

    assert data["key_id"] == 2
    current = Ed25519PublicKey.from_public_bytes(base64.b64decode(data["public_key"]))
    assert code_signature_valid(code_parse(new_code), public_key=current)
    keys = {key["key_id"]: key for key in data["keys"]}
    assert sorted(keys) == [1, 2]
    assert keys[2]["current"]
    assert not keys[1]["current"]
    assert keys[2]["public_key"] == data["public_key"]
    previous = Ed25519PublicKey.from_public_bytes(base64.b64decode(keys[1]["public_key"]))
    assert code_signature_valid(code_parse(old_code), public_key=previous)
    assert keys[1]["public_key_pem"].startswith("-----BEGIN PUBLIC KEY-----")
    assert data["revoked_key_ids"] == []
    assert data["code_format"]["version"] == 2

    rotate("unity", "--end-changeover")
    data = api_client.get(summit.url("badge-key/")).json()
    assert [key["key_id"] for key in data["keys"]] == [2]
    assert data["revoked_key_ids"] == [1]


def test_the_offline_package_lists_the_valid_keys(api_client, summit):
    _registration, old_code = approved(summit)
    rotate("unity", "--keep-previous")

    data = api_client.get(
        summit.url("checkins/offline-package/"), **summit.bearer(OFFLINE_DEVICE)
    ).json()

    keys = {key["key_id"]: key for key in data["public_keys"]}
    assert sorted(keys) == [1, 2]
    assert data["public_key"]["key_id"] == 2
    assert data["public_key"]["raw_base64"] == keys[2]["raw_base64"]
    previous = Ed25519PublicKey.from_public_bytes(base64.b64decode(keys[1]["raw_base64"]))
    assert code_signature_valid(code_parse(old_code), public_key=previous)
    assert data["revoked_key_ids"] == []


# --- Cost and freshness on the scan path -----------------------------------------------------


def test_scans_read_the_key_ring_once_per_few_seconds(api_client, summit):
    _first, code = approved(summit)
    _second, other = approved(summit)
    scan(api_client, summit, code)

    with CaptureQueriesContext(connection) as queries:
        scan(api_client, summit, other)

    assert not [q for q in queries if "badgesigningkey" in q["sql"]]


def test_a_rotation_elsewhere_takes_effect_within_the_ring_lifetime(
    api_client, summit, monkeypatch
):
    _registration, code = approved(summit)
    assert scan(api_client, summit, code)["result"] == "accepted"
    # Another process (manage.py on another machine) revokes the key: this one
    # keeps its ring for at most RING_SECONDS.
    BadgeSigningKey.objects.update(revoked_at=timezone.now())
    assert badge_key_ring(event_id=summit.event.pk).current is not None

    later = time.monotonic() + badge_keys.RING_SECONDS + 0.1
    monkeypatch.setattr(badge_keys.time, "monotonic", lambda: later)

    assert badge_key_ring(event_id=summit.event.pk).current is None
    assert scan(api_client, summit, code)["result"] == "revoked"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_first_use_from_many_threads_at_once_makes_one_generation():
    from tests.factories import EventFactory

    event = EventFactory()
    barrier = threading.Barrier(8)
    keys, errors = [], []

    def sign():
        try:
            barrier.wait(timeout=10)
            keys.append(badge_key_current(event_id=event.pk))
        except Exception as error:  # reported below, with every thread done
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=sign) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert len(set(keys)) == 1
    assert BadgeSigningKey.objects.filter(event=event).count() == 1


# --- Bench ---------------------------------------------------------------------------------


def test_codes_built_like_the_bench_builds_them_are_accepted(api_client, summit):
    registration, _code = approved(summit)

    code = badge_code(event_id=summit.event.pk, registration_id=registration.pk, version=1)

    assert scan(api_client, summit, code)["result"] == "accepted"


def test_the_legacy_derivation_is_the_one_printed_badges_used():
    """Generation 0 must stay byte-for-byte the key of format-1 codes (HKDF over the id)."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    seed = HKDF(algorithm=hashes.SHA256(), length=32, salt=HKDF_SALT, info=b"event:7").derive(
        master_secret()
    )
    legacy = signing_key_private(SigningKey(event_id=7, key_id=0, salt=""))

    assert legacy.private_bytes_raw() == seed
