"""Scans made without network, uploaded later: recorded at their time, conflicts kept.

The server's own verdict is stored beside what the device showed; a badge the
device let in that someone else had let in (with no exit between), or that the
server refuses, is recorded as a conflict for the organizers. A client scan id
is bound to its scan like an online nonce (registrations/checkin/scan.py).
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from events.summit.models import Event
from registrations.checkin.answers import ScanDevice
from registrations.checkin.layout import ZoneInfo, resolve_zone
from registrations.checkin.messages import BADGE_AT_VEHICLE_GATE
from registrations.checkin.models import (
    CheckInConflict,
    CheckInScan,
    ConflictKind,
    Direction,
    ScanMethod,
    ScanResult,
    ZonePresence,
)
from registrations.checkin.selectors import scan_registrations
from registrations.checkin.verdicts import (
    CODE_PREFIX_LENGTH,
    code_verdict,
    request_digest,
    status_verdict,
    vehicle_verdict,
)
from registrations.presence import Presence
from registrations.vehicles.models import VehicleGateEntry, VehiclePass


@dataclass(frozen=True)
class OfflineScan:
    client_scan_id: str
    code: str
    zone_slug: str
    scanned_at: datetime
    direction: str = Direction.IN
    device_result: str = ""


@dataclass
class OfflineResult:
    client_scan_id: str
    result: str
    duplicate: bool = False
    conflict: str = ""
    # Why this item was refused (its id already names another scan); nothing recorded.
    error: str = ""


def _admitted(direction: str) -> Q:
    """Scans that let someone through a door: accepted online, or shown green offline."""
    return Q(direction=direction) & (
        Q(offline=False, result=ScanResult.ACCEPTED)
        | Q(offline=True, device_result=ScanResult.ACCEPTED)
    )


def checkin_offline_upload(
    *, event: Event, device: ScanDevice, scans: list[OfflineScan]
) -> list[OfflineResult]:
    """Record scans made without network, at their original time. Idempotent per client id.

    The server's own verdict is stored beside what the device showed; a badge the
    device let in that someone else had let in (with no exit between), or that the
    server refuses, is recorded as a conflict for the organizers.
    """
    zones = {}
    for item in scans:
        if item.zone_slug not in zones:
            zones[item.zone_slug] = resolve_zone(event=event, slug=item.zone_slug)[1]
    return [
        _offline_one(event=event, device=device, item=item, zone=zones[item.zone_slug])
        for item in scans
    ]


def _offline_again(item: OfflineScan, earlier: CheckInScan, *, digest: str) -> OfflineResult:
    """An id recorded before: the same scan is a duplicate, another scan under it is refused.

    Refused alone, not with its batch: the device's other scans are still worth recording.
    """
    if earlier.request_digest != digest:
        return OfflineResult(
            item.client_scan_id,
            "",
            error=_(
                "This client scan id was already sent with another scan (another code, "
                "zone or direction): give each scan its own id."
            ),
        )
    return OfflineResult(item.client_scan_id, earlier.result, duplicate=True)


def _offline_one(*, event, device, item: OfflineScan, zone: ZoneInfo) -> OfflineResult:
    # The same digest as online: a scan whose online answer was lost, queued under its
    # nonce, is a duplicate when uploaded.
    digest = request_digest(
        method=ScanMethod.CODE, text=item.code, zone_id=zone.id, direction=item.direction
    )
    with transaction.atomic():
        earlier = CheckInScan.objects.filter(event_id=event.pk, nonce=item.client_scan_id).first()
        if earlier is not None:
            return _offline_again(item, earlier, digest=digest)
        verdict = code_verdict(event=event, code=item.code)
        version, result, detail = verdict.version, verdict.result, verdict.detail
        registration = vehicle = None
        if verdict.is_vehicle_pass:
            vehicle = (
                VehiclePass.objects.filter(event_id=event.pk, pk=verdict.subject_id)
                .order_by()
                .first()
            )
            result, detail = vehicle_verdict(vehicle, zone=zone, version=version)
            if not result:
                result = _offline_move(
                    event,
                    zone,
                    item,
                    device,
                    model=VehicleGateEntry,
                    owner={"vehicle_pass": vehicle},
                )
        elif not result and zone.is_vehicle_gate:
            result, detail = ScanResult.ZONE_DENIED, BADGE_AT_VEHICLE_GATE
        elif not result:
            registration = (
                scan_registrations(event=event, zone=zone, nonce="")
                .filter(pk=verdict.subject_id)
                .first()
            )
            if registration is None:
                result, detail = ScanResult.INVALID, "unknown_registration"
            else:
                result, detail = status_verdict(
                    registration, version=version, method=ScanMethod.CODE
                )
        if not result and registration is not None:
            result = _offline_move(
                event, zone, item, device, model=ZonePresence, owner={"registration": registration}
            )
        try:
            with transaction.atomic():
                scan = CheckInScan.objects.create(
                    event_id=event.pk,
                    zone_id=zone.id,
                    registration=registration,
                    vehicle_pass=vehicle,
                    badge_version=version,
                    direction=item.direction,
                    method=ScanMethod.CODE,
                    result=result,
                    detail=detail,
                    code_prefix=item.code.strip()[:CODE_PREFIX_LENGTH],
                    token=device.token,
                    user=device.user,
                    device_label=device.label,
                    nonce=item.client_scan_id,
                    request_digest=digest,
                    scanned_at=item.scanned_at,
                    offline=True,
                    device_result=item.device_result,
                )
        except IntegrityError:
            # The same id, recorded meanwhile by another upload: this item's moves are
            # undone with it, and it is answered like any later upload of that id.
            earlier = CheckInScan.objects.get(event_id=event.pk, nonce=item.client_scan_id)
            transaction.set_rollback(True)
            return _offline_again(item, earlier, digest=digest)
        conflict = ""
        if item.device_result == ScanResult.ACCEPTED and registration is not None:
            conflict = _offline_conflict(event, registration, zone, scan, result)
    return OfflineResult(item.client_scan_id, result, conflict=conflict)


def _offline_move(
    event, zone: ZoneInfo, item: OfflineScan, device, *, model: type[Presence], owner: dict
) -> str:
    """Update who is inside from a scan made at `item.scanned_at`; the server's verdict.

    `model` is ZonePresence (owner: the registration) or VehicleGateEntry (owner:
    the vehicle pass), the one presence shape (registrations/presence.py). Unlike an
    online scan (registrations/checkin/admission.py), an upload applies scans in the
    order they were made, not received, so it locks the row and compares times.
    """
    at = item.scanned_at
    presence = model.objects.select_for_update().filter(zone_id=zone.id, **owner).first()
    if item.direction == Direction.OUT:
        if presence is not None and at >= presence.last_moved_at:
            presence.is_inside = False
            presence.last_moved_at = at
            presence.save(update_fields=["is_inside", "last_moved_at"])
        return ScanResult.ACCEPTED
    if presence is None:
        model.objects.create(
            event_id=event.pk,
            **owner,
            zone_id=zone.id,
            first_checked_in_at=at,
            first_device=device.label,
            last_moved_at=at,
        )
        return ScanResult.ACCEPTED
    result = (
        ScanResult.ALREADY_CHECKED_IN
        if presence.is_inside and presence.last_moved_at <= at
        else ScanResult.ACCEPTED
    )
    if at < presence.first_checked_in_at:
        presence.first_checked_in_at = at
        presence.first_device = device.label
    if at >= presence.last_moved_at:
        presence.is_inside = True
        presence.last_moved_at = at
    if result == ScanResult.ACCEPTED:
        presence.entries += 1
    presence.save()
    return result


def _offline_conflict(event, registration, zone: ZoneInfo, scan: CheckInScan, result: str) -> str:
    """Record what the server would not have allowed of a scan the device let through."""
    if result not in (ScanResult.ACCEPTED, ScanResult.ALREADY_CHECKED_IN):
        CheckInConflict.objects.get_or_create(
            scan=scan,
            kind=ConflictKind.REFUSED_BY_SERVER,
            defaults={"event": event, "registration": registration, "zone_id": zone.id},
        )
        return ConflictKind.REFUSED_BY_SERVER
    if scan.direction != Direction.IN:
        return ""
    history = CheckInScan.objects.filter(registration=registration, zone_id=zone.id).exclude(
        pk=scan.pk
    )
    found = ""
    before = (
        history.filter(_admitted(Direction.IN), scanned_at__lte=scan.scanned_at)
        .order_by("-scanned_at", "-pk")
        .first()
    )
    if (
        before is not None
        and not history.filter(
            _admitted(Direction.OUT),
            scanned_at__gte=before.scanned_at,
            scanned_at__lte=scan.scanned_at,
        ).exists()
    ):
        _double_admission(event, registration, zone, earlier=before, later=scan)
        found = ConflictKind.DOUBLE_ADMISSION
    after = (
        history.filter(_admitted(Direction.IN), scanned_at__gt=scan.scanned_at)
        .order_by("scanned_at", "pk")
        .first()
    )
    if (
        after is not None
        and not history.filter(
            _admitted(Direction.OUT),
            scanned_at__gte=scan.scanned_at,
            scanned_at__lte=after.scanned_at,
        ).exists()
    ):
        _double_admission(event, registration, zone, earlier=scan, later=after)
        found = ConflictKind.DOUBLE_ADMISSION
    return found


def _double_admission(event, registration, zone, *, earlier, later) -> None:
    CheckInConflict.objects.get_or_create(
        scan=later,
        kind=ConflictKind.DOUBLE_ADMISSION,
        defaults={
            "event": event,
            "registration": registration,
            "zone_id": zone.id,
            "earlier_scan": earlier,
        },
    )
