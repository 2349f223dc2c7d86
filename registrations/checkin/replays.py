"""A request sent again with its nonce gets its first answer; a nonce reused is refused.

A nonce (online) or client scan id (offline upload, registrations/checkin/offline.py)
is bound to what it was sent with: the scan log keeps a SHA-256 of the scanned text,
the zone and the direction (`request_digest`). The same request again gets the first
answer (a retry after a lost response), nothing new written; the nonce with anything
else is refused (ScanRequestError, 400), never answered with the first scan's verdict
and name.
"""

from django.utils.translation import gettext as _

from registrations.checkin.answers import DoorScan, ScanOutcome
from registrations.checkin.layout import ScanRequestError
from registrations.checkin.models import CheckInScan, ZonePresence
from registrations.registration.models import Registration
from registrations.vehicles.models import VehicleGateEntry, VehiclePass


def nonce_reused() -> ScanRequestError:
    return ScanRequestError(
        _(
            "This nonce was already sent with another scan (another code, zone or "
            "direction): send a new nonce with each scan."
        ),
        field="nonce",
    )


def earlier_answer(door: DoorScan) -> ScanOutcome | None:
    """The first answer to this scan's nonce, if a scan was already logged under it."""
    if not door.nonce:
        return None
    earlier = CheckInScan.objects.filter(event_id=door.event.pk, nonce=door.nonce).first()
    return None if earlier is None else answer_again(earlier, door)


def replay_nonce(door: DoorScan) -> ScanOutcome:
    """The answer to a request whose nonce another request recorded first."""
    earlier = CheckInScan.objects.get(event_id=door.event.pk, nonce=door.nonce)
    return answer_again(earlier, door)


def answer_again(earlier: CheckInScan, door: DoorScan) -> ScanOutcome:
    """The first answer again for the same request; the nonce with another one is refused.

    A record without a digest (made before nonces were bound) matches nothing: its
    request cannot be told apart from another, so it is refused rather than trusted.
    """
    if earlier.request_digest != door.log["request_digest"]:
        raise nonce_reused()
    return _replay(earlier, door)


def _replay(scan: CheckInScan, door: DoorScan) -> ScanOutcome:
    """The first answer to a request sent again with the same nonce; nothing new is written."""
    registration = None
    vehicle = None
    first_at, first_device = None, ""
    if scan.vehicle_pass_id:
        vehicle = VehiclePass.objects.select_related("delegation", "driver").get(
            pk=scan.vehicle_pass_id
        )
        entry = VehicleGateEntry.objects.filter(
            vehicle_pass_id=scan.vehicle_pass_id, zone_id=scan.zone_id
        ).first()
        if entry is not None:
            first_at, first_device = entry.first_checked_in_at, entry.first_device
    if scan.registration_id:
        registration = Registration.objects.select_related("category", "delegation").get(
            pk=scan.registration_id
        )
        presence = ZonePresence.objects.filter(
            registration_id=scan.registration_id, zone_id=scan.zone_id
        ).first()
        if presence is not None:
            first_at, first_device = presence.first_checked_in_at, presence.first_device
    return ScanOutcome(
        result=scan.result,
        scan=scan,
        zone=door.layout.zones.get(scan.zone_id, door.zone),
        layout=door.layout,
        registration=registration,
        first_checked_in_at=first_at,
        first_device=first_device,
        replayed=True,
        detail=scan.detail,
        vehicle_pass=vehicle,
    )
