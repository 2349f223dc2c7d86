"""The badge PDF: Arabic shaped by HarfBuzz, Latin text, formats, sheets, the QR code."""

import io

import pytest
import uharfbuzz as hb
from fontTools.ttLib import TTFont
from PIL import Image
from pypdf import PdfReader
from pypdf.generic import ContentStream

from registrations.badges.content import BadgeContent, ZoneLabel
from registrations.badges.render import badges_pdf
from registrations.badges.signing import BadgeCode, SigningKey, code_sign
from registrations.printing.fonts import FONT_DIR
from tests.registrations.printing.pdf_reading import drawn_qr_codes

ARABIC_NAME = "محمد المنصوري"
ARABIC_FONT = FONT_DIR / "NotoSansArabic-Bold.ttf"


def badge_code(*, event_id: int, registration_id: int, version: int) -> str:
    """A signed code as a badge carries it, under a key generation made up here (no database)."""
    key = SigningKey(event_id=event_id, key_id=1, salt="00" * 32)
    code = BadgeCode(event_id=event_id, registration_id=registration_id, version=version)
    return code_sign(code, key=key)


def content(**overrides) -> BadgeContent:
    values = {
        "qr_text": badge_code(event_id=1, registration_id=42, version=1),
        "reference": "UFS-D00042",
        "version": 1,
        "display_name": "H.E. Mohammed Al Mansouri",
        "name_ar": ARABIC_NAME,
        "organization": "Ministry of Interior",
        "country": "United Arab Emirates",
        "delegation": (("en", "United Arab Emirates"), ("ar", "الإمارات العربية المتحدة")),
        "category": (("en", "Head of delegation"), ("ar", "رئيس الوفد")),
        "colour": "#B08D3C",
        "event": (("en", "Unity for Security Summit"), ("ar", "قمة الاتحاد من أجل الأمن")),
        "zones_heading": (("en", "ZONES"), ("ar", "المناطق")),
        "zones": (ZoneLabel((("en", "Plenary hall"), ("ar", "القاعة العامة")), "#1F4E79"),),
    }
    values.update(overrides)
    return BadgeContent(**values)


def outline(font: TTFont, glyph_name: str):
    glyf = font["glyf"]
    coordinates, ends, _flags = glyf[glyph_name].getCoordinates(glyf)
    return tuple(map(tuple, coordinates)), tuple(ends)


def harfbuzz_outlines(text: str) -> list:
    """The glyphs HarfBuzz chooses for `text`, in visual order, as outlines."""
    face = hb.Face(hb.Blob.from_file_path(str(ARABIC_FONT)))
    buffer = hb.Buffer()
    buffer.add_str(text)
    buffer.guess_segment_properties()
    hb.shape(hb.Font(face), buffer)
    original = TTFont(ARABIC_FONT)
    order = original.getGlyphOrder()
    return [outline(original, order[info.codepoint]) for info in buffer.glyph_infos]


def unshaped_outlines(text: str) -> list:
    """Each letter's isolated form, right to left: what text without shaping would show."""
    original = TTFont(ARABIC_FONT)
    cmap = original.getBestCmap()
    return [outline(original, cmap[ord(char)]) for char in reversed(text)]


def drawn_outlines(pdf: bytes, base_font: str) -> list:
    """Outlines of every glyph drawn with `base_font` on the first page, in drawing order."""
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    fonts = page["/Resources"]["/Font"]
    name = next(
        key for key, ref in fonts.items() if ref.get_object()["/BaseFont"].endswith("+" + base_font)
    )
    descendant = fonts[name].get_object()["/DescendantFonts"][0].get_object()
    program = TTFont(
        io.BytesIO(descendant["/FontDescriptor"]["/FontFile2"].get_object().get_data())
    )
    cid_to_gid = descendant["/CIDToGIDMap"].get_object().get_data()
    order = program.getGlyphOrder()
    current, drawn = None, []
    for operands, operator in ContentStream(page.get_contents(), page.pdf).operations:
        if operator == b"Tf":
            current = operands[0]
        elif operator in (b"Tj", b"TJ") and current == name:
            strings = operands[0] if operator == b"TJ" else [operands[0]]
            for string in strings:
                if isinstance(string, (int, float)):
                    continue
                data = bytes(
                    string.original_bytes
                    if hasattr(string, "original_bytes")
                    else string.get_original_bytes()
                )
                for offset in range(0, len(data), 2):
                    cid = int.from_bytes(data[offset : offset + 2], "big")
                    gid = int.from_bytes(cid_to_gid[2 * cid : 2 * cid + 2], "big")
                    drawn.append(outline(program, order[gid]))
    return drawn


def contains(sequence: list, part: list) -> bool:
    return any(sequence[index : index + len(part)] == part for index in range(len(sequence)))


def test_arabic_is_drawn_with_the_glyphs_harfbuzz_shapes_right_to_left():
    pdf = badges_pdf([content()])

    drawn = drawn_outlines(pdf, "NotoSansArabicBold")
    shaped = harfbuzz_outlines(ARABIC_NAME)

    assert contains(drawn, shaped)
    # The joined forms differ from the isolated letters: shaping really happened.
    assert shaped != unshaped_outlines(ARABIC_NAME)
    assert not contains(drawn, unshaped_outlines(ARABIC_NAME))


def test_the_text_reads_back_in_both_scripts():
    extracted = PdfReader(io.BytesIO(badges_pdf([content()]))).pages[0].extract_text()
    text = " ".join(extracted.split())  # long names wrap onto two lines

    assert ARABIC_NAME in text
    assert "H.E. Mohammed Al Mansouri" in text
    assert "Ministry of Interior" in text
    assert "Head of delegation" in text
    assert "رئيس الوفد" in text
    assert "Plenary hall" in text
    assert "UFS-D00042" in text


@pytest.mark.parametrize(("badge_format", "size_mm"), [("cr80", (54, 86)), ("a6", (105, 148))])
def test_each_badge_is_a_page_of_the_event_format(badge_format, size_mm):
    pages = PdfReader(io.BytesIO(badges_pdf([content(), content()], badge_format=badge_format)))
    assert len(pages.pages) == 2
    box = pages.pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == size_mm


@pytest.mark.parametrize(("badge_format", "per_sheet"), [("cr80", 9), ("a6", 4)])
def test_a4_sheets_hold_as_many_badges_as_fit(badge_format, per_sheet):
    pdf = badges_pdf([content()] * (per_sheet + 1), badge_format=badge_format, sheet="a4")
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 2


def test_a_photo_is_placed_and_long_names_still_render():
    buffer = io.BytesIO()
    Image.new("RGB", (240, 300), (10, 120, 200)).save(buffer, "JPEG")
    long_name = "H.E. Mohammed bin Rashid Abdullah Saeed Al Maktoum of the Emirates"

    pdf = badges_pdf([content(photo=buffer.getvalue(), display_name=long_name)])

    page = PdfReader(io.BytesIO(pdf)).pages[0]
    assert len(page.images) == 1
    assert "Mohammed" in page.extract_text()


def test_the_badge_carries_its_signed_code_as_a_qr_code_that_decodes():
    code = badge_code(event_id=3, registration_id=77, version=2)

    for sheet in ("card", "a4"):
        pdf = badges_pdf([content(qr_text=code)], badge_format="a6", sheet=sheet)
        assert drawn_qr_codes(pdf) == [code]
