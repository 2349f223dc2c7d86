"""Badge PDF (CR80 card or A6, one per page or on A4 sheets) and the QR image.

fpdf2 lays out the page and HarfBuzz (uharfbuzz) shapes the text, so Arabic
letters join and run right to left; both install from wheels, so a bare machine
with Python renders badges. The fonts ship in `registrations/fonts/` (Noto Sans
and Noto Sans Arabic, SIL Open Font License).
"""

import io
from collections.abc import Iterable
from dataclasses import dataclass, field

import qrcode
from django.utils import translation
from fpdf import FPDF
from PIL import Image, ImageOps
from qrcode.constants import ERROR_CORRECT_M

from registrations.badges.fonts import FONT_DIR, FONTS
from registrations.registration.validators import without_hidden_characters

# The layout is drawn in the units of a CR80 card held upright (54 × 85.6 mm);
# an A6 page draws the same layout scaled up.
CARD_W, CARD_H = 54.0, 85.6
PAGE_SIZES = {"cr80": (54.0, 85.6), "a6": (105.0, 148.0)}
A4 = (210.0, 297.0)
NAVY = (11, 37, 69)
INK = (27, 31, 36)
MUTED = (85, 96, 110)
WHITE = (255, 255, 255)
QR_QUIET_MODULES = 4
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
        # Printed text never carries bidi overrides (admin-entered or older rows).
        display_name=without_hidden_characters(display_name),
        name_ar=without_hidden_characters(registration.display_name_ar),
        organization=without_hidden_characters(registration.organization),
        country=country,
        delegation_en=delegation.name_en if delegation else "",
        delegation_ar=delegation.name_ar if delegation else "",
        category_en=category.name_en,
        category_ar=category.name_ar,
        colour=category.badge_colour,
        event_en=registration.event.name_en,
        event_ar=registration.event.name_ar,
        zones=tuple(
            ZoneLabel(zone.name_en, zone.name_ar, zone.colour) for zone in category.zones.all()
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


# --- QR -------------------------------------------------------------------------


# Choosing the best of the eight masks takes most of the time of making a QR code;
# any mask is valid and decodes, so batches use a fixed one.
QR_MASK = 2


def qr_matrix(text: str) -> list[list[bool]]:
    qr = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0, mask_pattern=QR_MASK)
    qr.add_data(text)
    qr.make(fit=True)
    return qr.get_matrix()


def qr_png(text: str, *, box_size: int = 10) -> bytes:
    qr = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=QR_QUIET_MODULES, box_size=box_size)
    qr.add_data(text)
    qr.make(fit=True)
    output = io.BytesIO()
    qr.make_image(fill_color="black", back_color="white").save(output, format="PNG")
    return output.getvalue()


# --- PDF ------------------------------------------------------------------------


def _rgb(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    try:
        return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)
    except (ValueError, IndexError):
        return NAVY


def _text_on(background: tuple[int, int, int]) -> tuple[int, int, int]:
    red, green, blue = background
    luminance = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    return INK if luminance > 160 else WHITE


def _has_arabic(text: str) -> bool:
    return any("\u0600" <= char <= "\u06ff" or "\ufb50" <= char <= "\ufeff" for char in text)


