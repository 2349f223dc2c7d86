"""The one CSV writer: every cell inert in a spreadsheet, Arabic readable in Excel."""

import csv
import io

import pytest

from events.csv_files import csv_download, csv_text


def read(text: str) -> list[list[str]]:
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


@pytest.mark.parametrize("trigger", ["=", "+", "-", "@", "\t", "\r"])
def test_a_cell_starting_with_a_formula_character_is_written_as_text(trigger):
    (row,) = read(csv_text(["name"], [[f"{trigger}SUM(A1)"]]))[1:]

    assert row == [f"'{trigger}SUM(A1)"]


def test_the_header_is_neutralised_like_the_rows():
    header, _row = read(csv_text(["=cmd", "plain"], [["a", "b"]]))

    assert header == ["'=cmd", "plain"]


def test_other_cells_keep_their_text_and_none_is_empty():
    (row,) = read(csv_text(["a", "b", "c", "d"], [["أمينة", 7, None, "a=b"]]))[1:]

    assert row == ["أمينة", "7", "", "a=b"]


def test_rows_may_be_a_generator():
    rows = read(csv_text(["n"], ([str(n)] for n in range(3))))

    assert rows == [["n"], ["0"], ["1"], ["2"]]


def test_the_download_is_an_attachment_no_cache_keeps():
    response = csv_download("\ufeffa\r\n", "unity-registrations.csv")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="unity-registrations.csv"'
    assert response["Cache-Control"] == "private, no-store"
    assert response.content.decode("utf-8") == "\ufeffa\r\n"
