"""The one admit path: a badge into a zone, a vehicle pass through a gate, in or out.

What is admitted is an `Admittee`: its presence model (registrations/presence.py:
`ZonePresence` for a registration's badge, `VehicleGateEntry` for a vehicle pass),
its id, and the row the scan found for it at this zone, if any. Letting it in
inserts that row the first time (the unique row decides races: of 200 simultaneous
scans of one badge, exactly one insert succeeds and the others answer
`already_checked_in`) or flips it back inside after an exit, with a conditional
update that only one scan can win. An exit scan always lets it out.

The move and the scan log are one transaction when there is a nonce, so a request
that loses its nonce to another one also loses its admission (and is then answered
like any late retry, registrations/checkin/replays.py). Without a nonce the log
cannot fail after the move, and the two statements need no transaction of their
own: a COMMIT round trip less on the hot path.
"""

import contextlib
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, connection, transaction
from django.db.models import F

from registrations.checkin.answers import DoorScan, ScanOutcome
from registrations.checkin.models import CheckInScan, Direction, ScanResult, ZonePresence
from registrations.checkin.replays import replay_nonce
from registrations.presence import Presence
from registrations.registration.models import Registration
from registrations.vehicles.models import VehicleGateEntry, VehiclePass


@dataclass(frozen=True)
class Whereabouts:
    """An admitted thing's presence row at one zone, as the scan read it."""

    presence_id: int
    inside: bool
    first_at: datetime
    first_device: str

    @classmethod
    def of(cls, presence: Presence | None) -> "Whereabouts | None":
        if presence is None:
            return None
        return cls(
            presence.pk, presence.is_inside, presence.first_checked_in_at, presence.first_device
        )


@dataclass(frozen=True)
class Admittee:
    """What a scan lets through, and where it stands at the scan's zone."""

    presences: type[Presence]
    admitted_id: int
    seen: Whereabouts | None
    # What the answer names: {"registration": …} or {"vehicle_pass": …}.
    subject: dict

    @property
    def owner(self) -> dict:
        return {f"{self.presences.admitted_field}_id": self.admitted_id}

    def seen_again(self, *, zone_id: int) -> Whereabouts:
        """Its row as another scan, which got through first, left it."""
        return Whereabouts.of(self.presences.objects.get(zone_id=zone_id, **self.owner))


def badge_admittee(registration: Registration) -> Admittee:
    """A registration's badge, its presence read with it (`scan_registrations`)."""
    seen = None
    if registration.presence_id is not None:
        seen = Whereabouts(
            registration.presence_id,
            registration.presence_inside,
            registration.presence_first_at,
            registration.presence_first_device,
        )
    return Admittee(ZonePresence, registration.pk, seen, {"registration": registration})


def vehicle_admittee(vehicle: VehiclePass, *, zone_id: int) -> Admittee:
    """A vehicle pass and its entry at this gate (one query)."""
    entry = VehicleGateEntry.objects.filter(vehicle_pass_id=vehicle.pk, zone_id=zone_id).first()
    return Admittee(VehicleGateEntry, vehicle.pk, Whereabouts.of(entry), {"vehicle_pass": vehicle})


def admit(door: DoorScan, admittee: Admittee, *, direction: str) -> ScanOutcome:
    """Let `admittee` in (once) or out, log the scan, and answer it."""
    if direction == Direction.OUT:
        return _let_out(door, admittee)
    return _let_in(door, admittee)


def _let_in(door: DoorScan, admittee: Admittee) -> ScanOutcome:
    seen = admittee.seen
    if seen is not None and seen.inside:
        return _already_inside(door, admittee, seen)
    presences, now = admittee.presences.objects, door.now

    def move() -> None:
        if seen is None:
            presences.create(
                event_id=door.event.pk,
                zone_id=door.zone.id,
                **admittee.owner,
                first_checked_in_at=now,
                first_device=door.device.label,
                last_moved_at=now,
            )
        # Coming back after an exit scan: admitted again, once.
        elif not presences.filter(pk=seen.presence_id, is_inside=False).update(
            is_inside=True, entries=F("entries") + 1, last_moved_at=now
        ):
            raise IntegrityError("lost the race to re-enter")

    first = (now, door.device.label) if seen is None else (seen.first_at, seen.first_device)
    try:
        return answer_and_log(
            door, ScanResult.ACCEPTED, subject=admittee.subject, first=first, move=move
        )
    except _MovedFirst:
        return _already_inside(door, admittee, admittee.seen_again(zone_id=door.zone.id))


def _already_inside(door: DoorScan, admittee: Admittee, seen: Whereabouts) -> ScanOutcome:
    first = (seen.first_at, seen.first_device)
    return answer_and_log(
        door, ScanResult.ALREADY_CHECKED_IN, subject=admittee.subject, first=first
    )


def _let_out(door: DoorScan, admittee: Admittee) -> ScanOutcome:
    """An exit scan always lets it out; it updates who is inside when it was."""
    seen = admittee.seen
    first = (seen.first_at, seen.first_device) if seen is not None else (None, "")
    if seen is None or not seen.inside:
        return answer_and_log(
            door, ScanResult.ACCEPTED, "not_inside", subject=admittee.subject, first=first
        )

    def move() -> None:
        admittee.presences.objects.filter(pk=seen.presence_id, is_inside=True).update(
            is_inside=False, last_moved_at=door.now
        )

    return answer_and_log(
        door, ScanResult.ACCEPTED, subject=admittee.subject, first=first, move=move
    )


# --- Logging the answer ----------------------------------------------------------------


def answer_and_log(
    door: DoorScan,
    result: str,
    detail: str = "",
    *,
    subject: dict,
    first: tuple[datetime | None, str] = (None, ""),
    move=None,
) -> ScanOutcome:
    """Log the scan (after `move`, in one step) and answer it; a nonce another request
    recorded meanwhile gets that request's answer instead."""
    fields = {"result": result, "detail": detail}
    scan = _move_and_log(door.log, move, **fields) if move else _log(door.log, **fields)
    if scan.pk is None:
        return replay_nonce(door)
    return ScanOutcome(
        result=result,
        scan=scan,
        zone=door.zone,
        layout=door.layout,
        detail=detail,
        first_checked_in_at=first[0],
        first_device=first[1],
        **subject,
    )


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
    # Inside a caller's transaction a savepoint keeps a lost race local, as in _guarded.
    together = (
        transaction.atomic()
        if log["nonce"] or connection.in_atomic_block
        else contextlib.nullcontext()
    )
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
