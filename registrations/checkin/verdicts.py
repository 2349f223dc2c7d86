"""What a scan is, before anything is written: shared by online scans and offline uploads.

A scanned text is decoded and its signature checked without the database
(`code_verdict`); the registration's or the vehicle pass's state then decides
whether it passes (`status_verdict`, `vehicle_verdict`). A nonce or client scan id
is bound to the request it came with by `request_digest`.
"""

import hashlib
import json
from dataclasses import dataclass

from events.summit.models import Event
from registrations.badges.keys import badge_code_verify
from registrations.badges.signing import CodeError, TokenType, Verification, code_parse
from registrations.checkin.layout import ZoneInfo
from registrations.checkin.messages import VEHICLE_AT_PERSON_GATE
from registrations.checkin.models import ScanMethod, ScanResult
from registrations.registration.models import Registration, Status
from registrations.vehicles.models import VehiclePass, VehiclePassStatus

# How much of the scanned text the scan log keeps.
CODE_PREFIX_LENGTH = 80


def request_digest(*, method: str, text: str, zone_id: int, direction: str) -> str:
    """SHA-256 (hex) of what a nonce is sent with, as the scan is judged.

    The text is trimmed and upper-cased as the code decoder reads it, and the zone is
    the one resolved (no zone named and the main entrance named are one request), so
    a retry always gives the same digest and any other scan a different one.
    """
    canonical = json.dumps(
        ["checkin-scan/1", method, text.strip().upper(), zone_id, direction],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


@dataclass(frozen=True)
class CodeVerdict:
    """What a scanned text is: `result` is "" for a code signed for this event."""

    subject_id: int | None = None
    version: int | None = None
    result: str = ""
    detail: str = ""
    token_type: int = TokenType.BADGE

    @property
    def is_vehicle_pass(self) -> bool:
        return not self.result and self.token_type == TokenType.VEHICLE


def code_verdict(*, event: Event, code: str) -> CodeVerdict:
    """Decode and verify a scanned text (badge or vehicle pass); no database access
    (the key ring is cached in the process: registrations/badges/keys.py)."""
    try:
        parsed = code_parse(code)
    except CodeError as error:
        return CodeVerdict(result=ScanResult.INVALID, detail=error.detail)
    token_type = parsed.code.token_type
    if token_type not in (TokenType.BADGE, TokenType.VEHICLE):
        return CodeVerdict(result=ScanResult.INVALID, detail="unknown_type")
    signed = badge_code_verify(parsed)
    if signed not in (Verification.VALID, Verification.REVOKED):
        return CodeVerdict(result=ScanResult.INVALID, detail=signed.value)
    if parsed.code.event_id != event.pk:
        # Signed by another of our events (under any of its generations).
        return CodeVerdict(
            result=ScanResult.WRONG_EVENT,
            detail=f"event:{parsed.code.event_id}",
            token_type=token_type,
        )
    if signed == Verification.REVOKED:
        # A genuine code of a revoked key generation (a rotated key): printed
        # before the rotation, it opens no door any more.
        return CodeVerdict(result=ScanResult.REVOKED, detail="key_revoked", token_type=token_type)
    return CodeVerdict(
        subject_id=parsed.code.subject_id, version=parsed.code.version, token_type=token_type
    )


def status_verdict(
    registration: Registration, *, version: int | None, method: str
) -> tuple[str, str]:
    if registration.status == Status.REVOKED:
        return ScanResult.REVOKED, "registration_revoked"
    if registration.status != Status.APPROVED:
        return ScanResult.NOT_APPROVED, registration.status
    if method == ScanMethod.CODE and version != registration.current_version:
        return ScanResult.REVOKED, "old_version"
    if not registration.zone_granted:
        return ScanResult.ZONE_DENIED, ""
    return "", ""


def vehicle_verdict(
    vehicle: VehiclePass | None, *, zone: ZoneInfo, version: int | None
) -> tuple[str, str]:
    """(result, detail) refusing a vehicle pass at this gate, or ("", "") to let it through."""
    if vehicle is None:
        return ScanResult.INVALID, "unknown_vehicle_pass"
    if not zone.is_vehicle_gate:
        return ScanResult.ZONE_DENIED, VEHICLE_AT_PERSON_GATE
    if vehicle.status == VehiclePassStatus.REVOKED:
        return ScanResult.REVOKED, "pass_revoked"
    if vehicle.status != VehiclePassStatus.APPROVED:
        return ScanResult.NOT_APPROVED, vehicle.status
    if version != vehicle.version:
        return ScanResult.REVOKED, "old_version"
    return "", ""
