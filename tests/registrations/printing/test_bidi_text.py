"""Left-to-right values on an Arabic line of a printed document keep their order.

fpdf2 runs the Unicode bidi algorithm (isolates included) on shaped text, and Noto
Sans, a fallback of every document, has zero-width glyphs for LRI, FSI and PDI: a
value isolated with events/bidi.py prints in order, and the isolates print as nothing.
"""

import io

import pytest
from pypdf import PdfReader

from events.bidi import FSI, LRI, PDI, first_strong_isolated, ltr_isolated
from registrations.printing.pdf import A6, PrintedDocument

PHONE = "+971 50 123 4567"


def printed_line(text: str) -> str:
    """The line as the page shows it, left to right, without the isolates."""
    pdf = PrintedDocument(A6, title="Test")
    pdf.add_page()
    pdf.text_line(text, 5, 5, 95, 8, size=10)
    page = PdfReader(io.BytesIO(pdf.finished())).pages[0]
    return "".join(c for c in page.extract_text() if c not in (LRI, FSI, PDI))


def test_an_isolated_phone_number_on_an_arabic_line_prints_in_its_order():
    assert PHONE in printed_line(f"الهاتف {ltr_isolated(PHONE)}")


def test_without_the_isolate_the_phone_number_would_print_backwards():
    line = printed_line(f"الهاتف {PHONE}")

    assert PHONE not in line
    assert "4567 123 50 971+" in line


@pytest.mark.parametrize("value", ["UFS-D00099", "visa-UFS-D00099.pdf", "(UTC+04:00)"])
def test_an_isolated_reference_on_an_arabic_line_prints_whole(value):
    assert value in printed_line(f"رقم المرجع: {ltr_isolated(value)} ساري")


def test_the_isolates_print_as_nothing():
    pdf = PrintedDocument(A6, title="Test")
    pdf.add_page()
    for text in ("رقم المرجع UFS-D00099", "Amina Haddad"):
        pdf.set_font_for(text, "", 10)
        plain = pdf.get_string_width(text)

        assert pdf.get_string_width(ltr_isolated(text)) == pytest.approx(plain)
        assert pdf.get_string_width(first_strong_isolated(text)) == pytest.approx(plain)
