"""The one CSV writer: files an officer opens in a spreadsheet, safe to open there.

A cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return is a formula
to Excel and LibreOffice (CSV injection): it is written with a leading quote,
which the spreadsheet shows as text. A byte-order mark makes Excel read the
Arabic names as UTF-8.
"""

import csv
import io
from collections.abc import Iterable

from django.http import HttpResponse

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralize(value) -> str:
    """Make a cell inert: a leading formula character is escaped with a quote."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def csv_text(header: Iterable, rows: Iterable[Iterable]) -> str:
    """The file's text: the header, then each row, every cell neutralised."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow([neutralize(cell) for cell in header])
    for row in rows:
        writer.writerow([neutralize(cell) for cell in row])
    return buffer.getvalue()


def csv_download(text: str, filename: str) -> HttpResponse:
    """A CSV attachment that no cache keeps: these files hold personal data."""
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- Reading ----------------------------------------------------------------------------
# The files officers upload (a vetting decisions file, a registrations import) are read
# the same way: UTF-8 with or without a byte-order mark (Excel's "CSV UTF-8"), or where
# the reader accepts it UTF-16 with one (Excel's "Unicode text"); the delimiter found on
# the first line: `,`, `;` (Excel in French, Spanish or Arabic settings) or a tab.
CSV_DELIMITERS = ",;\t"


def csv_decode(content: bytes | str, *, utf16: bool = False) -> str | None:
    """The file's text without its byte-order mark; None when it is not UTF-8 text (or,
    with `utf16`, UTF-16 text with its byte-order mark)."""
    if isinstance(content, str):
        return content.lstrip("\ufeff")
    try:
        if utf16 and content.startswith((b"\xff\xfe", b"\xfe\xff")):
            return content.decode("utf-16").lstrip("\ufeff")
        return content.decode("utf-8-sig").lstrip("\ufeff")
    except UnicodeDecodeError:
        return None


def csv_reader(text: str):
    """A csv.reader over `text` with the delimiter of its first line (`line_num` counts)."""
    first = text.splitlines()[0] if text else ""
    try:
        dialect = csv.Sniffer().sniff(first, delimiters=CSV_DELIMITERS)
    except csv.Error:
        dialect = csv.excel
    return csv.reader(io.StringIO(text), dialect=dialect)
