"""Badge API bodies: a batch print request, and the public keys that verify a code."""

import base64
from dataclasses import dataclass, field

from rest_framework import serializers

from events.api_fields import StrictCharField, StrictChoiceField, StrictSlugField
from events.summit.models import Event
from registrations.badges.keys import PublicKeys
from registrations.badges.signing import (
    CODE_FORMAT,
    LEGACY_CODE_FORMAT,
    SIGNATURE_BYTES,
    SIGNED_PREFIX,
    SigningKey,
    public_key_pem,
    public_key_raw,
)

ALGORITHM = "Ed25519"
# How to read a badge or vehicle pass code, stated for scanners written elsewhere.
CODE_FORMAT_DESCRIPTION = {
    "version": CODE_FORMAT,
    "encoding": "RFC 4648 base32, upper case, no padding",
    "layout": "header byte (format << 4 | type; type 1 = badge, "
    "2 = vehicle pass), varint event id, varint key id, varint registration "
    "id (a vehicle pass: its pass id), varint version, "
    f"{SIGNATURE_BYTES}-byte Ed25519 signature",
    "signed_message": "the bytes "
    + repr(SIGNED_PREFIX)[2:-1]
    + " followed by everything before the signature",
    "legacy_version": LEGACY_CODE_FORMAT,
    "legacy_layout": f"format {LEGACY_CODE_FORMAT} (badges printed before key "
    "generations): the same without the key id; verify it with key id 0",
}


class BatchRequestSerializer(serializers.Serializer):
    """The filters of a batch print."""

    category = StrictSlugField(required=False, allow_blank=True, max_length=50)
    delegation = StrictCharField(required=False, allow_blank=True, max_length=200)
    references = serializers.ListField(
        child=StrictCharField(max_length=16),
        required=False,
        max_length=2000,
        help_text="Registration references of the event (unknown ones answer 400); those not "
        "approved are reported as not printed.",
    )
    sheet = StrictChoiceField(
        choices=[("card", "one badge per page"), ("a4", "A4 sheets with cut lines")],
        required=False,
        default="card",
    )


# --- The public keys --------------------------------------------------------------------


def public_key_base64(key: SigningKey) -> str:
    """A generation's raw 32-byte Ed25519 public key, base64 (RFC 4648, padded)."""
    return base64.b64encode(public_key_raw(key)).decode("ascii")


class PublicKeyBase64Field(serializers.CharField):
    """A `SigningKey` as its raw public key, base64."""

    def to_representation(self, value: SigningKey) -> str:
        return public_key_base64(value)


class PublicKeyPemField(serializers.CharField):
    """A `SigningKey` as its public key, PEM (SubjectPublicKeyInfo)."""

    def to_representation(self, value: SigningKey) -> str:
        return public_key_pem(value)


@dataclass(frozen=True)
class KeyGeneration:
    key: SigningKey
    current: bool
    algorithm: str = ALGORITHM


@dataclass(frozen=True)
class EventPublicKeys:
    """What the key endpoint answers: the event and the public side of its key ring."""

    event: Event
    keys: PublicKeys
    algorithm: str = ALGORITHM
    code_format: dict = field(default_factory=lambda: CODE_FORMAT_DESCRIPTION)

    @property
    def generations(self) -> list[KeyGeneration]:
        return [KeyGeneration(key, key == self.keys.current) for key in self.keys.valid]


class BadgePublicKeySerializer(serializers.Serializer):
    key_id = serializers.IntegerField(source="key.key_id")
    public_key = PublicKeyBase64Field(source="key")
    public_key_pem = PublicKeyPemField(source="key")
    current = serializers.BooleanField(help_text="The generation new codes are signed with.")


class BadgeCodeFormatSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    encoding = serializers.CharField()
    layout = serializers.CharField()
    signed_message = serializers.CharField()
    legacy_version = serializers.IntegerField()
    legacy_layout = serializers.CharField()


class BadgeKeysSerializer(serializers.Serializer):
    event = serializers.CharField(source="event.slug", help_text="The event's slug.")
    event_id = serializers.IntegerField(source="event.pk")
    algorithm = serializers.CharField()
    key_id = serializers.IntegerField(
        source="keys.current.key_id", help_text="The current generation's."
    )
    public_key = PublicKeyBase64Field(source="keys.current")
    public_key_pem = PublicKeyPemField(source="keys.current")
    keys = BadgePublicKeySerializer(
        source="generations", many=True, help_text="Every generation that still verifies."
    )
    revoked_key_ids = serializers.ListField(
        source="keys.revoked_ids",
        child=serializers.IntegerField(),
        help_text="Generations whose codes answer `revoked`.",
    )
    code_format = BadgeCodeFormatSerializer()