class _Badge:
    """Draws one badge at an offset and scale on an FPDF page."""

    def __init__(self, pdf: FPDF, *, x: float, y: float, width: float, height: float) -> None:
        self.pdf = pdf
        self.scale = min(width / CARD_W, height / CARD_H)
        self.left = x
        self.top = y
        self.width = width
        self.height = height
        # Horizontal offset that centres the scaled card layout on a wider page.
        self.inset = (width - CARD_W * self.scale) / 2
        self.shaping = bool(pdf.text_shaping)

    def X(self, value: float) -> float:
        return self.left + self.inset + value * self.scale

    def Y(self, value: float) -> float:
        return self.top + value * self.scale

    def band(self, y: float, h: float, colour: tuple[int, int, int]) -> None:
        self.pdf.set_fill_color(*colour)
        self.pdf.rect(self.left, self.Y(y), self.width, h * self.scale, style="F")

    def font(self, text: str, style: str, size: float) -> None:
        arabic = _has_arabic(text)
        if arabic != self.shaping:
            # HarfBuzz and the bidi algorithm only where Arabic needs them: Latin text
            # lays out the same without, several times faster.
            self.pdf.set_text_shaping(use_shaping_engine=arabic)
            self.shaping = arabic
        self.pdf.set_font("Arabic" if arabic else "Sans", style, size * self.scale)

    def fit(self, text: str, w: float, *, style: str, size: float, min_size: float) -> float:
        """The largest size from `size` down to `min_size` at which `text` fits in `w`."""
        current = size
        while current > min_size:
            self.font(text, style, current)
            if self.pdf.get_string_width(text) <= w * self.scale:
                return current
            current -= 0.5
        return min_size

    def line(
        self,
        text: str,
        x: float,
        y: float,
        w: float,
        h: float,
        *,
        style: str = "",
        size: float = 6.0,
        min_size: float = 4.0,
        align: str = "L",
        colour: tuple[int, int, int] = INK,
    ) -> None:
        if not text:
            return
        if _has_arabic(text) and align == "L":
            align = "R"  # Arabic starts at the right edge
        size = self.fit(text, w, style=style, size=size, min_size=min_size)
        self.font(text, style, size)
        # Text too long even at the smallest size is cut short rather than run off the card.
        while len(text) > 1 and self.pdf.get_string_width(text) > w * self.scale:
            text = text[:-2].rstrip() + "…"
        self.pdf.set_text_color(*colour)
        self.pdf.set_xy(self.X(x), self.Y(y))
        self.pdf.cell(w * self.scale, h * self.scale, text, align=align)

    def lines(
        self,
        text: str,
        x: float,
        y: float,
        w: float,
        *,
        style: str,
        size: float,
        min_size: float,
        max_lines: int,
        leading: float = 1.18,
    ) -> float:
        """Wrap `text` on up to `max_lines` lines, shrinking it to fit; returns the height used."""
        if not text:
            return 0.0
        current = size
        while True:
            self.font(text, style, current)
            wrapped = self.pdf.multi_cell(
                w * self.scale, None, text, dry_run=True, output="LINES", align="L"
            )
            if len(wrapped) <= max_lines or current <= min_size:
                break
            current -= 0.5
        height = current * 0.3528 * leading  # points to millimetres, with leading
        for index, piece in enumerate(wrapped[:max_lines]):
            self.line(
                piece, x, y + index * height, w, height, style=style, size=current, min_size=current
            )
        return height * min(len(wrapped), max_lines)

    def qr(self, text: str, x: float, y: float, size: float) -> None:
        matrix = qr_matrix(text)
        modules = len(matrix)
        module = size * self.scale / modules
        self.pdf.set_fill_color(*WHITE)
        quiet = QR_QUIET_MODULES * module
        self.pdf.rect(
            self.X(x) - quiet,
            self.Y(y) - quiet,
            size * self.scale + 2 * quiet,
            size * self.scale + 2 * quiet,
            style="F",
        )
        self.pdf.set_fill_color(0, 0, 0)
        origin_x, origin_y = self.X(x), self.Y(y)
        for row_index, row in enumerate(matrix):
            column = 0
            while column < modules:
                if not row[column]:
                    column += 1
                    continue
                start = column
                while column < modules and row[column]:
                    column += 1
                # One rectangle per run of dark modules, a hair taller than a
                # module so that no seam shows between rows.
                self.pdf.rect(
                    origin_x + start * module,
                    origin_y + row_index * module,
                    (column - start) * module,
                    module * 1.02,
                    style="F",
                )

    def draw(self, badge: BadgeContent) -> None:
        pdf = self.pdf
        pdf.set_fill_color(*WHITE)
        pdf.rect(self.left, self.top, self.width, self.height, style="F")

        # Event band.
        self.band(0, 9.5, NAVY)
        self.line(
            badge.event_en,
            2.5,
            0.9,
            49,
            4,
            style="B",
            size=6.5,
            min_size=4.5,
            align="C",
            colour=WHITE,
        )
        self.line(
            badge.event_ar,
            2.5,
            4.6,
            49,
            4,
            style="B",
            size=6.5,
            min_size=4.5,
            align="C",
            colour=WHITE,
        )

        # Photo and names.
        text_x, text_w = 3.0, 48.0
        if badge.photo:
            pdf.image(
                io.BytesIO(badge.photo),
                x=self.X(3),
                y=self.Y(11.5),
                w=16 * self.scale,
                h=20 * self.scale,
            )
            text_x, text_w = 21.0, 30.0
        y = 11.8
        y += self.lines(
            badge.display_name, text_x, y, text_w, style="B", size=9.5, min_size=6.0, max_lines=3
        )
        if badge.name_ar:
            self.line(
                badge.name_ar,
                text_x,
                y + 0.4,
                text_w,
                5,
                style="B",
                size=9.5,
                min_size=6.0,
                align="R",
            )
            y += 5.6
        y = max(y, 32.5 if badge.photo else y) + 0.8

        # Organization, country, delegation.
        y += self.lines(
            badge.organization, 3, y, 48, style="B", size=6.5, min_size=5.0, max_lines=2
        )
        # A country's delegation is usually named like the country: say it once.
        details = [badge.country]
        if badge.delegation_en and badge.delegation_en != badge.country:
            details.append(badge.delegation_en)
        details.append(badge.delegation_ar)
        for text in details:
            if text and y <= 42.5:  # the QR code's quiet zone starts below
                self.line(text, 3, y, 48, 3, size=6, min_size=4.5, colour=MUTED)
                y += 3

        # QR code and zones.
        self.qr(badge.qr_text, 4.5, 48.5, 24.0)
        zone_y = 48.5
        self.line("ZONES", 31.5, zone_y, 20, 2.8, style="B", size=5, min_size=4, colour=MUTED)
        zone_y += 3.0
        step = 6.0 if len(badge.zones) <= 3 else (23.0 / max(len(badge.zones), 1))
        for zone in badge.zones[:8]:
            pdf.set_fill_color(*_rgb(zone.colour))
            pdf.rect(
                self.X(31.5), self.Y(zone_y + 0.5), 2.0 * self.scale, 2.0 * self.scale, style="F"
            )
            self.line(zone.name_en, 34.2, zone_y, 17.5, 3, style="B", size=5.8, min_size=4)
            if zone.name_ar and step >= 5.5:
                self.line(
                    zone.name_ar, 34.2, zone_y + 2.7, 17.5, 3, size=5.5, min_size=4, colour=MUTED
                )
            zone_y += step
        self.line(
            f"{badge.reference} · v{badge.version}",
            31.5,
            72.0,
            20,
            3,
            size=5,
            min_size=4,
            colour=MUTED,
        )

        # Category band.
        colour = _rgb(badge.colour)
        self.band(76.1, 9.5, colour)
        self.line(
            badge.category_en,
            3,
            77.8,
            27,
            6,
            style="B",
            size=9,
            min_size=5,
            colour=_text_on(colour),
        )
        self.line(
            badge.category_ar,
            30,
            77.8,
            21,
            6,
            style="B",
            size=9,
            min_size=5,
            align="R",
            colour=_text_on(colour),
        )


