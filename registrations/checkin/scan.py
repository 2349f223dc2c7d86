"""Door check-in: answer a scan, log it, admit a badge to a zone once.

The hot path of `checkin_scan` costs at most three queries after
authentication: one read (registration, category, current badge version, zone
grant, presence in the zone and, with a nonce, an earlier answer, all joined:
`scan_registrations` in registrations/checkin/selectors.py), then the presence
insert or update and the scan log insert, in one transaction (so a scan that
cannot be logged admits nobody). A unique row per (registration, zone) decides
races: of 200 simultaneous scans of one badge, exactly one insert succeeds, and
the others answer `already_checked_in`.

Vehicle passes (signed codes of type VEHICLE) are answered at vehicle gates
(zones of kind `vehicle`) the same way, with their own unique row
(VehicleGateEntry per pass and gate). A vehicle gate admits vehicle passes
only, every other zone badges only: the wrong kind answers `zone_denied` with
a message saying where it belongs. The badge path does not read vehicle data.

The zones and categories of an event (the "layout", registrations/checkin/layout.py)
are cached for a minute; the grant decision itself is always read from the database.

A nonce (online) or client scan id (offline upload, registrations/checkin/offline.py)
is bound to what it was sent with: the scan log keeps a SHA-256 of the scanned text,
the zone and the direction (`request_digest`). The same request again gets the first
answer (a retry after a lost response); the nonce with anything else is refused
(ScanRequestError, 400), never answered with the first scan's verdict and name. The
unique (event, nonce) row decides races: an admission and its scan log are one
transaction, so a request that loses the nonce to another one also loses its
admission, and then compares digests like any late retry.
"""

import contextlib
from dataclasses import dataclass, field
from datetime import datetime

from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from events.summit.models import Event
from events.tokens.models import ApiToken
from registrations.checkin.layout import EventLayout, ScanRequestError, ZoneInfo, resolve_zone
from registrations.checkin.messages import BADGE_AT_VEHICLE_GATE
from registrations.checkin.models import (
    CheckInScan,
    Direction,
    ScanMethod,
    ScanResult,
    ZonePresence,
)
from registrations.checkin.selectors import scan_registrations
from registrations.checkin.verdicts import (
    CODE_PREFIX_LENGTH,
    CodeVerdict,
    code_verdict,
    request_digest,
    status_verdict,
    vehicle_verdict,
)
from registrations.registration.models import Registration
from registrations.vehicles.models import VehicleGateEntry, VehiclePass


def _nonce_reused() -> ScanRequestError:
    return ScanRequestError(
        _(
            "This nonce was already sent with another scan (another code, zone or "
            "direction): send a new nonce with each scan."
        ),
        field="nonce",
    )


# --- Who scans -----------------------------------------------------------------------


@dataclass(frozen=True)
class ScanDevice:
    """The token or signed-in user at the door; its label goes into every scan log."""

    label: str
    token: ApiToken | None = None
    user: object | None = None

    @classmethod
    def from_request(cls, request) -> "ScanDevice":
        from events.tokens.authentication import TokenPrincipal

        principal = request.user
        if isinstance(principal, TokenPrincipal):
            token = principal.token
            label = token.label or f"token {token.prefix}…"
            return cls(label=label[:150], token=token)
        return cls(label=principal.get_username()[:150], user=principal)


# --- Answers ---------------------------------------------------------------------------


@dataclass
class ScanOutcome:
    result: str
    scan: CheckInScan
    zone: ZoneInfo
    layout: EventLayout
    registration: Registration | None = None
    first_checked_in_at: datetime | None = None
    first_device: str = ""
    replayed: bool = False
    detail: str = ""
    extra: dict = field(default_factory=dict)
    vehicle_pass: VehiclePass | None = None


