"""The badge PDF: a CR80 card or A6 page per badge, or badges tiled on A4 sheets.

The layout is designed on a CR80 card held upright (54 × 85.6 mm) and drawn in
a `Frame` of the page: as it is on a card, scaled up on A6, side by side on A4.
Fonts, Arabic shaping, fitted text and the QR code come from the one document
base (registrations/printing/pdf.py); what a badge shows is collected first
(registrations/badges/content.py), so drawing reads no database.
"""

import io
from collections.abc import Iterable

from django.utils import translation
from django.utils.translation import gettext as _

from registrations.badges.content import BadgeContent, badge_content, photo_for_badge
from registrations.badges.services import badge_current, badge_qr_text
from registrations.printing.labels import Lines, first_text
from registrations.printing.pdf import (
    A4,
    A6,
    MUTED,
    NAVY,
    WHITE,
    Frame,
    PrintedDocument,
    colour_rgb,
    ink_on,
    reading_sides,
)
from registrations.registration.models import Registration, Status

CARD_W, CARD_H = 54.0, 85.6
PAGE_SIZES = {"cr80": (CARD_W, CARD_H), "a6": A6}


class _BadgeCard:
    """Draws one badge in a rectangle of the page, the card layout scaled to fit it."""

    def __init__(
        self, pdf: PrintedDocument, *, x: float, y: float, width: float, height: float
    ) -> None:
        self.pdf = pdf
        self.left, self.top, self.width, self.height = x, y, width, height
        scale = min(width / CARD_W, height / CARD_H)
        # The scaled card layout is centred on a wider page.
        inset = (width - CARD_W * scale) / 2
        self.frame = Frame(left=x + inset, top=y, scale=scale)

    def band(self, y: float, h: float, colour: tuple[int, int, int]) -> None:
        """A coloured band across the whole badge, edge to edge."""
        self.pdf.set_fill_color(*colour)
        self.pdf.rect(self.left, self.frame.y(y), self.width, self.frame.mm(h), style="F")

    def line(self, text: str, x: float, y: float, w: float, h: float, **style) -> None:
        self.pdf.text_line(text, x, y, w, h, frame=self.frame, **style)

    def side_by_side(
        self, lines: Lines, x: float, y: float, w: float, h: float, *, split=None, **style
    ) -> None:
        """Two lines on one row, one from the left, one to the right edge (the left part
        `split` units wide, half the row by default); one line alone takes the row.

        The first line stands where its reader starts: on the left, or on the right when it
        is Arabic beside a Latin-script line. Arabic runs right to left within its part.
        """
        if len(lines) == 1:
            self.line(lines[0][1], x, y, w, h, **style)
            return
        split = w / 2 if split is None else split
        left, right = reading_sides(lines)
        self.line(left, x, y, split, h, **style)
        self.line(right, x + split, y, w - split, h, align="R", **style)

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
            self.pdf.set_font_for(text, style, current * self.frame.scale)
            wrapped = self.pdf.multi_cell(
                self.frame.mm(w), None, text, dry_run=True, output="LINES", align="L"
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

    def draw(self, badge: BadgeContent) -> None:
        pdf, frame = self.pdf, self.frame
        pdf.set_fill_color(*WHITE)
        pdf.rect(self.left, self.top, self.width, self.height, style="F")

        # Event band.
        self.band(0, 9.5, NAVY)
        event_style = {"style": "B", "size": 6.5, "min_size": 4.5, "align": "C", "colour": WHITE}
        # Two lines one above the other; one line alone in the middle of the band.
        tops = (0.9, 4.6) if len(badge.event) > 1 else (2.75,)
        for (_language, text), top in zip(badge.event, tops, strict=False):
            self.line(text, 2.5, top, 49, 4, **event_style)

        # Photo and names.
        text_x, text_w = 3.0, 48.0
        if badge.photo:
            pdf.image(
                io.BytesIO(badge.photo),
                x=frame.x(3),
                y=frame.y(11.5),
                w=frame.mm(16),
                h=frame.mm(20),
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
        details = [
            badge.country,
            *(text for _code, text in badge.delegation if text != badge.country),
        ]
        for text in details:
            if text and y <= 42.5:  # the QR code's quiet zone starts below
                self.line(text, 3, y, 48, 3, size=6, min_size=4.5, colour=MUTED)
                y += 3

        # QR code and zones.
        pdf.qr_code(badge.qr_text, 4.5, 48.5, 24.0, frame=frame)
        zone_y = 48.5
        heading = {"style": "B", "size": 5, "min_size": 4, "colour": MUTED}
        self.side_by_side(badge.zones_heading, 31.5, zone_y, 20, 2.8, **heading)
        zone_y += 3.0
        step = 6.0 if len(badge.zones) <= 3 else (23.0 / max(len(badge.zones), 1))
        for zone in badge.zones[:8]:
            pdf.set_fill_color(*colour_rgb(zone.colour))
            pdf.rect(frame.x(31.5), frame.y(zone_y + 0.5), frame.mm(2.0), frame.mm(2.0), style="F")
            # The first line bold, the second (room allowing) muted beneath it.
            names = zone.names if step >= 5.5 else zone.names[:1]
            for index, (_language, text) in enumerate(names):
                style = (
                    {"style": "B", "size": 5.8} if index == 0 else {"size": 5.5, "colour": MUTED}
                )
                self.line(text, 34.2, zone_y + 2.7 * index, 17.5, 3, min_size=4, **style)
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
        colour = colour_rgb(badge.colour)
        category_style = {"style": "B", "size": 9, "min_size": 5, "colour": ink_on(colour)}
        self.band(76.1, 9.5, colour)
        self.side_by_side(badge.category, 3, 77.8, 48, 6, split=27, **category_style)


def _cut_marks(pdf: PrintedDocument, x: float, y: float, w: float, h: float) -> None:
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
        pdf = PrintedDocument(A4, title=title)
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
            _BadgeCard(pdf, x=x, y=y, width=width, height=height).draw(badge)
            _cut_marks(pdf, x, y, width, height)
    else:
        pdf = PrintedDocument((width, height), title=title)
        for badge in badges:
            pdf.add_page()
            _BadgeCard(pdf, x=0, y=0, width=width, height=height).draw(badge)
    return pdf.finished()


# --- From the database ---------------------------------------------------------------


def _content(registration, badge) -> BadgeContent:
    return badge_content(
        registration, badge, qr_text=badge_qr_text(badge), photo=photo_for_badge(registration.photo)
    )


def registration_badge_pdf(registration, badge) -> bytes:
    """One registration's badge, in its event's format."""
    content = _content(registration, badge)
    return badges_pdf(
        [content],
        badge_format=registration.event.badge_format,
        title=f"{first_text(content.event)} — {registration.reference}",
    )


def batch_badges_pdf(pairs, *, event, sheet: str = "card") -> bytes:
    """Badges for (registration, badge) pairs, in the given order."""
    contents = (_content(registration, badge) for registration, badge in pairs)
    language = event.badge_language_codes[0]
    with translation.override(language):
        title = _("%(event)s: badges") % {"event": event.name.in_language(language)}
    return badges_pdf(contents, badge_format=event.badge_format, sheet=sheet, title=title)


def badge_pdf_current(*, registration_id: int) -> bytes | None:
    """The PDF of the registration's current badge; None once it has none (revoked…).

    The approval email's attachment (registrations.badges.services.BADGE_PDF_PRODUCER),
    made when the email is sent.
    """
    registration = (
        Registration.objects.select_related("event", "category", "delegation")
        .filter(pk=registration_id, status=Status.APPROVED)
        .first()
    )
    badge = badge_current(registration=registration) if registration else None
    if badge is None:
        return None
    return registration_badge_pdf(registration, badge)
