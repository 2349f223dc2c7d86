"""Door check-in: answer a scan, log it, admit a badge to a zone once.

The hot path of `checkin_scan` costs at most three queries after
authentication: one read (registration, category, current badge version, zone
grant, presence in the zone and, with a nonce, an earlier answer, all joined),
then the presence insert or update and the scan log insert, in one transaction
(so a scan that cannot be logged admits nobody). A unique row per
(registration, zone) decides races: of 200 simultaneous scans of one badge,
exactly one insert succeeds, and the others answer `already_checked_in`.

Vehicle passes (signed codes of type VEHICLE) are answered at vehicle gates
(zones of kind `vehicle`) the same way, with their own unique row
(VehicleGateEntry per pass and gate). A vehicle gate admits vehicle passes
only, every other zone badges only: the wrong kind answers `zone_denied` with
a message saying where it belongs. The badge path does not read vehicle data.

The zones and categories of an event (the "layout") are cached for a minute;
the grant decision itself is always read from the database, the cache only
resolves zone slugs and names the zones shown with an answer.

A nonce (online) or client scan id (offline upload) is bound to what it was sent
with: the scan log keeps a SHA-256 of the scanned text, the zone and the direction
(`request_digest`). The same request again gets the first answer (a retry after a
lost response); the nonce with anything else is refused (ScanRequestError, 400),
never answered with the first scan's verdict and name. The unique (event, nonce)
row decides races: an admission and its scan log are one transaction, so a
request that loses the nonce to another one also loses its admission, and then
compares digests like any late retry.
"""

import contextlib
import functools
import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime

from django.core.cache import cache
from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, F, FilteredRelation, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from events.bilingual import active_language
from events.models import AccessZone, ApiToken, Event, RegistrationCategory
from registrations.models import (
    Badge,
    CheckInConflict,
    CheckInScan,
    ConflictKind,
    Direction,
    Registration,
    ScanMethod,
    ScanResult,
    Status,
    VehicleGateEntry,
    VehiclePass,
    VehiclePassStatus,
    ZonePresence,
)
from registrations.services.badge_keys import badge_code_verify
from registrations.signing import CodeError, TokenType, Verification, code_parse

LAYOUT_CACHE_SECONDS = 60
CODE_PREFIX_LENGTH = 80
VEHICLE_GATE = "vehicle"
# Scan log details that come with their own message at the door.
BADGE_AT_VEHICLE_GATE = "badge_at_vehicle_gate"
VEHICLE_AT_PERSON_GATE = "vehicle_pass_at_person_gate"


class ScanRequestError(Exception):
    """The request itself is wrong (unknown zone, no main entrance): 400, nothing logged."""

    def __init__(self, message: str, *, field: str) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def _request_digest(*, method: str, text: str, zone_id: int, direction: str) -> str:
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


def _nonce_reused() -> ScanRequestError:
    return ScanRequestError(
        _(
            "This nonce was already sent with another scan (another code, zone or "
            "direction): send a new nonce with each scan."
        ),
        field="nonce",
    )


# --- The event's layout (cached) ---------------------------------------------------


@dataclass(frozen=True)
class ZoneInfo:
    id: int
    slug: str
    name_en: str
    name_ar: str
    colour: str
    is_main_entrance: bool
    kind: str = "person"

    @property
    def name(self) -> str:
        return self.name_ar if active_language() == "ar" and self.name_ar else self.name_en

    @property
    def is_vehicle_gate(self) -> bool:
        return self.kind == VEHICLE_GATE

    def as_json(self) -> dict:
        return {"slug": self.slug, "name": self.name, "colour": self.colour, "kind": self.kind}


@dataclass(frozen=True)
class CategoryInfo:
    id: int
    slug: str
    name_en: str
    name_ar: str
    colour: str
    zone_ids: tuple[int, ...]

    @property
    def name(self) -> str:
        return self.name_ar if active_language() == "ar" and self.name_ar else self.name_en


@dataclass(frozen=True)
class EventLayout:
    zones: dict[int, ZoneInfo]
    categories: dict[int, CategoryInfo]

    def zone_by_slug(self, slug: str) -> ZoneInfo | None:
        return next((zone for zone in self.zones.values() if zone.slug == slug), None)

    @property
    def main_entrance(self) -> ZoneInfo | None:
        return next((zone for zone in self.zones.values() if zone.is_main_entrance), None)


def _layout_key(event_id: int) -> str:
    return f"registrations:checkin-layout:{event_id}"


def event_layout(*, event_id: int, refresh: bool = False) -> EventLayout:
    layout = None if refresh else cache.get(_layout_key(event_id))
    if layout is None:
        zones = {
            zone.pk: ZoneInfo(
                zone.pk,
                zone.slug,
                zone.name_en,
                zone.name_ar,
                zone.colour,
                zone.is_main_entrance,
                zone.kind,
            )
            for zone in AccessZone.objects.filter(event_id=event_id).order_by("position", "slug")
        }
        grants: dict[int, list[int]] = {}
        for category_id, zone_id in RegistrationCategory.zones.through.objects.filter(
            registrationcategory__event_id=event_id
        ).values_list("registrationcategory_id", "accesszone_id"):
            grants.setdefault(category_id, []).append(zone_id)
        categories = {
            category.pk: CategoryInfo(
                category.pk,
                category.slug,
                category.name_en,
                category.name_ar,
                category.badge_colour,
                tuple(
                    sorted(
                        grants.get(category.pk, []),
                        key=lambda pk: list(zones).index(pk) if pk in zones else 0,
                    )
                ),
            )
            for category in RegistrationCategory.objects.filter(event_id=event_id)
        }
        layout = EventLayout(zones=zones, categories=categories)
        cache.set(_layout_key(event_id), layout, LAYOUT_CACHE_SECONDS)
    return layout


