"""The printable vehicle pass: an A6 page for the windscreen, drawn with fpdf2.

Same fonts and shaping as the badges (registrations/badges/render.py): HarfBuzz
joins the Arabic letters of the delegation's name and runs them right to left.
The QR code is embedded as an image with its quiet zone, so any scanner, and a
PDF image extractor in the tests, reads it back.
"""

import io
from dataclasses import dataclass

from registrations.badges.render import INK, MUTED, NAVY, WHITE, _has_arabic, _new_pdf, qr_png
from registrations.registration.validators import without_hidden_characters

PAGE = (105.0, 148.0)  # A6, portrait
MARGIN = 7.0
AMBER = (255, 193, 7)

# Printed in both languages whatever the officer's language: the pass is read at the gate.
TITLE_EN, TITLE_AR = "VEHICLE PASS", "تصريح مركبة"
DRIVER_EN, DRIVER_AR = "Driver", "السائق"


@dataclass(frozen=True)
class VehiclePassContent:
    """What a pass shows, as plain values (no database access while drawing)."""

    qr_text: str
    pass_id: int
    version: int
    plate: str
    make: str
    colour: str
    driver_name: str
    delegation_en: str
    delegation_ar: str
    event_en: str
    event_ar: str


def vehicle_pass_content(vehicle, *, qr_text: str) -> VehiclePassContent:
    delegation = vehicle.delegation
    return VehiclePassContent(
        qr_text=qr_text,
        pass_id=vehicle.pk,
        version=vehicle.version,
        plate=without_hidden_characters(vehicle.plate),
        make=without_hidden_characters(vehicle.make),
        colour=without_hidden_characters(vehicle.colour),
        driver_name=without_hidden_characters(vehicle.driver_name),
        delegation_en=without_hidden_characters(delegation.name_en),
        delegation_ar=without_hidden_characters(delegation.name_ar),
        event_en=vehicle.event.name_en,
        event_ar=vehicle.event.name_ar,
    )


class _Writer:
    def __init__(self, pdf) -> None:
        self.pdf = pdf
        self.shaping = bool(pdf.text_shaping)

    def font(self, text: str, style: str, size: float) -> None:
        arabic = _has_arabic(text)
        if arabic != self.shaping:
            self.pdf.set_text_shaping(use_shaping_engine=arabic)
            self.shaping = arabic
        self.pdf.set_font("Arabic" if arabic else "Sans", style, size)

    def line(
        self,
        text: str,
        y: float,
        h: float,
        *,
        size: float,
        min_size: float = 6.0,
        style: str = "",
        colour=INK,
        x: float = MARGIN,
        w: float = PAGE[0] - 2 * MARGIN,
        align: str = "C",
    ) -> None:
        """One line of text, shrunk to fit `w` (then cut short) rather than run off the page."""
        if not text:
            return
        current = size
        self.font(text, style, current)
        while current > min_size and self.pdf.get_string_width(text) > w:
            current -= 0.5
            self.font(text, style, current)
        while len(text) > 1 and self.pdf.get_string_width(text) > w:
            text = text[:-2].rstrip() + "…"
        self.pdf.set_text_color(*colour)
        self.pdf.set_xy(x, y)
        self.pdf.cell(w, h, text, align=align)


def _draw(pdf, content: VehiclePassContent) -> None:
    width, height = PAGE
    write = _Writer(pdf)

    # Event band with the pass's title in both languages.
    pdf.set_fill_color(*NAVY)
    pdf.rect(0, 0, width, 27, style="F")
    write.line(content.event_en, 3, 6, size=11, style="B", colour=WHITE)
    write.line(content.event_ar, 9, 6, size=11, style="B", colour=WHITE)
    write.line(TITLE_EN, 16, 5, size=10, style="B", colour=AMBER, x=MARGIN, w=44, align="L")
    write.line(TITLE_AR, 16, 5, size=10, style="B", colour=AMBER, x=width - MARGIN - 44, w=44)
    pdf.set_text_shaping(use_shaping_engine=False)
    write.shaping = False

    # The plate, large, in a frame.
    pdf.set_draw_color(*INK)
    pdf.set_line_width(0.8)
    pdf.rect(MARGIN, 31, width - 2 * MARGIN, 20, style="D")
    write.line(content.plate, 33, 16, size=40, min_size=14, style="B")

    # The car and its driver.
    write.line(f"{content.make} · {content.colour}", 54, 6, size=13, style="B")
    write.line(content.delegation_en, 61, 6, size=12, min_size=7)
    write.line(content.delegation_ar, 67.5, 7, size=13, min_size=7)
    if content.driver_name:
        # The label in both languages at either end, the name between them.
        label_width = 16
        write.line(DRIVER_EN, 75, 5, size=8, colour=MUTED, w=label_width, align="L")
        write.line(
            DRIVER_AR,
            75,
            5,
            size=8,
            colour=MUTED,
            x=width - MARGIN - label_width,
            w=label_width,
            align="R",
        )
        write.line(
            content.driver_name,
            75,
            5,
            size=10,
            min_size=6,
            x=MARGIN + label_width,
            w=width - 2 * (MARGIN + label_width),
        )

    # The QR code, with its quiet zone, from the same image the PNG download serves.
    qr_size = 56.0
    pdf.image(io.BytesIO(qr_png(content.qr_text)), x=(width - qr_size) / 2, y=82, w=qr_size)

    write.line(
        f"Pass {content.pass_id} · v{content.version}",
        height - 8,
        5,
        size=8,
        colour=MUTED,
    )


def vehicle_passes_pdf(contents, *, title: str = "Vehicle passes") -> bytes:
    pdf = _new_pdf(PAGE, title=title)
    for content in contents:
        pdf.add_page()
        _draw(pdf, content)
    if pdf.page == 0:
        pdf.add_page()
    return bytes(pdf.output())


def vehicle_pass_pdf(vehicle) -> bytes:
    """One approved vehicle pass, signed for its current version."""
    from registrations.vehicles.services import vehicle_pass_qr_text

    content = vehicle_pass_content(vehicle, qr_text=vehicle_pass_qr_text(vehicle))
    return vehicle_passes_pdf(
        [content], title=f"{vehicle.event.name_en} — vehicle pass {vehicle.plate}"
    )
