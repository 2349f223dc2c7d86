"""Reading printed documents back in tests: the text, and the QR codes drawn as vectors."""

import io

import zxingcpp
from PIL import Image, ImageDraw
from pypdf import PdfReader
from pypdf.generic import ContentStream

PIXELS_PER_POINT = 4


def pdf_text(data: bytes) -> str:
    """All pages' text, whitespace collapsed (long names wrap onto two lines)."""
    pages = PdfReader(io.BytesIO(data)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


def filled_rectangles_image(data: bytes, page_number: int = 0) -> Image.Image:
    """The page's filled rectangles (`re` … `f`) painted in their fill colours, text left out."""
    page = PdfReader(io.BytesIO(data)).pages[page_number]
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    image = Image.new("L", (round(width * PIXELS_PER_POINT), round(height * PIXELS_PER_POINT)), 255)
    draw = ImageDraw.Draw(image)
    fill, pending = 0, []
    for operands, operator in ContentStream(page.get_contents(), page.pdf).operations:
        if operator == b"rg":
            red, green, blue = (float(value) for value in operands)
            fill = round(255 * (0.299 * red + 0.587 * green + 0.114 * blue))
        elif operator == b"g":
            fill = round(255 * float(operands[0]))
        elif operator == b"re":
            pending.append(tuple(float(value) for value in operands))
        elif operator in (b"f", b"F", b"f*", b"B", b"b"):
            for x, y, w, h in pending:
                # PDF y runs upwards from the bottom of the page; `h` may be negative.
                top, bottom = sorted((height - y, height - (y + h)))
                draw.rectangle(
                    [
                        x * PIXELS_PER_POINT,
                        top * PIXELS_PER_POINT,
                        (x + w) * PIXELS_PER_POINT - 1,
                        bottom * PIXELS_PER_POINT - 1,
                    ],
                    fill=fill,
                )
            pending = []
        elif operator in (b"S", b"n"):
            pending = []
    return image


def drawn_qr_codes(data: bytes, page_number: int = 0) -> list[str]:
    """The texts of the QR codes drawn as vector rectangles on a page, as a scanner reads them."""
    results = zxingcpp.read_barcodes(filled_rectangles_image(data, page_number))
    return sorted(
        result.text for result in results if result.format == zxingcpp.BarcodeFormat.QRCode
    )
