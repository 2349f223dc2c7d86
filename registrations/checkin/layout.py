"""The event's layout at the doors: its zones and categories, cached for a minute.

The cache only resolves zone slugs and names the zones shown with an answer; the
grant decision itself is always read from the database (registrations/checkin/scan.py).
"""

from dataclasses import dataclass

from django.core.cache import cache
from django.utils.translation import gettext as _

from events.errors import DomainError
from events.summit.models import AccessZone, Event, RegistrationCategory
from events.translated.text import TranslatedText

LAYOUT_CACHE_SECONDS = 60
VEHICLE_GATE = "vehicle"


class ScanRequestError(DomainError):
    """The request itself is wrong (unknown zone, no main entrance): 400, nothing logged."""


@dataclass(frozen=True)
class ZoneInfo:
    id: int
    slug: str
    names: dict[str, str]
    colour: str
    is_main_entrance: bool
    kind: str = "person"
    main_language: str = "en"

    @property
    def name(self) -> str:
        return str(TranslatedText(self.names, main_language=self.main_language))

    @property
    def is_vehicle_gate(self) -> bool:
        return self.kind == VEHICLE_GATE

    def as_json(self) -> dict:
        return {"slug": self.slug, "name": self.name, "colour": self.colour, "kind": self.kind}


@dataclass(frozen=True)
class CategoryInfo:
    id: int
    slug: str
    names: dict[str, str]
    colour: str
    zone_ids: tuple[int, ...]
    main_language: str = "en"

    @property
    def name(self) -> str:
        return str(TranslatedText(self.names, main_language=self.main_language))


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
    # The cache pickles these classes by module path: "v2" since they moved here from
    # registrations/services/checkin.py, so that during a rolling deploy old and new
    # processes never read each other's entries.
    return f"registrations:checkin-layout:v3:{event_id}"


def event_layout(*, event_id: int, refresh: bool = False) -> EventLayout:
    layout = None if refresh else cache.get(_layout_key(event_id))
    if layout is None:
        # Names missing in a door's language show in the event's main language.
        main_language = (
            Event.objects.filter(pk=event_id).values_list("main_language", flat=True).first()
            or "en"
        )
        zones = {
            zone.pk: ZoneInfo(
                zone.pk,
                zone.slug,
                zone.name.as_dict(),
                zone.colour,
                zone.is_main_entrance,
                zone.kind,
                main_language,
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
                category.name.as_dict(),
                category.badge_colour,
                tuple(
                    sorted(
                        grants.get(category.pk, []),
                        key=lambda pk: list(zones).index(pk) if pk in zones else 0,
                    )
                ),
                main_language,
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
