"""The printable vehicle pass: an A6 page for the windscreen.

Drawn on the document base the badges use (registrations/printing/pdf.py):
HarfBuzz joins the Arabic letters of the delegation's name and runs them right
to left. The QR code is embedded as an image with its quiet zone, so any
scanner, and a PDF image extractor in the tests, reads it back.
"""

from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events.bidi import ltr_isolated
from registrations.printing.labels import (
    Lines,
    content_lines,
    first_text,
    fixed_lines,
)
from registrations.printing.pdf import (
    A6,
    INK,
    MUTED,
    NAVY,
    WHITE,
    PrintedDocument,
    has_arabic,
    reading_sides,
)
from registrations.registration.validators import without_hidden_characters
from registrations.vehicles.services import vehicle_pass_qr_text

PAGE = A6  # portrait
MARGIN = 7.0
AMBER = (255, 193, 7)

# Printed in the event's badge languages whatever the officer's language: the pass is
# read at the gate. The title in capitals.
TITLE = gettext_lazy("Vehicle pass")
DRIVER = gettext_lazy("Driver")


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
    delegation: Lines
    event: Lines
    title: Lines
    driver_label: Lines
    footer: str


def vehicle_pass_content(vehicle, *, qr_text: str) -> VehiclePassContent:
    event = vehicle.event
    languages = event.badge_language_codes
    main = event.main_language
    with translation.override(languages[0]):
        number = _("Pass %(number)s · version %(version)s")
    # On an Arabic line the numbers keep their own order between isolates.
    isolate = ltr_isolated if has_arabic(number) else str
    number = number % {"number": isolate(vehicle.pk), "version": isolate(vehicle.version)}
    return VehiclePassContent(
        qr_text=qr_text,
        pass_id=vehicle.pk,
        version=vehicle.version,
        plate=without_hidden_characters(vehicle.plate),
        make=without_hidden_characters(vehicle.make),
        colour=without_hidden_characters(vehicle.colour),
        driver_name=without_hidden_characters(vehicle.driver_name),
        delegation=content_lines(vehicle.delegation.name, languages, main_language=main),
        event=content_lines(event.name, languages, main_language=main),
        title=tuple((code, text.upper()) for code, text in fixed_lines(TITLE, languages)),
        driver_label=fixed_lines(DRIVER, languages),
        footer=number,
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


def _side_by_side(pdf: PrintedDocument, lines: Lines, y: float, h: float, **style) -> None:
    """Two lines from either margin, the first where its reader starts; one alone, centred."""
    if len(lines) == 1:
        _line(pdf, lines[0][1], y, h, **style)
        return
    half = (PAGE[0] - 2 * MARGIN) / 2
    left, right = reading_sides(lines)
    _line(pdf, left, y, h, x=MARGIN, w=half, align="L", **style)
    _line(pdf, right, y, h, x=MARGIN + half, w=half, align="R", **style)


def _draw(pdf: PrintedDocument, content: VehiclePassContent) -> None:
    width, height = PAGE

    # Event band with the pass's title in the badge languages.
    pdf.set_fill_color(*NAVY)
    pdf.rect(0, 0, width, 27, style="F")
    tops = (3, 9) if len(content.event) > 1 else (6,)
    for (_language, text), top in zip(content.event, tops, strict=False):
        _line(pdf, text, top, 6, size=11, style="B", colour=WHITE)
    title = {"size": 10, "style": "B", "colour": AMBER}
    _side_by_side(pdf, content.title, 16, 5, **title)

    # The plate, large, in a frame.
    pdf.set_draw_color(*INK)
    pdf.set_line_width(0.8)
    pdf.rect(MARGIN, 31, width - 2 * MARGIN, 20, style="D")
    _line(pdf, content.plate, 33, 16, size=40, min_size=14, style="B")

    # The car and its driver.
    _line(pdf, f"{content.make} · {content.colour}", 54, 6, size=13, style="B")
    for (_language, text), top in zip(content.delegation, (61, 67.5), strict=False):
        _line(pdf, text, top, 6.5, size=12.5, min_size=7)
    if content.driver_name:
        # The label in the badge languages at either end, the name between them.
        label_width = 16
        label = {"size": 8, "colour": MUTED, "w": label_width}
        left, right = reading_sides(content.driver_label)
        _line(pdf, left, 75, 5, align="L", **label)
        _line(pdf, right, 75, 5, x=width - MARGIN - label_width, align="R", **label)
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

    _line(pdf, content.footer, height - 8, 5, size=8, colour=MUTED)


def vehicle_passes_pdf(contents, *, title: str) -> bytes:
    pdf = PrintedDocument(PAGE, title=title)
    for content in contents:
        pdf.add_page()
        _draw(pdf, content)
    return pdf.finished()


def vehicle_pass_pdf(vehicle) -> bytes:
    """One approved vehicle pass, signed for its current version."""
    content = vehicle_pass_content(vehicle, qr_text=vehicle_pass_qr_text(vehicle))
    return vehicle_passes_pdf(
        [content],
        title=f"{first_text(content.event)} — {first_text(content.title)} {vehicle.plate}",
    )