def event_layout_forget(*, event_id: int) -> None:
    cache.delete(_layout_key(event_id))


def resolve_zone(*, event: Event, slug: str) -> tuple[EventLayout, ZoneInfo]:
    """The zone a scan is for: the named one, or the main entrance. Raises ScanRequestError."""
    layout = event_layout(event_id=event.pk)
    for attempt in range(2):
        zone = layout.zone_by_slug(slug) if slug else layout.main_entrance
        if zone is not None:
            return layout, zone
        if attempt == 0:
            layout = event_layout(event_id=event.pk, refresh=True)  # perhaps just added
    if slug:
        raise ScanRequestError(
            _("This summit has no zone “%(zone)s”.") % {"zone": slug}, field="zone"
        )
    raise ScanRequestError(
        _("This summit has no main entrance: name the zone being scanned."), field="zone"
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
        from events.authentication import TokenPrincipal

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


def result_message(result: str, detail: str = "", *, vehicle: bool = False) -> str:
    """What the door staff read, in their language."""
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


@functools.lru_cache(maxsize=512)
def _registrations_seen_from(event_id: int, zone_id: int) -> QuerySet[Registration]:
    """Registrations with what a scan at this zone needs, built once per process and zone.

    Building these annotations costs more CPU than the query's round trip (about 1 ms
    a scan); a filter() on the cached queryset only clones it. Never evaluate it itself.
    """
    # `order_by()` everywhere: the models' default orderings would join the event
    # table to sort a single row.
    current_version = (
        Badge.objects.filter(registration_id=OuterRef("pk"), revoked_at__isnull=True)
        .order_by()
        .values("version")[:1]
    )
    granted = RegistrationCategory.zones.through.objects.filter(
        registrationcategory_id=OuterRef("category_id"), accesszone_id=zone_id
    )
    return (
        Registration.objects.filter(event_id=event_id)
        .select_related("delegation")  # the category comes from the cached layout
        .order_by()
        .annotate(
            current_version=Subquery(current_version),
            zone_granted=Exists(granted),
            here=FilteredRelation("zone_presences", condition=Q(zone_presences__zone_id=zone_id)),
            presence_id=F("here__id"),
            presence_inside=F("here__is_inside"),
            presence_first_at=F("here__first_checked_in_at"),
            presence_first_device=F("here__first_device"),
        )
    )


def _registration_query(*, event: Event, zone: ZoneInfo, nonce: str):
    queryset = _registrations_seen_from(event.pk, zone.id).all()
    if nonce:
        earlier = (
            CheckInScan.objects.filter(event_id=event.pk, nonce=nonce).order_by().values("pk")[:1]
        )
        queryset = queryset.annotate(replay_of=Subquery(earlier))
    return queryset


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


def _code_verdict(*, event: Event, code: str) -> CodeVerdict:
    """Decode and verify a scanned text (badge or vehicle pass); no database access
    (the key ring is cached in the process: registrations/services/badge_keys.py)."""
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


def _status_verdict(
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
        _request_digest(method=method, text=text, zone_id=zone.id, direction=direction)
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
        verdict = _code_verdict(event=event, code=text)
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
            iter(_registration_query(event=event, zone=zone, nonce=nonce).filter(**lookup)[:1]),
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

    refusal, detail = _status_verdict(registration, version=version, method=method)
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


def _vehicle_verdict(
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

    refusal, detail = _vehicle_verdict(vehicle, zone=zone, version=verdict.version)
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


# --- Offline scanners ---------------------------------------------------------------


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
    digest = _request_digest(
        method=ScanMethod.CODE, text=item.code, zone_id=zone.id, direction=item.direction
    )
    with transaction.atomic():
        earlier = CheckInScan.objects.filter(event_id=event.pk, nonce=item.client_scan_id).first()
        if earlier is not None:
            return _offline_again(item, earlier, digest=digest)
        verdict = _code_verdict(event=event, code=item.code)
        version, result, detail = verdict.version, verdict.result, verdict.detail
        registration = vehicle = None
        if verdict.is_vehicle_pass:
            vehicle = (
                VehiclePass.objects.filter(event_id=event.pk, pk=verdict.subject_id)
                .order_by()
                .first()
            )
            result, detail = _vehicle_verdict(vehicle, zone=zone, version=version)
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
                _registration_query(event=event, zone=zone, nonce="")
                .filter(pk=verdict.subject_id)
                .first()
            )
            if registration is None:
                result, detail = ScanResult.INVALID, "unknown_registration"
            else:
                result, detail = _status_verdict(
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


def _offline_move(event, zone: ZoneInfo, item: OfflineScan, device, *, model, owner) -> str:
    """Update who is inside from a scan made at `item.scanned_at`; the server's verdict.

    `model` is ZonePresence (owner: the registration) or VehicleGateEntry (owner:
    the vehicle pass); both have the same entry and exit fields.
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
