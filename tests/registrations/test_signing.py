"""Badge codes: compact, QR-alphanumeric, signed per event, strictly parsed."""

import base64
import stat

import pytest
import qrcode
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from registrations import signing
from registrations.signing import (
    BadgeCode,
    CodeError,
    TokenType,
    badge_code,
    code_parse,
    code_sign,
    code_signature_valid,
    public_key_raw,
)

QR_ALPHANUMERIC = set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")


@pytest.fixture(autouse=True)
def _fresh_keys():
    signing._development_secret.cache_clear()
    signing._derived_key.cache_clear()
    yield
    signing._development_secret.cache_clear()
    signing._derived_key.cache_clear()


def test_a_code_round_trips_and_names_no_person():
    code = badge_code(event_id=7, registration_id=123456, version=3)

    parsed = code_parse(code)

    assert parsed.code == BadgeCode(event_id=7, registration_id=123456, version=3)
    assert parsed.code.token_type == TokenType.BADGE
    assert code_signature_valid(parsed)
    assert set(code) <= QR_ALPHANUMERIC
    assert len(code) <= 115


def test_the_qr_code_stays_small():
    code = badge_code(event_id=99_999, registration_id=9_999_999, version=12)
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M)
    qr.add_data(code)
    qr.make(fit=True)

    assert qr.version <= 5
    assert qr.data_list[0].mode == qrcode.util.MODE_ALPHA_NUM


def test_scanners_typing_lower_case_or_spaces_still_read_the_code():
    code = badge_code(event_id=1, registration_id=2, version=1)
    assert code_parse(f"  {code.lower()}\n").code.registration_id == 2


def test_each_event_has_its_own_key():
    assert public_key_raw(1) != public_key_raw(2)
    code = code_parse(badge_code(event_id=1, registration_id=5, version=1))
    other_key = Ed25519PrivateKey.from_private_bytes(
        signing._derived_key(signing.master_secret(), 2).private_bytes_raw()
    ).public_key()
    assert not code_signature_valid(code, public_key=other_key)


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


def test_a_truncated_or_extended_code_is_refused():
    code = badge_code(event_id=1, registration_id=2, version=1)
    with pytest.raises(CodeError):
        code_parse(code[:-8])
    raw = base64.b32decode(code + "=" * (-len(code) % 8)) + b"\x00"
    with pytest.raises(CodeError):
        code_parse(base64.b32encode(raw).decode().rstrip("="))


def test_a_changed_id_breaks_the_signature():
    code = badge_code(event_id=1, registration_id=2, version=1)
    parsed = code_parse(code)
    tampered = code_sign(BadgeCode(event_id=1, registration_id=3, version=1))
    # Graft the old signature onto the new payload.
    raw_tampered = base64.b32decode(tampered + "=" * (-len(tampered) % 8))
    grafted = raw_tampered[:-64] + parsed.signature
    text = base64.b32encode(grafted).decode().rstrip("=")

    assert not code_signature_valid(code_parse(text))


def test_the_development_secret_is_created_once_with_owner_only_permissions(settings, tmp_path):
    settings.BADGE_SIGNING_KEY = ""
    settings.VAR_DIR = tmp_path / "var"

    first = badge_code(event_id=1, registration_id=2, version=1)
    key_file = tmp_path / "var" / "badge-signing.key"
    signing._development_secret.cache_clear()
    signing._derived_key.cache_clear()
    second = badge_code(event_id=1, registration_id=2, version=1)

    assert key_file.exists()
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert len(key_file.read_text().strip()) == 64
    assert first == second  # Ed25519 is deterministic: same key, same code


def test_a_configured_secret_is_used_instead_of_the_file(settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"
    settings.BADGE_SIGNING_KEY = "first secret for the tests, long enough"
    first = public_key_raw(1)
    settings.BADGE_SIGNING_KEY = "another secret for the tests, long enough"
    second = public_key_raw(1)

    assert first != second
    assert not (tmp_path / "var" / "badge-signing.key").exists()
