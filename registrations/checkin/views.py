"""Door pages under /manage/<slug>/checkin/: the scanner and the live dashboard.

Both pages are thin: their static scripts call the check-in API with the
session (and the CSRF token for scans); nothing is computed here that the API
does not also offer to a scanner device.
"""

from django.shortcuts import render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from events.access import event_role_required
from events.teams.models import Role
from registrations.checkin.layout import event_layout
from registrations.checkin.messages import (
    BADGE_AT_VEHICLE_GATE,
    VEHICLE_AT_PERSON_GATE,
    result_message,
    verdict_label,
)
from registrations.checkin.models import CheckInScan, Direction, ScanResult
from registrations.checkin.selectors import checkin_counts, conflicts_recent, scans_recent

# The scanner page lists its user's last scans, on load and after each scan (scanner.js).
RECENT_SCANS = 10


def scan_tone(result: str, direction: str) -> str:
    """The answer's colour, as scanner.js gives it: an exit let through is neutral."""
    if direction == Direction.OUT and result == ScanResult.ACCEPTED:
        return "neutral"
    if result == ScanResult.ACCEPTED:
        return "green"
    return "amber" if result == ScanResult.ALREADY_CHECKED_IN else "red"


def _recent_row(scan: CheckInScan, event) -> dict:
    if scan.vehicle_pass is not None:
        name = "🚗 " + scan.vehicle_pass.plate
    elif scan.registration is not None:
        name = scan.registration.display_name
    else:
        name = "—"
    at = timezone.localtime(scan.scanned_at, event.tzinfo)
    return {
        "name": name,
        "verdict": verdict_label(scan.result, scan.direction),
        "tone": scan_tone(scan.result, scan.direction),
        "time": formats.time_format(at, "H:i:s"),
        "iso": at.isoformat(),
        "offline": scan.offline,
    }


def scans_recent_rows(*, event, user) -> list[dict]:
    scans = scans_recent(event=event, user_id=user.pk).select_related("vehicle_pass")
    return [_recent_row(scan, event) for scan in scans[:RECENT_SCANS]]


def _api(name: str, event) -> str:
    return reverse(name, kwargs={"slug": event.slug})


def scanner_strings() -> dict:
    """Texts the scanner script shows, translated here (the script has no catalogue)."""
    return {
        "results": dict(ScanResult.choices),
        "offline_result": _("Checked offline"),
        "offline_queued": _("%(count)s offline scans waiting to be sent"),
        "offline_sent": _("Offline scans sent."),
        "network_error": _("No connection to the server."),
        "offline_expired": _(
            "No connection, and the offline list is more than a day old: do not let in "
            "without checking."
        ),
        "unverified": _("Signature not checked (this browser cannot verify it)."),
        "first_checked_in": _("First checked in"),
        "by": _("by"),
        "zones": _("Zones"),
        "no_matches": _("Nobody found."),
        "check_in": _("Check in"),
        "camera_start": _("Scan with the camera"),
        "camera_stop": _("Stop the camera"),
        "camera_error": _("The camera could not be started."),
        "entered": _("Entered"),
        "inside": _("Inside now"),
        "exit": _("Exit"),
        "left": verdict_label(ScanResult.ACCEPTED, Direction.OUT),
        "goodbye": result_message(ScanResult.ACCEPTED, direction=Direction.OUT),
        "error": _("The server refused the request."),
        "vehicle_pass": _("Vehicle pass"),
        "driver": _("Driver"),
        "vehicle_at_person_gate": result_message(ScanResult.ZONE_DENIED, VEHICLE_AT_PERSON_GATE),
        "badge_at_vehicle_gate": result_message(ScanResult.ZONE_DENIED, BADGE_AT_VEHICLE_GATE),
    }


@event_role_required(Role.CHECKIN)
def scanner(request, event):
    layout = event_layout(event_id=event.pk, refresh=True)
    zones = list(layout.zones.values())
    context = {
        "event": event,
        "zones": zones,
        "main_entrance": layout.main_entrance,
        "api": {
            "scan": _api("api-checkins", event),
            "stats": _api("api-checkin-stats", event),
            "lookup": _api("api-checkin-lookup", event),
            "package": _api("api-checkin-offline-package", event),
            "upload": _api("api-checkin-offline-upload", event),
        },
        "strings": scanner_strings(),
        "recent_scans": scans_recent_rows(event=event, user=request.user),
        "recent_limit": RECENT_SCANS,
    }
    return render(request, "registrations/checkin/scanner.html", context)


@event_role_required(Role.CHECKIN)
def dashboard(request, event):
    context = {
        "event": event,
        "counts": checkin_counts(event=event),
        "conflicts": conflicts_recent(event=event),
        "stats_url": _api("api-checkin-stats", event),
    }
    return render(request, "registrations/checkin/dashboard.html", context)
