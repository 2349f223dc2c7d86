"""Door pages under /manage/<slug>/checkin/: the scanner and the live dashboard.

Both pages are thin: their static scripts call the check-in API with the
session (and the CSRF token for scans); nothing is computed here that the API
does not also offer to a scanner device.
"""

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from events.access import event_role_required
from events.teams.models import Role
from registrations.checkin.layout import event_layout
from registrations.checkin.messages import (
    BADGE_AT_VEHICLE_GATE,
    VEHICLE_AT_PERSON_GATE,
    result_message,
)
from registrations.checkin.models import ScanResult
from registrations.checkin.selectors import checkin_counts, conflicts_recent


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
