"""The plenary seating list: approved, ranked registrations in order of precedence.

Seat 1 is the highest precedence. People without a protocol rank are not seated
by protocol and are left out; the officers give them a rank first. The PDF is
drawn on the document base of badges and passes (registrations/printing/pdf.py),
with page breaks on and the column headings repeated on every page.

The PDF is the officer's working list, not a credential read at a door: it is in the
language the officer reads the site in (the active language when the list is made),
ranks and delegations included; names print in the Latin and the Arabic script.
"""

from dataclasses import dataclass

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from events.csv_files import csv_text
from events.summit.models import Event
from events.translated.text import active_language
from registrations.printing.labels import content_text
from registrations.printing.pdf import INK, NAVY, WHITE, PrintedDocument, has_arabic
from registrations.protocol.selectors import in_precedence_order
from registrations.registration.models import Registration, Status

A4_LANDSCAPE = (297.0, 210.0)
MARGIN = 12.0
ROW_HEIGHT = 7.5
# (heading, width in mm); Arabic text is right-aligned in its cell.
PDF_COLUMNS = (
    (gettext_lazy("Seat"), 12.0),
    (gettext_lazy("Rank"), 50.0),
    (gettext_lazy("Name"), 62.0),
    (gettext_lazy("Name in Arabic script"), 56.0),
    (gettext_lazy("Delegation"), 68.0),
    (gettext_lazy("Country"), 25.0),
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
    # In the reader's language (the active one when the list was made): the PDF's.
    rank_text: str = ""
    delegation_text: str = ""


def seating_list(*, event: Event) -> list[Seat]:
    registrations = in_precedence_order(
        Registration.objects.filter(
            event=event, status=Status.APPROVED, protocol_rank__isnull=False
        ).select_related("protocol_rank", "delegation"),
        event=event,
    )
    reader, main = active_language(), event.main_language
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
            rank_text=content_text(registration.protocol_rank.name, reader, main_language=main),
            delegation_text=content_text(registration.delegation.name, reader, main_language=main)
            if registration.delegation_id
            else "",
        )
        for number, registration in enumerate(registrations.iterator(chunk_size=1000), start=1)
    ]


def seating_csv(seats: list[Seat]) -> str:
    """For protocol staff's spreadsheet: names and delegations come from registrants."""
    return csv_text(
        CSV_COLUMNS, ([getattr(seat, column) for column in CSV_COLUMNS] for seat in seats)
    )


def seating_pdf(seats: list[Seat], *, event: Event) -> bytes:
    """The list in the active language (the officer's), its columns and its stamp."""
    event_name = content_text(event.name, active_language(), main_language=event.main_language)
    pdf = PrintedDocument(
        A4_LANDSCAPE, title=_("%(event)s: plenary seating") % {"event": event_name}
    )
    pdf.set_auto_page_break(True, margin=MARGIN)
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.c_margin = 1
    pdf.add_page()
    # An Arabic reader's table runs from the right: the columns reversed, every cell
    # aligned to the right.
    rtl = translation.get_language_bidi()
    columns = PDF_COLUMNS[::-1] if rtl else PDF_COLUMNS
    _title(pdf, event, event_name, len(seats))
    _header(pdf, columns, rtl=rtl)
    for seat in seats:
        if pdf.will_page_break(ROW_HEIGHT):
            pdf.add_page()
            _header(pdf, columns, rtl=rtl)
        values = (
            str(seat.seat),
            seat.rank_text or seat.rank,
            seat.name,
            seat.name_ar,
            seat.delegation_text or seat.delegation,
            seat.country,
        )
        for (_heading, width), value in zip(columns, values[::-1] if rtl else values, strict=True):
            _cell(pdf, value, width, border="B", rtl=rtl)
        pdf.ln(ROW_HEIGHT)
    return pdf.finished()


def _title(pdf: PrintedDocument, event: Event, event_name: str, count: int) -> None:
    title = _("%(event)s: plenary seating in order of precedence") % {"event": event_name}
    _cell(pdf, title, 0, style="B", size=14)
    pdf.ln(9)
    stamp = formats.date_format(
        timezone.localtime(timezone.now(), event.tzinfo), "SHORT_DATETIME_FORMAT"
    )
    seats = ngettext("%(count)d seat.", "%(count)d seats.", count) % {"count": count}
    printed = _("Printed %(date)s (%(zone)s).") % {"date": stamp, "zone": event.timezone_label}
    _cell(pdf, f"{seats} {printed}", 0, size=9)
    pdf.ln(9)


def _header(pdf: PrintedDocument, columns, *, rtl: bool) -> None:
    pdf.set_fill_color(*NAVY)
    pdf.set_text_color(*WHITE)
    for heading, width in columns:
        _cell(pdf, str(heading), width, style="B", fill=True, rtl=rtl)
    pdf.ln(ROW_HEIGHT)
    pdf.set_text_color(*INK)


def _cell(
    pdf: PrintedDocument,
    text: str,
    width: float,
    *,
    style="",
    size=9.5,
    border="",
    fill=False,
    rtl=False,
) -> None:
    """One cell of a row, right-aligned for Arabic (or in a right-to-left table); shrunk to
    fit its column (width 0: the rest of the line, never shrunk)."""
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
        align="R" if rtl or has_arabic(text) else "L",
    )
