"""Reading an uploaded registrations file: CSV (events/csv_files.py) or Excel .xlsx.

What comes out is a `Table`: the header's names and each row's cells as text, with
the row's line in the file (what the officer sees in their spreadsheet). A file that
cannot be read at all raises `ImportFileInvalid` naming the `file` field: not CSV nor
.xlsx, empty, too large, no header, too many rows, a macro-enabled or damaged workbook.
"""

import csv
import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.utils.translation import gettext as _

from events.csv_files import csv_decode, csv_reader
from registrations.registration.errors import RegistrationError

MAX_IMPORT_BYTES = 5_000_000
MAX_IMPORT_ROWS = 10_000
MAX_COLUMNS = 100
# An .xlsx is a zip: what it unpacks to is bounded too (a small file may unpack huge).
MAX_UNPACKED_BYTES = 100_000_000
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls, and encrypted workbooks
MACRO_PARTS = ("xl/vbaProject.bin",)


class ImportFileInvalid(RegistrationError):
    """The file cannot be read as a table of registrations."""


@dataclass
class Table:
    header: list[str]
    # [line, [cell, …]], the cells as text, as many as the header has names.
    rows: list[list] = field(default_factory=list)


def _invalid(message: str) -> ImportFileInvalid:
    return ImportFileInvalid(message, field="file", code="invalid")


def table_read(*, name: str, content: bytes) -> Table:
    """The file's table; ImportFileInvalid when it cannot be read."""
    if len(content) > MAX_IMPORT_BYTES:
        raise _invalid(
            _("The file is larger than %(size)d MB.") % {"size": MAX_IMPORT_BYTES // 1_000_000}
        )
    if not content.strip():
        raise _invalid(_("The file is empty."))
    lowered = name.lower()
    if lowered.endswith((".xlsm", ".xltm", ".xlsb")):
        raise _invalid(_("Workbooks with macros are not accepted: save the sheet as .xlsx or CSV."))
    if content.startswith(OLE_MAGIC) or lowered.endswith(".xls"):
        raise _invalid(
            _("Old Excel files (.xls) and protected workbooks cannot be read: save as .xlsx.")
        )
    if content.startswith(ZIP_MAGIC):
        return _xlsx_table(content)
    if lowered.endswith(".xlsx"):
        raise _invalid(_("This .xlsx file is damaged: it cannot be opened."))
    extension = lowered.rsplit(".", 1)[1] if "." in lowered else ""
    if extension and extension not in ("csv", "txt", "tsv"):
        raise _invalid(_("Upload a CSV file or an Excel workbook (.xlsx)."))
    return _csv_table(content)


def _csv_table(content: bytes) -> Table:
    text = csv_decode(content, utf16=True)
    if text is None or "\x00" in text:
        raise _invalid(_("The file is not UTF-8 text; save it as CSV (UTF-8)."))
    reader = csv_reader(text)
    try:
        return _table((list(cells), reader.line_num) for cells in reader)
    except csv.Error as error:
        raise _invalid(
            _("The file is not valid CSV (line %(line)d).") % {"line": reader.line_num}
        ) from error


def _xlsx_table(content: bytes) -> Table:
    from openpyxl import load_workbook

    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        names = set(archive.namelist())
        unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError) as error:
        raise _invalid(_("This .xlsx file is damaged: it cannot be opened.")) from error
    if names & set(MACRO_PARTS):
        raise _invalid(_("Workbooks with macros are not accepted: save the sheet as .xlsx or CSV."))
    if "xl/workbook.xml" not in names:
        raise _invalid(_("Upload a CSV file or an Excel workbook (.xlsx)."))
    if unpacked > MAX_UNPACKED_BYTES:
        raise _invalid(_("The workbook is too large once unpacked."))
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        table = _table(
            ([_cell_text(value) for value in values], line)
            for line, values in enumerate(sheet.iter_rows(values_only=True), start=1)
        )
        workbook.close()
    except ImportFileInvalid:
        raise
    except Exception as error:  # openpyxl raises many kinds on a damaged file
        raise _invalid(_("This .xlsx file is damaged: it cannot be opened.")) from error
    return table


def _cell_text(value) -> str:
    """A spreadsheet cell as the text a person typed: dates as YYYY-MM-DD, 12.0 as 12."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _table(lines) -> Table:
    """The header (the first non-empty line) and the non-empty rows after it."""
    header = None
    rows = []
    for cells, line in lines:
        cells = [cell.strip() for cell in cells]
        if not any(cells):
            continue
        if header is None:
            header = _header(cells)
            continue
        if len(rows) >= MAX_IMPORT_ROWS:
            raise _invalid(
                _("A file may hold at most %(count)d registrations.") % {"count": MAX_IMPORT_ROWS}
            )
        width = len(header)
        rows.append([line, (cells + [""] * width)[:width]])
    if header is None:
        raise _invalid(_("The file is empty."))
    if not rows:
        raise _invalid(_("The file has a header but no registrations under it."))
    return Table(header=header, rows=rows)


def _header(cells: list[str]) -> list[str]:
    while cells and not cells[-1]:
        cells = cells[:-1]
    if len(cells) > MAX_COLUMNS:
        raise _invalid(_("The file has more than %(count)d columns.") % {"count": MAX_COLUMNS})
    looks_like_data = any("@" in cell for cell in cells)
    if looks_like_data or not all(cells) or not any(c.isalpha() for cell in cells for c in cell):
        raise _invalid(_("The first line must name the columns (first name, last name, email…)."))
    return [cell[:100] for cell in cells]
