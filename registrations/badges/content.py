"""What a badge shows, collected from the database before anything is drawn.

Drawing (registrations/badges/render.py) reads plain values only, so a batch of
badges is drawn without a query per badge and the layout is tested without a
database. Printed text never carries bidi overrides (admin-entered or older rows).

The name prints in the Latin and the Arabic script whatever the event's languages
(a person's name is not translated); the category, zones, delegation, event and the
badge's fixed words print in the event's badge languages, a line per language
(registrations/printing/labels.py). The country and the Latin name's honorific are
in the first of them that is written in Latin letters.
"""

import io
from dataclasses import dataclass, field

from django.utils import translation
from django.utils.translation import gettext_lazy
from PIL import Image, ImageOps

from registrations.printing.labels import Lines, content_lines, fixed_lines
from registrations.registration import forms_of_address
from registrations.registration.validators import without_hidden_characters

PHOTO_PIXELS = (240, 300)

# The heading above the zones a badge opens, printed in capitals.
ZONES_HEADING = gettext_lazy("Zones")


@dataclass(frozen=True)
class ZoneLabel:
    names: Lines
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
    delegation: Lines
    category: Lines
    colour: str
    event: Lines
    zones_heading: Lines
    zones: tuple[ZoneLabel, ...] = field(default_factory=tuple)
    photo: bytes | None = None


def latin_language(languages) -> str:
    """The first of `languages` written in Latin letters (English when there is none)."""
    return next((code for code in languages if code != "ar"), "en")


def badge_content(registration, badge, *, qr_text: str, photo: bytes | None = None) -> BadgeContent:
    """Collect what `registration`'s badge shows (category zones prefetched when batching)."""
    event = registration.event
    languages = event.badge_language_codes
    main = event.main_language
    category = registration.category
    delegation = registration.delegation
    latin = latin_language(languages)
    with translation.override(latin):
        country = str(registration.country.name) if registration.country else ""
    honorific = forms_of_address.honorific(
        title=registration.title, gender=registration.gender, language=latin
    )
    return BadgeContent(
        qr_text=qr_text,
        reference=registration.reference,
        version=badge.version,
        display_name=without_hidden_characters(f"{honorific} {registration.full_name}".strip()),
        name_ar=without_hidden_characters(registration.display_name_ar),
        organization=without_hidden_characters(registration.organization),
        country=country,
        delegation=content_lines(delegation.name, languages, main_language=main)
        if delegation
        else (),
        category=content_lines(category.name, languages, main_language=main),
        colour=category.badge_colour,
        event=content_lines(event.name, languages, main_language=main),
        zones=tuple(
            ZoneLabel(content_lines(zone.name, languages, main_language=main), zone.colour)
            for zone in category.zones.all()
        ),
        zones_heading=tuple(
            (code, text.upper()) for code, text in fixed_lines(ZONES_HEADING, languages)
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
