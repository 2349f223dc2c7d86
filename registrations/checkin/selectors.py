"""Reads for check-in: recent scans, counts for the dashboard, lookup, the offline package."""

import functools

from django.db.models import (
    Count,
    Exists,
    F,
    FilteredRelation,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import TruncHour
from django.utils import formats, timezone

from events.summit.models import Event, RegistrationCategory
from registrations.badges.models import Badge
from registrations.checkin.layout import ZoneInfo, event_layout
from registrations.checkin.models import (
    CheckInConflict,
    CheckInScan,
    Direction,
    ScanResult,
    ZonePresence,
)
from registrations.registration.models import Registration, Status
from registrations.vehicles.models import VehiclePass, VehiclePassStatus

LOOKUP_LIMIT = 10
LOOKUP_MAX_WORDS = 4
# A lookup names someone: one letter would list everyone (the attendee list, ten
# at a time). Every word narrows the match, so one long enough word bounds it.
LOOKUP_MIN_WORD = 3


def scans_recent(
    *, event: Event, token_id: int | None = None, user_id: int | None = None, zone: str = ""
) -> QuerySet[CheckInScan]:
    scans = CheckInScan.objects.filter(event=event).select_related(
        "registration", "registration__category", "zone"
    )
    if token_id is not None:
        scans = scans.filter(token_id=token_id)
    if user_id is not None:
        scans = scans.filter(user_id=user_id)
    if zone:
        scans = scans.filter(zone__slug=zone)
    return scans.order_by("-received_at", "-pk")


def lookup_words(query: str) -> list[str]:
    """The words a lookup matches, or [] when none is long enough to name someone."""
    words = query.split()[:LOOKUP_MAX_WORDS]
    if not any(len(word) >= LOOKUP_MIN_WORD for word in words):
        return []
    return words


def registrations_lookup(*, event: Event, query: str) -> list[Registration]:
    """Registrations matching every word by name or organization, or a reference exactly."""
    words = lookup_words(query)
    if not words:
        return []
    matches = Registration.objects.filter(event=event).select_related("category", "delegation")
    for word in words:
        matches = matches.filter(
            Q(reference__iexact=word)
            | Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(name_ar__icontains=word)
            | Q(organization__icontains=word)
        )
    return list(matches.order_by("last_name", "first_name")[:LOOKUP_LIMIT])


def checkin_counts(*, event: Event) -> dict:
    """Checked-in counts by zone, category and hour (event time zone), and open conflicts."""
    layout = event_layout(event_id=event.pk)
    presences = ZonePresence.objects.filter(event=event)
    by_zone = {
        row["zone_id"]: row
        for row in presences.values("zone_id").annotate(
            entered=Count("pk"), inside=Count("pk", filter=Q(is_inside=True))
        )
    }
    scans = CheckInScan.objects.filter(event=event)
    refused = dict(
        scans.exclude(result__in=[ScanResult.ACCEPTED, ScanResult.ALREADY_CHECKED_IN])
        .values_list("zone_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    zones = [
        {
            **zone.as_json(),
            "entered": by_zone.get(zone.id, {}).get("entered", 0),
            "inside": by_zone.get(zone.id, {}).get("inside", 0),
            "refused": refused.get(zone.id, 0),
        }
        for zone in layout.zones.values()
    ]
    approved = dict(
        Registration.objects.filter(event=event, status=Status.APPROVED)
        .values_list("category_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    arrived = dict(
        presences.values_list("registration__category_id")
        .annotate(n=Count("registration_id", distinct=True))
        .order_by()
    )
    categories = [
        {
            "slug": category.slug,
            "name": category.name,
            "colour": category.colour,
            "checked_in": arrived.get(category.id, 0),
            "approved": approved.get(category.id, 0),
        }
        for category in layout.categories.values()
    ]
    hours = (
        scans.filter(result=ScanResult.ACCEPTED, direction=Direction.IN)
        .annotate(hour=TruncHour("scanned_at", tzinfo=event.tzinfo))
        .values("hour")
        .annotate(n=Count("pk"))
        .order_by("hour")
    )
    return {
        "generated_at": timezone.now().isoformat(),
        "people_checked_in": presences.values("registration_id").distinct().count(),
        "approved": sum(approved.values()),
        "zones": zones,
        "categories": categories,
        "hours": [
            {
                "hour": row["hour"].astimezone(event.tzinfo).isoformat(),
                "label": formats.date_format(
                    row["hour"].astimezone(event.tzinfo), "SHORT_DATETIME_FORMAT"
                ),
                "entries": row["n"],
            }
            for row in hours
        ],
        "conflicts": CheckInConflict.objects.filter(event=event).count(),
    }


def conflicts_recent(*, event: Event, limit: int = 50) -> QuerySet[CheckInConflict]:
    return (
        CheckInConflict.objects.filter(event=event)
        .select_related("registration", "zone", "scan", "earlier_scan")
        .order_by("-detected_at", "-pk")[:limit]
    )


def offline_package_rows(*, event: Event, vehicle_gate: bool) -> dict:
    """What an offline scanner needs at its door, and nothing more.

    At a person zone: approved registrations with their current badge version, every
    revoked version, who is not admitted; no vehicle. At a vehicle gate (which admits
    vehicle passes only): the vehicle passes with their drivers; no registration.
    """
    if vehicle_gate:
        vehicles = list(
            VehiclePass.objects.filter(event=event)
            .select_related("delegation", "driver")
            .order_by("pk")
        )
        return {
            "approved": [],
            "current": {},
            "revoked_versions": {},
            "withdrawn": [],
            "vehicles": [item for item in vehicles if item.status == VehiclePassStatus.APPROVED],
            "vehicles_withdrawn": [
                (item.pk, item.status)
                for item in vehicles
                if item.status != VehiclePassStatus.APPROVED
            ],
        }
    approved = (
        Registration.objects.filter(event=event, status=Status.APPROVED)
        .select_related("delegation")
        .only(
            "pk",
            "reference",
            "title",
            "first_name",
            "last_name",
            "name_ar",
            "category_id",
            "photo",
            "delegation__name",
        )
        .order_by("pk")
    )
    current = dict(
        Badge.objects.filter(
            registration__event=event,
            registration__status=Status.APPROVED,
            revoked_at__isnull=True,
        ).values_list("registration_id", "version")
    )
    revoked_versions: dict[int, list[int]] = {}
    for registration_id, version in Badge.objects.filter(
        registration__event=event, revoked_at__isnull=False
    ).values_list("registration_id", "version"):
        revoked_versions.setdefault(registration_id, []).append(version)
    withdrawn = list(
        Registration.objects.filter(event=event)
        .exclude(status=Status.APPROVED)
        .values_list("pk", "status")
    )
    return {
        "approved": approved,
        "current": current,
        "revoked_versions": revoked_versions,
        "withdrawn": withdrawn,
        "vehicles": [],
        "vehicles_withdrawn": [],
    }


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


def scan_registrations(*, event: Event, zone: ZoneInfo, nonce: str):
    queryset = _registrations_seen_from(event.pk, zone.id).all()
    if nonce:
        earlier = (
            CheckInScan.objects.filter(event_id=event.pk, nonce=nonce).order_by().values("pk")[:1]
        )
        queryset = queryset.annotate(replay_of=Subquery(earlier))
    return queryset
