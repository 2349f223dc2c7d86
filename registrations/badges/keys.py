"""Badge key generations of each event: which one signs new codes, which verify, rotation.

The key material and the code format are registrations/badges/signing.py; this module
reads the generations (`BadgeSigningKey` rows) and changes them.

- Scans verify against the event's key ring, cached in this process for
  RING_SECONDS: a scan costs no query for keys, and a rotation or revocation
  made anywhere (another gunicorn worker, `manage.py` on another machine) holds
  on every process within RING_SECONDS, at once in the process that made it. The
  cache is process memory, so scans verify the same whether Redis is up or not.
- Signing reads the current generation from the database every time (one
  indexed query): a badge printed a second after a rotation is never signed with
  a key that the rotation has just revoked.
- A new event gets its first generation (key id 1, random salt; 0 is kept for
  codes printed before generations existed) when a code is first signed or its
  public keys are first asked for. Processes doing that at once all try to insert
  key id 1; the unique constraint lets one win and the others read its row.
- A rotation makes the next generation and revokes the earlier ones (or, for a
  changeover, keeps the one in use until then), under the event's row lock so
  that two rotations never pick the same key id.
"""

import time
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from events.audit.services import Actor, audit_record
from events.summit.models import Event
from registrations.badges.models import BadgeSigningKey
from registrations.badges.signing import (
    BadgeCode,
    KeyRing,
    ParsedCode,
    SigningKey,
    TokenType,
    Verification,
    code_sign,
    code_verify,
    new_salt,
)
from registrations.registration.capacity import lock_event

RING_SECONDS = 5.0
# Codes can name any event id; the cache stays bounded whatever is scanned.
MAX_CACHED_RINGS = 1024
FIRST_KEY_ID = 1

_rings: dict[int, tuple[float, KeyRing]] = {}


def _signing_key(row: BadgeSigningKey) -> SigningKey:
    return SigningKey(
        event_id=row.event_id,
        key_id=row.key_id,
        salt=row.salt,
        revoked=row.revoked_at is not None,
    )


def _ring_read(event_id: int) -> KeyRing:
    rows = BadgeSigningKey.objects.filter(event_id=event_id).order_by("-key_id")
    return KeyRing(event_id=event_id, keys=tuple(_signing_key(row) for row in rows))


# --- Reads --------------------------------------------------------------------


def badge_key_ring(*, event_id: int) -> KeyRing:
    """Every generation of the event, at most RING_SECONDS old (see the module docstring)."""
    now = time.monotonic()
    cached = _rings.get(event_id)
    if cached is not None and now - cached[0] < RING_SECONDS:
        return cached[1]
    ring = _ring_read(event_id)
    if len(_rings) >= MAX_CACHED_RINGS:
        _rings.clear()
    _rings[event_id] = (now, ring)
    return ring


def badge_key_ring_forget(*, event_id: int | None = None) -> None:
    """Drop the cached ring of one event (after a change), or of all (tests)."""
    if event_id is None:
        _rings.clear()
    else:
        _rings.pop(event_id, None)


def badge_code_verify(parsed: ParsedCode) -> Verification:
    """Verify a parsed code against the key ring of the event it names."""
    return code_verify(parsed, ring=badge_key_ring(event_id=parsed.code.event_id))


@dataclass(frozen=True)
class PublicKeys:
    """What a scanner needs: the current key, every valid one, the revoked key ids."""

    current: SigningKey
    valid: tuple[SigningKey, ...]
    revoked_ids: tuple[int, ...]


def badge_public_keys(*, event_id: int) -> PublicKeys:
    current = badge_key_current(event_id=event_id)
    ring = _ring_read(event_id)
    return PublicKeys(current=current, valid=ring.valid, revoked_ids=ring.revoked_ids)


# --- Signing ------------------------------------------------------------------


def badge_key_current(*, event_id: int) -> SigningKey:
    """The generation that signs the event's new codes; the first one made on first use."""
    # One read decides both whether a valid generation exists and the next key id,
    # so processes racing to make the first one all pick the same id and collide.
    ring = _ring_read(event_id)
    if ring.current is not None:
        return ring.current
    key_id = ring.keys[0].key_id + 1 if ring.keys else FIRST_KEY_ID
    try:
        with transaction.atomic():
            BadgeSigningKey.objects.create(event_id=event_id, key_id=key_id, salt=new_salt())
    except IntegrityError:
        pass  # another process made it at the same moment: use that one
    badge_key_ring_forget(event_id=event_id)
    return _ring_read(event_id).current


def badge_code(*, event_id: int, registration_id: int, version: int) -> str:
    """A badge's QR text, signed by the event's current generation."""
    return code_sign(
        BadgeCode(event_id=event_id, registration_id=registration_id, version=version),
        key=badge_key_current(event_id=event_id),
    )


def vehicle_pass_code(*, event_id: int, pass_id: int, version: int) -> str:
    """A vehicle pass's QR text: the badge format with the vehicle token type."""
    return code_sign(
        BadgeCode(
            event_id=event_id,
            registration_id=pass_id,
            version=version,
            token_type=TokenType.VEHICLE,
        ),
        key=badge_key_current(event_id=event_id),
    )


# --- Writes -------------------------------------------------------------------


def badge_key_rotate(*, event: Event, actor: Actor, keep_previous: bool = False) -> SigningKey:
    """Make the event's next generation; it signs every code from now on.

    The earlier generations are revoked at once (their badges and passes answer
    `revoked`), except, with `keep_previous`, the one in use until now, for a
    changeover that `badge_key_end_changeover` ends.
    """
    badge_key_current(event_id=event.pk)  # an event that never signed has a generation to replace
    with transaction.atomic():
        lock_event(event.pk)
        rows = list(BadgeSigningKey.objects.filter(event=event).order_by("-key_id"))
        in_use = next((row for row in rows if row.revoked_at is None), None)
        kept = in_use if keep_previous else None
        revoked = [row.key_id for row in rows if row.revoked_at is None and row is not kept]
        now = timezone.now()
        BadgeSigningKey.objects.filter(event=event, key_id__in=revoked).update(
            revoked_at=now, updated_at=now
        )
        new = BadgeSigningKey.objects.create(
            event=event, key_id=rows[0].key_id + 1, salt=new_salt()
        )
        audit_record(
            event=event,
            actor=actor,
            action="badge_key.rotated",
            obj=event,
            data={"key_id": new.key_id, "revoked": revoked, "kept": kept.key_id if kept else None},
        )
    badge_key_ring_forget(event_id=event.pk)
    return _signing_key(new)


def badge_key_end_changeover(*, event: Event, actor: Actor) -> SigningKey:
    """Revoke every generation of the event but the current one; returns the current one."""
    badge_key_current(event_id=event.pk)
    with transaction.atomic():
        lock_event(event.pk)
        valid = list(
            BadgeSigningKey.objects.filter(event=event, revoked_at__isnull=True).order_by("-key_id")
        )
        current, earlier = valid[0], [row.key_id for row in valid[1:]]
        now = timezone.now()
        BadgeSigningKey.objects.filter(event=event, key_id__in=earlier).update(
            revoked_at=now, updated_at=now
        )
        audit_record(
            event=event,
            actor=actor,
            action="badge_key.changeover_ended",
            obj=event,
            data={"key_id": current.key_id, "revoked": earlier},
        )
    badge_key_ring_forget(event_id=event.pk)
    return _signing_key(current)
