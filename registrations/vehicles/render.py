"""The printable vehicle pass: an A6 page for the windscreen.

Drawn on the document base the badges use (registrations/printing/pdf.py):
HarfBuzz joins the Arabic letters of the delegation's name and runs them right
to left. The QR code is embedded as an image with its quiet zone, so any
scanner, and a PDF image extractor in the tests, reads it back.
"""

from dataclasses import dataclass

from registrations.printing.pdf import A6, INK, MUTED, NAVY, WHITE, PrintedDocument
from registrations.registration.validators import without_hidden_characters
from registrations.vehicles.services import vehicle_pass_qr_text

PAGE = A6  # portrait
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
        delegation_en=without_hidden_characters(delegation.name.in_language("en")),
        delegation_ar=without_hidden_characters(delegation.name.get("ar")),
        event_en=vehicle.event.name.in_language("en"),
        event_ar=vehicle.event.name.get("ar"),
    )


def _line(
    pdf: PrintedDocument,
    text: str,
    y: float,
    h: float,
    *,
    size: float,
    min_size: float = 6.0,
    x: float = MARGIN,
    w: float = PAGE[0] - 2 * MARGIN,
    align: str = "C",
    **style,
) -> None:
    """One line of the pass, centred between the margins unless told otherwise."""
    pdf.text_line(text, x, y, w, h, size=size, min_size=min_size, align=align, **style)


def _draw(pdf: PrintedDocument, content: VehiclePassContent) -> None:
    width, height = PAGE

    # Event band with the pass's title in both languages.
    pdf.set_fill_color(*NAVY)
    pdf.rect(0, 0, width, 27, style="F")
    _line(pdf, content.event_en, 3, 6, size=11, style="B", colour=WHITE)
    _line(pdf, content.event_ar, 9, 6, size=11, style="B", colour=WHITE)
    title = {"size": 10, "style": "B", "colour": AMBER, "w": 44}
    _line(pdf, TITLE_EN, 16, 5, x=MARGIN, align="L", **title)
    _line(pdf, TITLE_AR, 16, 5, x=width - MARGIN - 44, **title)

    # The plate, large, in a frame.
    pdf.set_draw_color(*INK)
    pdf.set_line_width(0.8)
    pdf.rect(MARGIN, 31, width - 2 * MARGIN, 20, style="D")
    _line(pdf, content.plate, 33, 16, size=40, min_size=14, style="B")

    # The car and its driver.
    _line(pdf, f"{content.make} · {content.colour}", 54, 6, size=13, style="B")
    _line(pdf, content.delegation_en, 61, 6, size=12, min_size=7)
    _line(pdf, content.delegation_ar, 67.5, 7, size=13, min_size=7)
    if content.driver_name:
        # The label in both languages at either end, the name between them.
        label_width = 16
        label = {"size": 8, "colour": MUTED, "w": label_width}
        _line(pdf, DRIVER_EN, 75, 5, align="L", **label)
        _line(pdf, DRIVER_AR, 75, 5, x=width - MARGIN - label_width, align="R", **label)
        _line(
            pdf,
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
    pdf.qr_image(content.qr_text, x=(width - qr_size) / 2, y=82, w=qr_size)

    _line(pdf, f"Pass {content.pass_id} · v{content.version}", height - 8, 5, size=8, colour=MUTED)


def vehicle_passes_pdf(contents, *, title: str = "Vehicle passes") -> bytes:
    pdf = PrintedDocument(PAGE, title=title)
    for content in contents:
        pdf.add_page()
        _draw(pdf, content)
    return pdf.finished()


def vehicle_pass_pdf(vehicle) -> bytes:
    """One approved vehicle pass, signed for its current version."""
    content = vehicle_pass_content(vehicle, qr_text=vehicle_pass_qr_text(vehicle))
    return vehicle_passes_pdf(
        [content], title=f"{vehicle.event.name.in_language('en')} — vehicle pass {vehicle.plate}"
    )