def _guarded(write):
    """Run a write that may violate a unique constraint.

    Outside a transaction (how requests run) a refused statement leaves the
    connection usable, so no savepoint is spent on the hot path; inside one
    (tests, or a caller's transaction) a savepoint keeps the refusal local.
    """
    if connection.in_atomic_block:
        with transaction.atomic():
            return write()
    return write()


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
    log = {
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
    }

    def outcome(result, scan, registration=None, detail="", **extra) -> ScanOutcome:
        return ScanOutcome(
            result=result,
            scan=scan,
            zone=zone,
            layout=layout,
            registration=registration,
            detail=detail,
            **extra,
        )

    if method == ScanMethod.CODE:
        verdict = code_verdict(event=event, code=text)
        if verdict.is_vehicle_pass:
            return _vehicle_scan(
                log,
                verdict,
                event=event,
                zone=zone,
                layout=layout,
                device=device,
                direction=direction,
                now=now,
            )
        version, refusal, detail = verdict.version, verdict.result, verdict.detail
        lookup = {"pk": verdict.subject_id}
    else:
        version, refusal, detail = None, "", ""
        lookup = {"reference": text.strip().upper()}
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
            earlier = CheckInScan.objects.get(pk=registration.replay_of)
            return _answer_again(earlier, log=log, zone=zone, layout=layout)
    if refusal:
        if nonce and registration is None and refusal:
            earlier = CheckInScan.objects.filter(event_id=event.pk, nonce=nonce).first()
            if earlier is not None:
                return _answer_again(earlier, log=log, zone=zone, layout=layout)
        scan = _log(
            log, result=refusal, detail=detail, registration=registration, badge_version=version
        )
        if scan.pk is None:
            return _replay_nonce(event, log, zone=zone, layout=layout)
        return outcome(refusal, scan, registration, detail)

    refusal, detail = status_verdict(registration, version=version, method=method)
    log.update(registration=registration, badge_version=version)
    if refusal:
        scan = _log(log, result=refusal, detail=detail)
        if scan.pk is None:
            return _replay_nonce(event, log, zone=zone, layout=layout)
        return outcome(refusal, scan, registration, detail)

    if direction == Direction.OUT:
        return _exit(
            log, registration, outcome=outcome, now=now, event=event, layout=layout, zone=zone
        )
    return _enter(
        log,
        registration,
        outcome=outcome,
        now=now,
        event=event,
        layout=layout,
        zone=zone,
        device=device,
    )


def _log(log: dict, **fields) -> CheckInScan:
    """Insert the scan record. A nonce another request already used leaves pk None."""
    scan = CheckInScan(**{**log, **fields})
    if not log["nonce"]:
        scan.save(force_insert=True)
        return scan
    try:
        _guarded(lambda: scan.save(force_insert=True))
    except IntegrityError:
        scan.pk = None
    return scan


class _MovedFirst(Exception):
    """Another scan of the same badge or pass went through the door first."""


def _move_and_log(log: dict, move, **fields) -> CheckInScan:
    """Let someone in or out (`move`) and log the scan, in one transaction.

    `move` raises IntegrityError when another scan of the same badge or pass moved
    first (a unique row, or a lost conditional update): _MovedFirst, nothing written.
    A nonce another request took meanwhile leaves pk None and undoes the move too, so
    the loser of a race between one nonce and two codes admits nobody.
    """
    scan = CheckInScan(**{**log, **fields})
    # Only a nonce can make the log's insert fail after the move: without one, the
    # move and the log need no transaction of their own (a COMMIT round trip less).
    together = transaction.atomic() if log["nonce"] else contextlib.nullcontext()
    try:
        with together:
            try:
                move()
            except IntegrityError as error:
                raise _MovedFirst from error
            scan.save(force_insert=True)
    except IntegrityError:
        scan.pk = None
    return scan


def _enter(log, registration, *, outcome, now, event, layout, zone, device) -> ScanOutcome:
    def already(first_at, first_device) -> ScanOutcome:
        scan = _log(log, result=ScanResult.ALREADY_CHECKED_IN)
        if scan.pk is None:
            return _replay_nonce(event, log, zone=zone, layout=layout)
        return outcome(
            ScanResult.ALREADY_CHECKED_IN,
            scan,
            registration,
            first_checked_in_at=first_at,
            first_device=first_device,
        )

    if registration.presence_id is not None and registration.presence_inside:
        return already(registration.presence_first_at, registration.presence_first_device)

    def move() -> None:
        if registration.presence_id is None:
            ZonePresence.objects.create(
                event_id=event.pk,
                registration_id=registration.pk,
                zone_id=zone.id,
                first_checked_in_at=now,
                first_device=device.label,
                last_moved_at=now,
            )
        # Coming back after an exit scan: admitted again, once.
        elif not ZonePresence.objects.filter(pk=registration.presence_id, is_inside=False).update(
            is_inside=True, entries=F("entries") + 1, last_moved_at=now
        ):
            raise IntegrityError("lost the race to re-enter")

    try:
        scan = _move_and_log(log, move, result=ScanResult.ACCEPTED)
    except _MovedFirst:
        presence = ZonePresence.objects.get(registration_id=registration.pk, zone_id=zone.id)
        return already(presence.first_checked_in_at, presence.first_device)
    if scan.pk is None:
        return _replay_nonce(event, log, zone=zone, layout=layout)
    if registration.presence_id is None:
        first_at, first_device = now, device.label
    else:
        first_at, first_device = registration.presence_first_at, registration.presence_first_device
    return outcome(
        ScanResult.ACCEPTED,
        scan,
        registration,
        first_checked_in_at=first_at,
        first_device=first_device,
    )


def _exit(log, registration, *, outcome, now, event, layout, zone) -> ScanOutcome:
    """An exit scan always lets the person out; it updates who is inside when they were."""
    inside = registration.presence_id is not None and registration.presence_inside
    detail = "" if inside else "not_inside"

    def move() -> None:
        if inside:
            ZonePresence.objects.filter(pk=registration.presence_id, is_inside=True).update(
                is_inside=False, last_moved_at=now
            )

    scan = _move_and_log(log, move, result=ScanResult.ACCEPTED, detail=detail)
    if scan.pk is None:
        return _replay_nonce(event, log, zone=zone, layout=layout)
    return outcome(
        ScanResult.ACCEPTED,
        scan,
        registration,
        detail,
        first_checked_in_at=registration.presence_first_at,
        first_device=registration.presence_first_device or "",
    )


