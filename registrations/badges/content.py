"""What a badge shows, collected from the database before anything is drawn.

Drawing (registrations/badges/render.py) reads plain values only, so a batch of
badges is drawn without a query per badge and the layout is tested without a
database. Printed text never carries bidi overrides (admin-entered or older rows).
"""

import io
from dataclasses import dataclass, field

from django.utils import translation
from PIL import Image, ImageOps

from registrations.registration.validators import without_hidden_characters

PHOTO_PIXELS = (240, 300)


@dataclass(frozen=True)
class ZoneLabel:
    name_en: str
    name_ar: str
    colour: str


@dataclass(frozen=True)
class BadgeContent:
    """Everything a badge shows, as plain values (no database access while drawing)."""

    qr_text: str
    reference: str
    version: int
    display_name: str
    name_ar: str
    organization: str
    country: str
    delegation_en: str
    delegation_ar: str
    category_en: str
    category_ar: str
    colour: str
    event_en: str
    event_ar: str
    zones: tuple[ZoneLabel, ...] = field(default_factory=tuple)
    photo: bytes | None = None


def badge_content(registration, badge, *, qr_text: str, photo: bytes | None = None) -> BadgeContent:
    """Collect what `registration`'s badge shows (category zones prefetched when batching)."""
    category = registration.category
    delegation = registration.delegation
    with translation.override("en"):
        country = str(registration.country.name) if registration.country else ""
        display_name = registration.display_name
    return BadgeContent(
        qr_text=qr_text,
        reference=registration.reference,
        version=badge.version,
        display_name=without_hidden_characters(display_name),
        name_ar=without_hidden_characters(registration.display_name_ar),
        organization=without_hidden_characters(registration.organization),
        country=country,
        delegation_en=delegation.name.in_language("en") if delegation else "",
        delegation_ar=delegation.name.get("ar") if delegation else "",
        category_en=category.name.in_language("en"),
        category_ar=category.name.get("ar"),
        colour=category.badge_colour,
        event_en=registration.event.name.in_language("en"),
        event_ar=registration.event.name.get("ar"),
        zones=tuple(
            ZoneLabel(zone.name.in_language("en"), zone.name.get("ar"), zone.colour)
            for zone in category.zones.all()
        ),
        photo=photo,
    )


def photo_for_badge(file) -> bytes | None:
    """A small 4:5 JPEG of the registrant's photo, or None if it cannot be read."""
    if not file:
        return None
    try:
        file.open("rb")
        with file, Image.open(file) as image:
            # A JPEG decodes straight at a fraction of its size: much faster in a batch.
            image.draft("RGB", (PHOTO_PIXELS[0] * 2, PHOTO_PIXELS[1] * 2))
            picture = ImageOps.fit(image.convert("RGB"), PHOTO_PIXELS)
    except (OSError, ValueError):
        return None
    output = io.BytesIO()
    picture.save(output, format="JPEG", quality=85)
    return output.getvalue()
