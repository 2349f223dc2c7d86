"""Badge codes: compact, QR-alphanumeric, signed per event and key generation, strictly parsed.

The format is specified in registrations/badges/signing.py; these tests need no database.
"""

import base64
import stat

import pytest
import qrcode
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from registrations.badges import signing
from registrations.badges.signing import (
    SIGNED_PREFIX,
    BadgeCode,
    CodeError,
    KeyRing,
    SigningKey,
    TokenType,
    Verification,
    code_parse,
    code_sign,
    code_signature_valid,
    code_verify,
    public_key_raw,
    signing_key_private,
)

QR_ALPHANUMERIC = set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")
SALT_A = "a1" * 32
SALT_B = "b2" * 32


@pytest.fixture(autouse=True)
def _fresh_keys():
    signing.key_caches_clear()
    yield
    signing.key_caches_clear()


def key(event_id=7, key_id=1, salt=SALT_A, revoked=False) -> SigningKey:
    return SigningKey(event_id=event_id, key_id=key_id, salt=salt, revoked=revoked)


def badge(event_id=7, registration_id=123456, version=3, **fields) -> BadgeCode:
    return BadgeCode(event_id=event_id, registration_id=registration_id, version=version, **fields)


def raw_bytes(code: str) -> bytes:
    return base64.b32decode(code + "=" * (-len(code) % 8))


def text_of(raw: bytes) -> str:
    return base64.b32encode(raw).decode().rstrip("=")


def varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte, value = value & 0x7F, value >> 7
        out.append(byte | 0x80 if value else byte)
        if not value:
            return bytes(out)


def test_a_code_round_trips_names_its_key_and_no_person():
    signer = key(key_id=3)

    code = code_sign(badge(), key=signer)
    parsed = code_parse(code)

    assert parsed.format == 2
    assert parsed.code == badge(key_id=3)
    assert parsed.code.token_type == TokenType.BADGE
    assert code_verify(parsed, ring=KeyRing(event_id=7, keys=(signer,))) == Verification.VALID
    assert set(code) <= QR_ALPHANUMERIC
    assert len(code) <= 115


def test_the_layout_is_header_event_key_subject_version_signature():
    code = code_sign(badge(event_id=300, registration_id=5, version=2), key=key(300, 9))

    raw = raw_bytes(code)

    assert raw[:6] == bytes([0x21]) + varint(300) + varint(9) + varint(5) + varint(2)
    assert len(raw) == 6 + 64
    public = signing_key_private(key(300, 9)).public_key()
    public.verify(raw[6:], SIGNED_PREFIX + raw[:6])  # raises if not


def test_the_qr_code_stays_small():
    code = code_sign(badge(99_999, 9_999_999, 12), key=key(99_999, 300))
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M)
    qr.add_data(code)
    qr.make(fit=True)

    assert qr.version <= 5
    assert qr.data_list[0].mode == qrcode.util.MODE_ALPHA_NUM


def test_scanners_typing_lower_case_or_spaces_still_read_the_code():
    code = code_sign(badge(1, 2, 1), key=key(1))
    assert code_parse(f"  {code.lower()}\n").code.registration_id == 2


def test_each_event_and_each_generation_has_its_own_key():
    keys = [key(1, 1, SALT_A), key(2, 1, SALT_A), key(1, 2, SALT_A), key(1, 1, SALT_B)]
    assert len({public_key_raw(k) for k in keys}) == len(keys)

    parsed = code_parse(code_sign(badge(1, 5, 1), key=key(1, 1, SALT_A)))
    for other in keys[1:]:
        public = signing_key_private(other).public_key()
        assert not code_signature_valid(parsed, public_key=public)


def test_the_key_id_is_signed():
    code = code_sign(badge(1, 2, 1), key=key(1, 1))
    raw = bytearray(raw_bytes(code))
    raw[2] = 2  # claim generation 2
    ring = KeyRing(event_id=1, keys=(key(1, 2), key(1, 1)))

    assert code_verify(code_parse(text_of(bytes(raw))), ring=ring) == Verification.BAD_SIGNATURE


def test_a_code_of_a_revoked_generation_is_revoked_not_invalid():
    signer = key(key_id=1)
    code = code_parse(code_sign(badge(), key=signer))
    ring = KeyRing(event_id=7, keys=(key(key_id=2), key(key_id=1, revoked=True)))

    assert code_verify(code, ring=ring) == Verification.REVOKED
    assert ring.current == key(key_id=2)
    assert ring.revoked_ids == (1,)


