"""The document base every printed document draws on: script fonts, fitted text, QR codes."""

import io

import pytest
from pypdf import PdfReader

from registrations.printing.pdf import (
    A6,
    INK,
    NAVY,
    WHITE,
    Frame,
    PrintedDocument,
    colour_rgb,
    has_arabic,
    ink_on,
)
from tests.registrations.printing.pdf_reading import drawn_qr_codes, pdf_text


def document() -> PrintedDocument:
    pdf = PrintedDocument(A6, title="Test")
    pdf.add_page()
    return pdf


@pytest.mark.parametrize(
    ("text", "arabic"),
    [("Amina", False), ("محمد", True), ("Summit قمة", True), ("ﻻ", True), ("", False)],
)
def test_arabic_is_told_apart_from_other_scripts(text, arabic):
    assert has_arabic(text) is arabic


def test_arabic_text_gets_the_arabic_font_and_shaping_latin_text_neither():
    pdf = document()

    assert pdf.set_font_for("محمد", "B", 10) is True
    assert (pdf.font_family, bool(pdf.text_shaping)) == ("arabic", True)

    assert pdf.set_font_for("Amina", "", 10) is False
    assert (pdf.font_family, bool(pdf.text_shaping)) == ("sans", False)


def test_text_is_shrunk_by_half_points_to_the_largest_size_that_fits():
    pdf = document()
    pdf.set_font_for("Ministry of Interior", "", 10)
    natural = pdf.get_string_width("Ministry of Interior")

    size = pdf.fit_font("Ministry of Interior", natural * 0.8, style="", size=10, min_size=4)

    assert size == 8.0  # widths scale with the size: 8 pt is 80 % of 10 pt
    assert pdf.get_string_width("Ministry of Interior") <= natural * 0.8
    assert pdf.font_size_pt == 8.0


def test_text_that_fits_nowhere_gets_the_smallest_size():
    pdf = document()

    size = pdf.fit_font("Ministry of Interior", 1.0, style="B", size=10, min_size=6)

    assert size == 6
    assert pdf.font_size_pt == 6


def test_a_frame_scales_sizes_and_places_text_in_its_own_units():
    frame = Frame(left=10, top=20, scale=2.0)
    assert (frame.x(3), frame.y(4), frame.mm(5)) == (16.0, 28.0, 10.0)

    pdf = document()
    pdf.fit_font("Amina", 100, style="", size=7, min_size=4, scale=frame.scale)
    assert pdf.font_size_pt == 14.0


def test_a_line_too_long_even_at_its_smallest_size_is_cut_short_with_an_ellipsis():
    long = "H.E. Mohammed bin Rashid Abdullah Saeed Al Maktoum of the Emirates"
    pdf = document()

    pdf.text_line(long, 5, 5, 30, 5, size=8, min_size=6)

    text = pdf_text(pdf.finished())
    assert text.startswith("H.E. Mohammed")
    assert text.endswith("…")
    assert len(text) < len(long)


def test_both_scripts_read_back_from_one_document():
    pdf = document()
    pdf.text_line("Unity for Security Summit", 5, 5, 90, 6, size=10)
    pdf.text_line("قمة الاتحاد من أجل الأمن", 5, 15, 90, 6, size=10)

    text = pdf_text(pdf.finished())

    assert "Unity for Security Summit" in text
    assert "قمة الاتحاد من أجل الأمن" in text


def test_an_empty_line_draws_nothing():
    pdf = document()
    pdf.text_line("", 5, 5, 30, 5)
    assert pdf_text(pdf.finished()) == ""


@pytest.mark.parametrize("frame", [Frame(), Frame(left=20, top=30, scale=1.7)])
def test_the_vector_qr_code_decodes_to_its_text(frame):
    pdf = document()
    pdf.qr_code("SUMMIT-CODE-42", 10, 10, 30, frame=frame)

    assert drawn_qr_codes(pdf.finished()) == ["SUMMIT-CODE-42"]


def test_the_qr_image_is_embedded_once_with_its_quiet_zone():
    pdf = document()
    pdf.qr_image("SUMMIT-CODE-42", x=20, y=20, w=50)

    page = PdfReader(io.BytesIO(pdf.finished())).pages[0]

    assert len(page.images) == 1


def test_a_document_without_pages_still_gives_one_blank_page():
    data = PrintedDocument(A6, title="Nothing").finished()

    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    assert reader.metadata.title == "Nothing"
    assert reader.metadata.creator == "Summit"


@pytest.mark.parametrize(
    ("colour", "rgb"),
    [("#B08D3C", (176, 141, 60)), ("1f4e79", (31, 78, 121)), ("", NAVY), ("#zz0000", NAVY)],
)
def test_admin_colours_are_read_as_hex_with_navy_for_anything_else(colour, rgb):
    assert colour_rgb(colour) == rgb


def test_ink_is_dark_on_light_backgrounds_and_white_on_dark_ones():
    assert ink_on((255, 255, 255)) == INK
    assert ink_on(NAVY) == WHITE
