"""Door check-in: answer a scan, log it, admit a badge to a zone once.

The hot path of `checkin_scan` costs at most three queries after
authentication: one read (registration, category, current badge version, zone
grant, presence in the zone and, with a nonce, an earlier answer, all joined:
`scan_registrations` in registrations/checkin/selectors.py), then the presence
insert or update and the scan log insert, in one transaction (so a scan that
cannot be logged admits nobody). The admission itself, for badges and vehicle
passes alike, is registrations/checkin/admission.py.

Vehicle passes (signed codes of type VEHICLE) are answered at vehicle gates
(zones of kind `vehicle`) the same way, with their own unique row
(VehicleGateEntry per pass and gate). A vehicle gate admits vehicle passes
only, every other zone badges only: the wrong kind answers `zone_denied` with
a message saying where it belongs. The badge path does not read vehicle data.

The zones and categories of an event (the "layout", registrations/checkin/layout.py)
are cached for a minute; the grant decision itself is always read from the database.

A nonce binds the request it was sent with (registrations/checkin/replays.py). The
unique (event, nonce) row decides races: an admission and its scan log are one
transaction, so a request that loses the nonce to another one also loses its
admission, and then compares digests like any late retry.
"""

from django.utils import timezone

from events.summit.models import Event
from registrations.checkin.admission import (
    admit,
    answer_and_log,
    badge_admittee,
    vehicle_admittee,
)
from registrations.checkin.answers import DoorScan, ScanDevice, ScanOutcome
from registrations.checkin.layout import resolve_zone
from registrations.checkin.messages import BADGE_AT_VEHICLE_GATE
from registrations.checkin.models import CheckInScan, Direction, ScanMethod, ScanResult
from registrations.checkin.replays import answer_again, earlier_answer
from registrations.checkin.selectors import scan_registrations
from registrations.checkin.verdicts import (
    CODE_PREFIX_LENGTH,
    CodeVerdict,
    code_verdict,
    request_digest,
    status_verdict,
    vehicle_verdict,
)
from registrations.vehicles.models import VehiclePass


def checkin_scan(
    *,
    event: Event,
    device: ScanDevice,
    code: str | None = None,
    reference: str | None = None,
    zone_slug: str = "",
    direction: str = Direction.IN,
    nonce: str = "",
) -> ScanOutcome:
    """Answer one scan (a badge code, or a reference looked up by hand) and log it."""
    layout, zone = resolve_zone(event=event, slug=zone_slug)
    now = timezone.now()
    method = ScanMethod.MANUAL if reference is not None else ScanMethod.CODE
    text = code if code is not None else (reference or "")
    digest = (
        request_digest(method=method, text=text, zone_id=zone.id, direction=direction)
        if nonce
        else ""
    )
    door = DoorScan(
        event=event,
        zone=zone,
        layout=layout,
        device=device,
        now=now,
        log={
            "event_id": event.pk,
            "zone_id": zone.id,
            "direction": direction,
            "method": method,
            "code_prefix": text.strip()[:CODE_PREFIX_LENGTH],
            "token": device.token,
            "user": device.user,
            "device_label": device.label,
            "nonce": nonce,
            "request_digest": digest,
            "scanned_at": now,
            "received_at": now,
        },
    )

    if method == ScanMethod.CODE:
        verdict = code_verdict(event=event, code=text)
        if verdict.is_vehicle_pass:
            return _vehicle_scan(door, verdict, direction=direction)
        version, refusal, detail = verdict.version, verdict.result, verdict.detail
        lookup = {"pk": verdict.subject_id}
    else:
        version, refusal, detail = None, "", ""
        lookup = {"reference": text.strip().upper()}
    door.log["badge_version"] = version
    if not refusal and zone.is_vehicle_gate:
        refusal, detail = ScanResult.ZONE_DENIED, BADGE_AT_VEHICLE_GATE

    registration = None
    if not refusal:
        registration = next(
            iter(scan_registrations(event=event, zone=zone, nonce=nonce).filter(**lookup)[:1]),
            None,
        )
        if registration is None:
            refusal, detail = ScanResult.INVALID, "unknown_registration"
        elif nonce and registration.replay_of:
            return answer_again(CheckInScan.objects.get(pk=registration.replay_of), door)
    if refusal:
        # Nobody to admit: a nonce already logged is answered as it was the first time.
        if (earlier := earlier_answer(door)) is not None:
            return earlier
        return answer_and_log(door, refusal, detail, subject={})

    door.log["registration"] = registration
    refusal, detail = status_verdict(registration, version=version, method=method)
    if refusal:
        return answer_and_log(door, refusal, detail, subject={"registration": registration})
    return admit(door, badge_admittee(registration), direction=direction)


def _vehicle_scan(door: DoorScan, verdict: CodeVerdict, *, direction: str) -> ScanOutcome:
    """Answer a vehicle pass code: at a vehicle gate, admitted once; anywhere else refused."""
    if (earlier := earlier_answer(door)) is not None:
        return earlier
    vehicle = (
        VehiclePass.objects.filter(event_id=door.event.pk, pk=verdict.subject_id)
        .select_related("delegation", "driver")
        .order_by()
        .first()
    )
    door.log.update(vehicle_pass=vehicle, badge_version=verdict.version)
    refusal, detail = vehicle_verdict(vehicle, zone=door.zone, version=verdict.version)
    if refusal:
        return answer_and_log(door, refusal, detail, subject={"vehicle_pass": vehicle})
    return admit(door, vehicle_admittee(vehicle, zone_id=door.zone.id), direction=direction)