def _replay_nonce(event, log: dict, *, zone, layout) -> ScanOutcome:
    """The answer to a request whose nonce another request recorded first."""
    earlier = CheckInScan.objects.get(event_id=event.pk, nonce=log["nonce"])
    return _answer_again(earlier, log=log, zone=zone, layout=layout)


def _answer_again(earlier: CheckInScan, *, log: dict, zone, layout) -> ScanOutcome:
    """The first answer again for the same request; the nonce with another one is refused.

    A record without a digest (made before nonces were bound) matches nothing: its
    request cannot be told apart from another, so it is refused rather than trusted.
    """
    if earlier.request_digest != log["request_digest"]:
        raise _nonce_reused()
    return _replay(earlier, zone=zone, layout=layout)


def _replay(scan: CheckInScan, *, zone: ZoneInfo, layout: EventLayout) -> ScanOutcome:
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
    zone = layout.zones.get(scan.zone_id, zone)
    return ScanOutcome(
        result=scan.result,
        scan=scan,
        zone=zone,
        layout=layout,
        registration=registration,
        first_checked_in_at=first_at,
        first_device=first_device,
        replayed=True,
        detail=scan.detail,
        vehicle_pass=vehicle,
    )


# --- Vehicle gates ----------------------------------------------------------------------


def _vehicle_scan(
    log: dict, verdict: CodeVerdict, *, event, zone, layout, device, direction, now
) -> ScanOutcome:
    """Answer a vehicle pass code: at a vehicle gate, admitted once; anywhere else refused."""
    nonce = log["nonce"]
    if nonce:
        earlier = CheckInScan.objects.filter(event_id=event.pk, nonce=nonce).first()
        if earlier is not None:
            return _answer_again(earlier, log=log, zone=zone, layout=layout)
    vehicle = (
        VehiclePass.objects.filter(event_id=event.pk, pk=verdict.subject_id)
        .select_related("delegation", "driver")
        .order_by()
        .first()
    )

    def finish(result: str, detail: str = "", entry=None, first=None, move=None) -> ScanOutcome:
        fields = {
            "result": result,
            "detail": detail,
            "vehicle_pass": vehicle,
            "badge_version": verdict.version,
        }
        scan = _move_and_log(log, move, **fields) if move else _log(log, **fields)
        if scan.pk is None:
            return _replay_nonce(event, log, zone=zone, layout=layout)
        first_at, first_device = first or (
            (entry.first_checked_in_at, entry.first_device) if entry else (None, "")
        )
        return ScanOutcome(
            result=result,
            scan=scan,
            zone=zone,
            layout=layout,
            detail=detail,
            vehicle_pass=vehicle,
            first_checked_in_at=first_at,
            first_device=first_device,
        )

    refusal, detail = vehicle_verdict(vehicle, zone=zone, version=verdict.version)
    if refusal:
        return finish(refusal, detail)
    entry = VehicleGateEntry.objects.filter(vehicle_pass=vehicle, zone_id=zone.id).first()
    if direction == Direction.OUT:
        # An exit always lets the vehicle out; it updates who is inside when it was.
        if entry is None or not entry.is_inside:
            return finish(ScanResult.ACCEPTED, "not_inside", entry)

        def leave() -> None:
            VehicleGateEntry.objects.filter(pk=entry.pk, is_inside=True).update(
                is_inside=False, last_moved_at=now
            )

        return finish(ScanResult.ACCEPTED, "", entry, move=leave)
    if entry is not None and entry.is_inside:
        return finish(ScanResult.ALREADY_CHECKED_IN, "", entry)

    def enter() -> None:
        if entry is None:
            VehicleGateEntry.objects.create(
                event_id=event.pk,
                vehicle_pass=vehicle,
                zone_id=zone.id,
                first_checked_in_at=now,
                first_device=device.label,
                last_moved_at=now,
            )
        elif not VehicleGateEntry.objects.filter(pk=entry.pk, is_inside=False).update(
            is_inside=True, entries=F("entries") + 1, last_moved_at=now
        ):
            raise IntegrityError("lost the race to re-enter")

    first = (
        (now, device.label) if entry is None else (entry.first_checked_in_at, entry.first_device)
    )
    try:
        return finish(ScanResult.ACCEPTED, "", first=first, move=enter)
    except _MovedFirst:
        # Another scan of this pass got through first.
        entry = VehicleGateEntry.objects.get(vehicle_pass=vehicle, zone_id=zone.id)
        return finish(ScanResult.ALREADY_CHECKED_IN, "", entry)
