"""Reading an uploaded file: CSV in its encodings and delimiters, .xlsx, and bad files."""

import io
import zipfile

import pytest

from registrations.imports import reading
from registrations.imports.reading import ImportFileInvalid, table_read
from tests.registrations.imports.conftest import HEADER, csv_bytes, person, xlsx


def test_a_utf8_csv_with_a_byte_order_mark_and_semicolons_is_read_with_its_lines():
    content = csv_bytes([HEADER, person(1), [], person(2, **{"First name": "Zoé"})], ";")
    table = table_read(name="list.csv", content=content)
    assert table.header == HEADER
    assert [line for line, _cells in table.rows] == [2, 4]
    assert table.rows[1][1][1] == "Zoé"


def test_a_utf16_csv_with_tabs_as_excel_saves_unicode_text():
    text = "\n".join("\t".join(row) for row in [HEADER, person(1, **{"Last name": "حداد"})])
    table = table_read(name="list.txt", content=text.encode("utf-16"))
    assert table.rows[0][1][2] == "حداد"


def test_a_short_row_is_padded_and_a_long_one_cut_to_the_header():
    content = b"Category,First name,Email\nDelegate,Amina\nDelegate,Omar,o@example.org,extra\n"
    table = table_read(name="list.csv", content=content)
    assert table.rows == [
        [2, ["Delegate", "Amina", ""]],
        [3, ["Delegate", "Omar", "o@example.org"]],
    ]


def test_an_xlsx_sheet_is_read_with_dates_and_numbers_as_typed():
    from datetime import datetime

    arrival = datetime(2027, 3, 1)  # noqa: DTZ001 (a spreadsheet's dates have no zone)
    content = xlsx([["Email", "Arrival", "Seats"], ["a@example.org", arrival, 2.0]])
    table = table_read(name="list.xlsx", content=content)
    assert table.rows == [[2, ["a@example.org", "2027-03-01", "2"]]]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("list.csv", b"", "The file is empty."),
        ("list.csv", b"   \n\n", "The file is empty."),
        ("list.csv", b"Email\n", "The file has a header but no registrations under it."),
        ("list.pdf", b"%PDF-1.4 ...", "Upload a CSV file or an Excel workbook (.xlsx)."),
        ("list.csv", "Prénom\nZoé\n".encode("latin-1"), "The file is not UTF-8 text"),
        (
            "list.csv",
            b"Amina,Haddad,amina@example.org\n",
            "The first line must name the columns",
        ),
        ("list.xlsx", b"PK\x03\x04 not really a zip", "This .xlsx file is damaged"),
        ("list.xlsx", b"just text", "This .xlsx file is damaged"),
        ("list.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Old Excel files (.xls)"),
        ("list.xlsm", b"PK\x03\x04", "Workbooks with macros are not accepted"),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_saying_why(name, content, message):
    with pytest.raises(ImportFileInvalid) as refused:
        table_read(name=name, content=content)
    assert message in refused.value.message
    assert refused.value.field == "file"


def test_a_workbook_with_macros_renamed_xlsx_is_refused():
    buffer = io.BytesIO(xlsx([["Email"], ["a@example.org"]]))
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr("xl/vbaProject.bin", b"macro")
    with pytest.raises(ImportFileInvalid, match="macros"):
        table_read(name="list.xlsx", content=buffer.getvalue())


def test_a_file_too_large_or_with_too_many_rows_is_refused(monkeypatch):
    monkeypatch.setattr(reading, "MAX_IMPORT_BYTES", 100)
    with pytest.raises(ImportFileInvalid, match="larger than"):
        table_read(name="list.csv", content=b"Email\n" + b"a@example.org\n" * 20)
    monkeypatch.setattr(reading, "MAX_IMPORT_BYTES", 5_000_000)
    monkeypatch.setattr(reading, "MAX_IMPORT_ROWS", 3)
    with pytest.raises(ImportFileInvalid, match="at most 3 registrations"):
        table_read(name="list.csv", content=b"Email\n" + b"a@example.org\n" * 4)


def test_the_vetting_import_reads_through_the_same_helper():
    from registrations.vetting.services import decisions_from_csv

    rows = decisions_from_csv("\ufeffreference;decision\nUFS-1;cleared\n".encode())
    assert [(row.reference, row.decision) for row in rows] == [("UFS-1", "cleared")]