def test_an_unknown_generation_another_event_or_a_forged_signature_do_not_verify():
    parsed = code_parse(code_sign(badge(), key=key(key_id=4)))
    forged = code_parse(code_sign(badge(key_id=1), private_key=Ed25519PrivateKey.generate()))

    assert code_verify(parsed, ring=KeyRing(event_id=7, keys=(key(key_id=1),))) == (
        Verification.UNKNOWN_KEY
    )
    assert code_verify(parsed, ring=KeyRing(event_id=8, keys=(key(8, 4),))) == (
        Verification.UNKNOWN_KEY
    )
    assert code_verify(forged, ring=KeyRing(event_id=7, keys=(key(key_id=1),))) == (
        Verification.BAD_SIGNATURE
    )


def format_1_code(*, event_id: int, registration_id: int, version: int, private_key) -> str:
    payload = bytes([0x11]) + varint(event_id) + varint(registration_id) + varint(version)
    return text_of(payload + private_key.sign(SIGNED_PREFIX + payload))


def test_a_format_1_code_reads_as_generation_0_and_verifies_with_the_legacy_key():
    legacy = key(key_id=0, salt="")
    printed = format_1_code(
        event_id=7, registration_id=42, version=1, private_key=signing_key_private(legacy)
    )

    parsed = code_parse(printed)

    assert parsed.format == 1
    assert parsed.code == badge(7, 42, 1, key_id=0)
    assert code_verify(parsed, ring=KeyRing(event_id=7, keys=(key(), legacy))) == (
        Verification.VALID
    )
    assert code_verify(parsed, ring=KeyRing(event_id=7, keys=(key(),))) == (
        Verification.UNKNOWN_KEY
    )


def test_a_format_1_code_never_verifies_against_a_salted_generation_0():
    salted = key(key_id=0, salt=SALT_A)
    printed = format_1_code(
        event_id=7, registration_id=42, version=1, private_key=signing_key_private(salted)
    )

    assert code_verify(code_parse(printed), ring=KeyRing(event_id=7, keys=(salted,))) == (
        Verification.UNKNOWN_KEY
    )


def test_only_generation_0_may_use_the_legacy_derivation():
    with pytest.raises(ValueError, match="generation 0"):
        signing_key_private(key(key_id=1, salt=""))


def test_a_revoked_key_or_another_events_key_signs_nothing():
    with pytest.raises(ValueError, match="revoked"):
        code_sign(badge(), key=key(revoked=True))
    with pytest.raises(ValueError, match="event"):
        code_sign(badge(event_id=8), key=key(event_id=7))


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("A" * 201, "too_long"),
        ("hello world!", "not_a_code"),
        ("ABCDEFGH", "truncated"),
        ("10ABCDEF", "not_a_code"),
    ],
)
def test_text_that_is_no_code_is_refused(text, detail):
    with pytest.raises(CodeError) as error:
        code_parse(text)
    assert error.value.detail == detail


def test_an_unknown_format_is_refused():
    raw = bytearray(raw_bytes(code_sign(badge(1, 2, 1), key=key(1))))
    raw[0] = 0x31

    with pytest.raises(CodeError) as error:
        code_parse(text_of(bytes(raw)))
    assert error.value.detail == "unknown_format"


def test_a_truncated_or_extended_code_is_refused():
    code = code_sign(badge(1, 2, 1), key=key(1))
    with pytest.raises(CodeError):
        code_parse(code[:-8])
    with pytest.raises(CodeError):
        code_parse(text_of(raw_bytes(code) + b"\x00"))


def test_a_changed_id_breaks_the_signature():
    signer = key(1)
    parsed = code_parse(code_sign(badge(1, 2, 1), key=signer))
    tampered = code_sign(badge(1, 3, 1), key=signer)
    # Graft the old signature onto the new payload.
    grafted = text_of(raw_bytes(tampered)[:-64] + parsed.signature)

    assert code_verify(code_parse(grafted), ring=KeyRing(event_id=1, keys=(signer,))) == (
        Verification.BAD_SIGNATURE
    )


def test_the_development_secret_is_created_once_with_owner_only_permissions(settings, tmp_path):
    settings.BADGE_SIGNING_KEY = ""
    settings.VAR_DIR = tmp_path / "var"

    first = code_sign(badge(1, 2, 1), key=key(1))
    key_file = tmp_path / "var" / "badge-signing.key"
    signing.key_caches_clear()
    second = code_sign(badge(1, 2, 1), key=key(1))

    assert key_file.exists()
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert len(key_file.read_text().strip()) == 64
    assert first == second  # Ed25519 is deterministic: same key, same code


def test_a_configured_secret_is_used_instead_of_the_file(settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"
    settings.BADGE_SIGNING_KEY = "first secret for the tests, long enough"
    first = public_key_raw(key(1))
    settings.BADGE_SIGNING_KEY = "another secret for the tests, long enough"
    second = public_key_raw(key(1))

    assert first != second
    assert not (tmp_path / "var" / "badge-signing.key").exists()
