"""Badge and vehicle pass codes: compact tokens signed with one of the event's Ed25519 keys.

A code is the RFC 4648 base32 text (upper case, no padding; every character is
in the QR alphanumeric set, so the QR stays small) of

    header   1 byte   format (high nibble, 2) and token type (low nibble:
                      1 badge, 2 vehicle pass)
    event    varint   the event's id
    key      varint   the key generation that signed it (BadgeSigningKey.key_id)
    subject  varint   badge: the registration's id; vehicle pass: the pass's id
    version  varint   the badge's or the pass's version
    sig      64 bytes Ed25519 over b"summit-badge\\0" + the bytes above

About 115 characters, a version 5 QR code at error correction level M. It names
no person: only ids, unguessable because nobody without the key can sign. The
header byte and the key id are signed too, so a badge code cannot be turned into
a vehicle pass code (or back), nor moved to another generation: the signature no
longer matches.

Format 1, printed before key generations existed, is the same without the key
field and reads as generation 0. Nothing writes it any more; it verifies only
for an event whose generation 0 exists with the legacy derivation below (the
migration made one for every event of that time), and answers `revoked` once
that generation is revoked.

Keys: each generation (a `BadgeSigningKey` row, here a `SigningKey`) has its own

    seed = HKDF-SHA256(BADGE_SIGNING_KEY, salt=the row's salt (32 random bytes),
                       info=b"summit badge key\\0event:<id>\\0key:<key id>")

so neither the setting alone nor a database dump alone yields a key, and no two
events or generations share one. Generation 0 of an event from before
generations has no salt and keeps the key its printed codes were signed with:
HKDF-SHA256(BADGE_SIGNING_KEY, salt=b"summit badge signing key v1",
info=b"event:<id>").

This module is pure: callers pass the generations in (`SigningKey`, `KeyRing`).
registrations/badges/keys.py reads them from the database, caches them
for the scan path and rotates them; scanners learn the valid public keys from
`GET /api/v1/events/<slug>/badge-key/` and the offline package. Without
`BADGE_SIGNING_KEY` (development only; settings refuse to start without it when
DEBUG is off) a random secret is created once in `VAR_DIR/badge-signing.key`.
"""

import base64
import binascii
import functools
import os
import secrets
from dataclasses import dataclass, replace
from enum import IntEnum, StrEnum
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

CODE_FORMAT = 2
LEGACY_CODE_FORMAT = 1
SIGNATURE_BYTES = 64
SIGNED_PREFIX = b"summit-badge\x00"
# The salt of the legacy derivation (generation 0 of events from before generations).
HKDF_SALT = b"summit badge signing key v1"
GENERATION_INFO = b"summit badge key\x00event:%d\x00key:%d"
SALT_BYTES = 32
DEV_KEY_FILENAME = "badge-signing.key"
# A real code is about 115 characters; anything much longer is not one of ours
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
    key_id: int = 0

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


@dataclass(frozen=True)
class SigningKey:
    """One generation of an event's key, as a `BadgeSigningKey` row holds it."""

    event_id: int
    key_id: int
    salt: str  # hex; empty only for the legacy generation 0
    revoked: bool = False

    @property
    def is_legacy(self) -> bool:
        return not self.salt


@dataclass(frozen=True)
class KeyRing:
    """Every generation of one event, newest first."""

    event_id: int
    keys: tuple[SigningKey, ...] = ()

    def get(self, key_id: int) -> SigningKey | None:
        return next((key for key in self.keys if key.key_id == key_id), None)

    @property
    def valid(self) -> tuple[SigningKey, ...]:
        return tuple(key for key in self.keys if not key.revoked)

    @property
    def current(self) -> SigningKey | None:
        """The generation that signs new codes: the newest one not revoked."""
        return next(iter(self.valid), None)

    @property
    def revoked_ids(self) -> tuple[int, ...]:
        return tuple(key.key_id for key in self.keys if key.revoked)


def new_salt() -> str:
    return secrets.token_hex(SALT_BYTES)


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


