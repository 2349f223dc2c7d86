"""The plenary seating list: approved, ranked registrations in order of precedence.

Seat 1 is the highest precedence. People without a protocol rank are not seated
by protocol and are left out; the officers give them a rank first.
"""

from dataclasses import dataclass

from django.utils import timezone

from events.csv_files import csv_text
from events.summit.models import Event
from registrations.badges.render import _has_arabic, _new_pdf
from registrations.protocol.selectors import in_precedence_order
from registrations.registration.models import Registration, Status

A4_LANDSCAPE = (297.0, 210.0)
MARGIN = 12.0
ROW_HEIGHT = 7.5
# (heading, width in mm); the Arabic columns are right-aligned.
PDF_COLUMNS = (
    ("Seat", 12.0),
    ("Rank", 40.0),
    ("Name", 58.0),
    ("الاسم", 52.0),
    ("Delegation", 48.0),
    ("الوفد", 42.0),
    ("Country", 21.0),
)
CSV_COLUMNS = (
    "seat",
    "rank",
    "rank_ar",
    "reference",
    "name",
    "name_ar",
    "delegation",
    "delegation_ar",
    "country",
)


@dataclass(frozen=True)
class Seat:
    seat: int
    rank: str
    rank_ar: str
    reference: str
    name: str
    name_ar: str
    delegation: str
    delegation_ar: str
    country: str


def seating_list(*, event: Event) -> list[Seat]:
    registrations = in_precedence_order(
        Registration.objects.filter(
            event=event, status=Status.APPROVED, protocol_rank__isnull=False
        ).select_related("protocol_rank", "delegation"),
        event=event,
    )
    return [
        Seat(
            seat=number,
            rank=registration.protocol_rank.name_en,
            rank_ar=registration.protocol_rank.name_ar,
            reference=registration.reference,
            name=registration.display_name,
            name_ar=registration.display_name_ar,
            delegation=registration.delegation.name_en if registration.delegation_id else "",
            delegation_ar=registration.delegation.name_ar if registration.delegation_id else "",
            country=registration.country.code,
        )
        for number, registration in enumerate(registrations.iterator(chunk_size=1000), start=1)
    ]


def seating_csv(seats: list[Seat]) -> str:
    """For protocol staff's spreadsheet: names and delegations come from registrants."""
    return csv_text(
        CSV_COLUMNS, ([getattr(seat, column) for column in CSV_COLUMNS] for seat in seats)
    )


def seating_pdf(seats: list[Seat], *, event: Event) -> bytes:
    pdf = _new_pdf(A4_LANDSCAPE, title=f"{event.name_en}: plenary seating")
    pdf.set_auto_page_break(True, margin=MARGIN)
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.c_margin = 1
    pdf.add_page()
    _title(pdf, event, len(seats))
    _header(pdf)
    for seat in seats:
        if pdf.will_page_break(ROW_HEIGHT):
            pdf.add_page()
            _header(pdf)
        values = (
            str(seat.seat),
            seat.rank,
            seat.name,
            seat.name_ar,
            seat.delegation,
            seat.delegation_ar,
            seat.country,
        )
        for (_heading, width), value in zip(PDF_COLUMNS, values, strict=True):
            _cell(pdf, value, width, border="B")
        pdf.ln(ROW_HEIGHT)
    return bytes(pdf.output())


def _title(pdf, event: Event, count: int) -> None:
    pdf.set_font("Sans", "B", 14)
    pdf.set_text_shaping(use_shaping_engine=False)
    pdf.cell(0, 8, f"{event.name_en}: plenary seating in order of precedence")
    pdf.ln(8)
    if event.name_ar:
        _cell(pdf, f"{event.name_ar}: ترتيب مقاعد الجلسة العامة حسب الأسبقية", 0, size=12)
        pdf.ln(8)
    pdf.set_font("Sans", "", 9)
    pdf.set_text_shaping(use_shaping_engine=False)
    stamp = timezone.localtime(timezone.now(), event.tzinfo).strftime("%Y-%m-%d %H:%M")
    pdf.cell(0, 6, f"{count} seats. Printed {stamp} ({event.timezone}).")
    pdf.ln(9)


def _header(pdf) -> None:
    pdf.set_fill_color(11, 37, 69)
    pdf.set_text_color(255, 255, 255)
    for heading, width in PDF_COLUMNS:
        _cell(pdf, heading, width, style="B", fill=True)
    pdf.ln(ROW_HEIGHT)
    pdf.set_text_color(27, 31, 36)


def _cell(pdf, text: str, width: float, *, style="", size=9.5, border="", fill=False) -> None:
    arabic = _has_arabic(text)
    # HarfBuzz shaping and right-to-left order only where Arabic needs them.
    pdf.set_text_shaping(use_shaping_engine=arabic)
    pdf.set_font("Arabic" if arabic else "Sans", style, size)
    while width and size > 6 and pdf.get_string_width(text) > width - 2:
        size -= 0.5
        pdf.set_font_size(size)
    pdf.cell(
        width,
        ROW_HEIGHT,
        text,
        border=border,
        fill=fill,
        align="R" if arabic else "L",
    )
