"""What the door staff read for each answer, in their language."""

from django.utils.translation import gettext as _

from registrations.checkin.models import Direction, ScanResult

# Scan log details that come with their own message at the door.
BADGE_AT_VEHICLE_GATE = "badge_at_vehicle_gate"
VEHICLE_AT_PERSON_GATE = "vehicle_pass_at_person_gate"


def verdict_label(result: str, direction: str = Direction.IN) -> str:
    """The answer in one word or two: an exit let through reads "Left", not "Accepted"."""
    if direction == Direction.OUT and result == ScanResult.ACCEPTED:
        return _("Left")
    return ScanResult(result).label if result in ScanResult.values else result


def result_message(
    result: str, detail: str = "", *, vehicle: bool = False, direction: str = Direction.IN
) -> str:
    """What the door staff read, in their language."""
    if direction == Direction.OUT and result == ScanResult.ACCEPTED:
        return _("Goodbye.")
    if detail == VEHICLE_AT_PERSON_GATE:
        return _("This is a vehicle pass: scan it at a vehicle gate.")
    if detail == BADGE_AT_VEHICLE_GATE:
        return _("Badges are not valid at a vehicle gate.")
    if vehicle:
        return {
            ScanResult.ACCEPTED: _("Vehicle pass valid: let the vehicle in."),
            ScanResult.ALREADY_CHECKED_IN: _(
                "Already through this gate: this vehicle pass was used before."
            ),
            ScanResult.INVALID: _("Not a valid vehicle pass: do not let in."),
            ScanResult.NOT_APPROVED: _("Vehicle pass not approved: do not let in."),
            ScanResult.REVOKED: _("Revoked vehicle pass: do not let in; keep the pass."),
            ScanResult.WRONG_EVENT: _("Vehicle pass of another event: do not let in."),
        }.get(result, "")
    return {
        ScanResult.ACCEPTED: _("Welcome: let in."),
        ScanResult.ALREADY_CHECKED_IN: _("Already checked in here: this badge was used before."),
        ScanResult.INVALID: _("Not a valid badge: do not let in."),
        ScanResult.NOT_APPROVED: _("Not accredited: do not let in."),
        ScanResult.REVOKED: _("Revoked badge: do not let in; keep the badge."),
        ScanResult.WRONG_EVENT: _("Badge of another event: do not let in."),
        ScanResult.ZONE_DENIED: _("This badge does not grant this zone."),
    }.get(result, "")