@functools.lru_cache(maxsize=1024)
def _private_key(secret: bytes, event_id: int, key_id: int, salt: str) -> Ed25519PrivateKey:
    if salt:
        derivation = HKDF(
            algorithm=hashes.SHA256(),
            length=32,
            salt=bytes.fromhex(salt),
            info=GENERATION_INFO % (event_id, key_id),
        )
    elif key_id == 0:
        derivation = HKDF(
            algorithm=hashes.SHA256(), length=32, salt=HKDF_SALT, info=b"event:%d" % event_id
        )
    else:
        # Without a salt the key would follow from BADGE_SIGNING_KEY alone, and
        # every such generation of the event would share it.
        raise ValueError("Only generation 0 may use the legacy derivation.")
    return Ed25519PrivateKey.from_private_bytes(derivation.derive(secret))


@functools.lru_cache(maxsize=1024)
def _public_key(secret: bytes, event_id: int, key_id: int, salt: str) -> Ed25519PublicKey:
    return _private_key(secret, event_id, key_id, salt).public_key()


def key_caches_clear() -> None:
    """Forget derived keys (tests that change BADGE_SIGNING_KEY or VAR_DIR)."""
    _development_secret.cache_clear()
    _private_key.cache_clear()
    _public_key.cache_clear()


def signing_key_private(key: SigningKey) -> Ed25519PrivateKey:
    return _private_key(master_secret(), key.event_id, key.key_id, key.salt)


def signing_key_public(key: SigningKey) -> Ed25519PublicKey:
    return _public_key(master_secret(), key.event_id, key.key_id, key.salt)


def public_key_raw(key: SigningKey) -> bytes:
    return signing_key_public(key).public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )


def public_key_pem(key: SigningKey) -> str:
    return (
        signing_key_public(key)
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
    return (
        header
        + _varint(code.event_id)
        + _varint(code.key_id)
        + _varint(code.registration_id)
        + _varint(code.version)
    )


def code_sign(
    code: BadgeCode,
    *,
    key: SigningKey | None = None,
    private_key: Ed25519PrivateKey | None = None,
) -> str:
    """The QR text of `code` (format 2), signed by the generation `key`, whose id it
    then carries. `private_key` instead signs with any key as given (tests, tools)."""
    if key is not None:
        if key.revoked:
            raise ValueError("A revoked key generation signs no more codes.")
        if key.event_id != code.event_id:
            raise ValueError("A key signs codes of its own event only.")
        code = replace(code, key_id=key.key_id)
        private_key = signing_key_private(key)
    if private_key is None:
        raise TypeError("code_sign() needs the key generation that signs.")
    payload = _payload(code)
    signature = private_key.sign(SIGNED_PREFIX + payload)
    return base64.b32encode(payload + signature).decode("ascii").rstrip("=")


@dataclass(frozen=True)
class ParsedCode:
    code: BadgeCode
    signed: bytes
    signature: bytes
    format: int = CODE_FORMAT


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
    code_format = header >> 4
    if code_format not in (CODE_FORMAT, LEGACY_CODE_FORMAT):
        raise CodeError("unknown_format")
    event_id, offset = _read_varint(raw, 1)
    key_id = 0
    if code_format == CODE_FORMAT:
        key_id, offset = _read_varint(raw, offset)
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
        key_id=key_id,
    )
    return ParsedCode(
        code=code, signed=SIGNED_PREFIX + raw[:offset], signature=raw[offset:], format=code_format
    )


def code_signature_valid(parsed: ParsedCode, *, public_key: Ed25519PublicKey) -> bool:
    try:
        public_key.verify(parsed.signature, parsed.signed)
    except InvalidSignature:
        return False
    return True


class Verification(StrEnum):
    VALID = "valid"
    # Signed by a generation of the event that was revoked since: a genuine but
    # withdrawn code, answered `revoked` at the door.
    REVOKED = "revoked"
    UNKNOWN_KEY = "unknown_key"
    BAD_SIGNATURE = "bad_signature"


def code_verify(parsed: ParsedCode, *, ring: KeyRing) -> Verification:
    """Whether a generation of `ring` (the code's event's) signed the code, and whether
    that generation is still valid. The signature is checked before revocation, so
    only a genuine code can answer `revoked`."""
    key = ring.get(parsed.code.key_id) if ring.event_id == parsed.code.event_id else None
    if key is None or (parsed.format == LEGACY_CODE_FORMAT and not key.is_legacy):
        return Verification.UNKNOWN_KEY
    if not code_signature_valid(parsed, public_key=signing_key_public(key)):
        return Verification.BAD_SIGNATURE
    return Verification.REVOKED if key.revoked else Verification.VALID
