"""Badge and vehicle pass codes: compact tokens signed with the event's Ed25519 key.

A code is the RFC 4648 base32 text (upper case, no padding; every character is
in the QR alphanumeric set, so the QR stays small) of

    header   1 byte   format (high nibble, 1) and token type (low nibble:
                      1 badge, 2 vehicle pass)
    event    varint   the event's id
    subject  varint   badge: the registration's id; vehicle pass: the pass's id
    version  varint   the badge's or the pass's version
    sig      64 bytes Ed25519 over b"summit-badge\\0" + the bytes above

About 110 characters, a version 5 QR code at error correction level M. It names
no person: only ids, unguessable because nobody without the key can sign. The
header byte is signed too, so a badge code cannot be turned into a vehicle pass
code (or back) by changing its type: the signature no longer matches.

Each event's key is derived (HKDF-SHA256 over the event id) from the secret
`BADGE_SIGNING_KEY`, so the server stores no per-event keys and an offline
scanner needs only the event's public key (`GET /api/v1/events/<slug>/badge-key/`).
Without `BADGE_SIGNING_KEY` (development only; settings refuse to start without
it when DEBUG is off) a random secret is created once in `VAR_DIR/badge-signing.key`.
"""

import base64
import binascii
import functools
import os
import secrets
from dataclasses import dataclass
from enum import IntEnum
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

CODE_FORMAT = 1
SIGNATURE_BYTES = 64
SIGNED_PREFIX = b"summit-badge\x00"
HKDF_SALT = b"summit badge signing key v1"
DEV_KEY_FILENAME = "badge-signing.key"
# A real code is about 110 characters; anything much longer is not one of ours
# and is refused before any decoding work.
MAX_CODE_LENGTH = 200
# Ids above 2**63 cannot be database keys; the limit also bounds varint parsing.
MAX_VARINT_BYTES = 9


class TokenType(IntEnum):
    BADGE = 1
    VEHICLE = 2


@dataclass(frozen=True)
class BadgeCode:
    """What a code says. For a vehicle pass `registration_id` holds the pass's id."""

    event_id: int
    registration_id: int
    version: int
    token_type: int = TokenType.BADGE

    @property
    def subject_id(self) -> int:
        """The id the code is about: a registration (badge) or a vehicle pass."""
        return self.registration_id


class CodeError(Exception):
    """The text is not a valid code. `detail` says why, for the scan log."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


# --- Keys -------------------------------------------------------------------


def master_secret() -> bytes:
    configured = settings.BADGE_SIGNING_KEY
    if configured:
        return configured.encode()
    return _development_secret(Path(settings.VAR_DIR) / DEV_KEY_FILENAME)


@functools.cache
def _development_secret(path: Path) -> bytes:
    """Read the development secret, creating it (mode 0600) if this is the first use.

    The file is written under a temporary name and linked into place, so processes
    starting together agree on one secret and none reads a half-written file.
    """
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_hex(32) + "\n")
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass  # another process won the race; use its secret
        finally:
            temporary.unlink()
    return path.read_text().strip().encode()


@functools.lru_cache(maxsize=256)
def _derived_key(secret: bytes, event_id: int) -> Ed25519PrivateKey:
    seed = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=HKDF_SALT, info=b"event:%d" % event_id
    ).derive(secret)
    return Ed25519PrivateKey.from_private_bytes(seed)


def event_private_key(event_id: int) -> Ed25519PrivateKey:
    return _derived_key(master_secret(), event_id)


def event_public_key(event_id: int) -> Ed25519PublicKey:
    return event_private_key(event_id).public_key()


def public_key_raw(event_id: int) -> bytes:
    return event_public_key(event_id).public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )


def public_key_pem(event_id: int) -> str:
    return (
        event_public_key(event_id)
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


# --- Codes ------------------------------------------------------------------


def _varint(value: int) -> bytes:
    if value < 0:
        raise ValueError("Ids in a code are never negative.")
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def _read_varint(data: bytes, offset: int) -> tuple[int, int]:
    value = 0
    for index in range(MAX_VARINT_BYTES):
        if offset + index >= len(data):
            raise CodeError("truncated")
        byte = data[offset + index]
        value |= (byte & 0x7F) << (7 * index)
        if not byte & 0x80:
            if byte == 0 and index:
                raise CodeError("malformed")  # a padded varint: not what we write
            return value, offset + index + 1
    raise CodeError("malformed")


def _payload(code: BadgeCode) -> bytes:
    header = bytes([(CODE_FORMAT << 4) | int(code.token_type)])
    return header + _varint(code.event_id) + _varint(code.registration_id) + _varint(code.version)


def code_sign(code: BadgeCode, *, private_key: Ed25519PrivateKey | None = None) -> str:
    """The QR text of a badge, signed with its event's key (or `private_key`)."""
    key = private_key or event_private_key(code.event_id)
    payload = _payload(code)
    signature = key.sign(SIGNED_PREFIX + payload)
    return base64.b32encode(payload + signature).decode("ascii").rstrip("=")


def badge_code(*, event_id: int, registration_id: int, version: int) -> str:
    return code_sign(BadgeCode(event_id=event_id, registration_id=registration_id, version=version))


def vehicle_pass_code(*, event_id: int, pass_id: int, version: int) -> str:
    return code_sign(
        BadgeCode(
            event_id=event_id,
            registration_id=pass_id,
            version=version,
            token_type=TokenType.VEHICLE,
        )
    )


@dataclass(frozen=True)
class ParsedCode:
    code: BadgeCode
    signed: bytes
    signature: bytes


def code_parse(text: str) -> ParsedCode:
    """Decode a scanned text without checking its signature. Raises CodeError."""
    text = (text or "").strip().upper()
    if not text:
        raise CodeError("empty")
    if len(text) > MAX_CODE_LENGTH:
        raise CodeError("too_long")
    try:
        raw = base64.b32decode(text + "=" * (-len(text) % 8))
    except (binascii.Error, ValueError) as error:
        raise CodeError("not_a_code") from error
    if base64.b32encode(raw).decode("ascii").rstrip("=") != text:
        raise CodeError("not_a_code")  # non-canonical spelling of some bytes
    if len(raw) < 1 + 3 + SIGNATURE_BYTES:
        raise CodeError("truncated")
    header = raw[0]
    if header >> 4 != CODE_FORMAT:
        raise CodeError("unknown_format")
    event_id, offset = _read_varint(raw, 1)
    registration_id, offset = _read_varint(raw, offset)
    version, offset = _read_varint(raw, offset)
    rest = len(raw) - offset
    if rest < SIGNATURE_BYTES:
        raise CodeError("truncated")
    if rest > SIGNATURE_BYTES:
        raise CodeError("malformed")
    code = BadgeCode(
        event_id=event_id,
        registration_id=registration_id,
        version=version,
        token_type=header & 0x0F,
    )
    return ParsedCode(code=code, signed=SIGNED_PREFIX + raw[:offset], signature=raw[offset:])


def code_signature_valid(parsed: ParsedCode, *, public_key: Ed25519PublicKey | None = None) -> bool:
    key = public_key or event_public_key(parsed.code.event_id)
    try:
        key.verify(parsed.signature, parsed.signed)
    except InvalidSignature:
        return False
    return True
