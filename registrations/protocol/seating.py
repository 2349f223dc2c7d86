"""The plenary seating list: approved, ranked registrations in order of precedence.

Seat 1 is the highest precedence. People without a protocol rank are not seated
by protocol and are left out; the officers give them a rank first. The PDF is
drawn on the document base of badges and passes (registrations/printing/pdf.py),
with page breaks on and the column headings repeated on every page.
"""

from dataclasses import dataclass

from django.utils import formats, timezone

from events.csv_files import csv_text
from events.summit.models import Event
from registrations.printing.pdf import INK, NAVY, WHITE, PrintedDocument, has_arabic
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
            rank=registration.protocol_rank.name.in_language("en"),
            rank_ar=registration.protocol_rank.name.get("ar"),
            reference=registration.reference,
            name=registration.display_name,
            name_ar=registration.display_name_ar,
            delegation=(
                registration.delegation.name.in_language("en") if registration.delegation_id else ""
            ),
            delegation_ar=registration.delegation.name.get("ar")
            if registration.delegation_id
            else "",
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
    pdf = PrintedDocument(A4_LANDSCAPE, title=f"{event.name.in_language('en')}: plenary seating")
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
    return pdf.finished()


def _title(pdf: PrintedDocument, event: Event, count: int) -> None:
    title = f"{event.name.in_language('en')}: plenary seating in order of precedence"
    pdf.set_font_for(title, "B", 14)
    pdf.cell(0, 8, title)
    pdf.ln(8)
    if event.name.get("ar"):
        _cell(pdf, f"{event.name.get('ar')}: ترتيب مقاعد الجلسة العامة حسب الأسبقية", 0, size=12)
        pdf.ln(8)
    stamp = formats.date_format(
        timezone.localtime(timezone.now(), event.tzinfo), "SHORT_DATETIME_FORMAT"
    )
    printed = f"{count} seats. Printed {stamp} ({event.timezone_label})."
    pdf.set_font_for(printed, "", 9)
    pdf.cell(0, 6, printed)
    pdf.ln(9)


def _header(pdf: PrintedDocument) -> None:
    pdf.set_fill_color(*NAVY)
    pdf.set_text_color(*WHITE)
    for heading, width in PDF_COLUMNS:
        _cell(pdf, heading, width, style="B", fill=True)
    pdf.ln(ROW_HEIGHT)
    pdf.set_text_color(*INK)


def _cell(
    pdf: PrintedDocument, text: str, width: float, *, style="", size=9.5, border="", fill=False
) -> None:
    """One cell of a row, right-aligned for Arabic; shrunk to fit its column (width 0: the
    rest of the line, never shrunk)."""
    if width:
        pdf.fit_font(text, width - 2, style=style, size=size, min_size=6)
    else:
        pdf.set_font_for(text, style, size)
    pdf.cell(
        width,
        ROW_HEIGHT,
        text,
        border=border,
        fill=fill,
        align="R" if has_arabic(text) else "L",
    )