def _new_pdf(page: tuple[float, float], *, title: str) -> FPDF:
    pdf = FPDF(unit="mm", format=page)
    pdf.set_auto_page_break(False)
    pdf.set_margin(0)
    pdf.c_margin = 0
    for (family, style), filename in FONTS.items():
        pdf.add_font(family, style, FONT_DIR / filename)
    pdf.set_fallback_fonts(["Sans", "Arabic"], exact_match=False)
    pdf.set_text_shaping(use_shaping_engine=True)
    pdf.set_title(title)
    pdf.set_creator("Summit")
    return pdf


def _cut_marks(pdf: FPDF, x: float, y: float, w: float, h: float) -> None:
    pdf.set_draw_color(170, 170, 170)
    pdf.set_line_width(0.1)
    pdf.rect(x, y, w, h, style="D")


def badges_pdf(
    badges: Iterable[BadgeContent],
    *,
    badge_format: str = "cr80",
    sheet: str = "card",
    title: str = "Badges",
) -> bytes:
    """One badge per page (`sheet="card"`, for card printers) or tiled on A4 with cut lines."""
    width, height = PAGE_SIZES.get(badge_format, PAGE_SIZES["cr80"])
    if sheet == "a4":
        pdf = _new_pdf(A4, title=title)
        columns = int(A4[0] // width)
        rows = int(A4[1] // height)
        margin_x = (A4[0] - columns * width) / 2
        margin_y = (A4[1] - rows * height) / 2
        for index, badge in enumerate(badges):
            slot = index % (columns * rows)
            if slot == 0:
                pdf.add_page()
            x = margin_x + (slot % columns) * width
            y = margin_y + (slot // columns) * height
            _Badge(pdf, x=x, y=y, width=width, height=height).draw(badge)
            _cut_marks(pdf, x, y, width, height)
    else:
        pdf = _new_pdf((width, height), title=title)
        for badge in badges:
            pdf.add_page()
            _Badge(pdf, x=0, y=0, width=width, height=height).draw(badge)
    if pdf.page == 0:
        pdf.add_page()  # an empty selection still gives a valid (blank) document
    return bytes(pdf.output())


# --- From the database ---------------------------------------------------------------


def registration_badge_pdf(registration, badge) -> bytes:
    """One registration's badge, in its event's format."""
    from registrations.badges.services import badge_qr_text

    content = badge_content(
        registration, badge, qr_text=badge_qr_text(badge), photo=photo_for_badge(registration.photo)
    )
    return badges_pdf(
        [content],
        badge_format=registration.event.badge_format,
        title=f"{registration.event.name_en} — {registration.reference}",
    )


def batch_badges_pdf(pairs, *, event, sheet: str = "card") -> bytes:
    """Badges for (registration, badge) pairs, in the given order."""
    from registrations.badges.services import badge_qr_text

    contents = (
        badge_content(
            registration,
            badge,
            qr_text=badge_qr_text(badge),
            photo=photo_for_badge(registration.photo),
        )
        for registration, badge in pairs
    )
    return badges_pdf(
        contents, badge_format=event.badge_format, sheet=sheet, title=f"{event.name_en} — badges"
    )
