"""The page every printed document draws on: fonts, Arabic shaping, fitted text, QR codes.

fpdf2 lays out the page and HarfBuzz (uharfbuzz) shapes the text, so Arabic
letters join and run right to left; both install from wheels, so a bare machine
with Python prints. HarfBuzz and the bidi algorithm run only for text that has
Arabic in it (`set_font_for`): Latin text lays out the same without them, several
times faster, which is what makes a batch of 1,000 badges take seconds.

A value that is left to right by nature (a reference, a phone number) goes onto
an Arabic line between Unicode isolates (events/bidi.py): fpdf2's bidi algorithm
honours them, and Noto Sans, a fallback of every document, draws them as nothing.

A layout may be drawn in units of its own, scaled and placed on the page (a
`Frame`): a badge is designed on a CR80 card and printed as it is, scaled up to
A6, or tiled on A4.
"""

import io
from dataclasses import dataclass

from fpdf import FPDF

from registrations.printing.fonts import FONT_DIR, FONTS
from registrations.printing.labels import Lines
from registrations.printing.qr import QR_QUIET_MODULES, qr_matrix, qr_png

A4 = (210.0, 297.0)
A6 = (105.0, 148.0)

NAVY = (11, 37, 69)
INK = (27, 31, 36)
MUTED = (85, 96, 110)
WHITE = (255, 255, 255)
BLACK = (0, 0, 0)


def has_arabic(text: str) -> bool:
    """Whether `text` has a letter of the Arabic blocks (and so needs shaping, right to left)."""
    return any("\u0600" <= char <= "\u06ff" or "\ufb50" <= char <= "\ufeff" for char in text)


def reading_sides(lines: Lines) -> tuple[str, str]:
    """The texts of (up to) two lines set side by side on one row, as (left, right).

    The first line stands where its reader starts: on the left, except an Arabic first
    line beside a Latin-script one, which stands on the right. A missing line is "".
    """
    first, second = ([text for _language, text in lines[:2]] + ["", ""])[:2]
    if second and has_arabic(first) and not has_arabic(second):
        return second, first
    return first, second


def colour_rgb(colour: str, *, default: tuple[int, int, int] = NAVY) -> tuple[int, int, int]:
    """An admin-entered "#RRGGBB" as a triple; `default` for anything else."""
    value = colour.lstrip("#")
    try:
        return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)
    except (ValueError, IndexError):
        return default


def ink_on(background: tuple[int, int, int]) -> tuple[int, int, int]:
    """Dark ink on a light background, white on a dark one."""
    red, green, blue = background
    luminance = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    return INK if luminance > 160 else WHITE


@dataclass(frozen=True)
class Frame:
    """Part of a page drawn in its own units: `scale` millimetres a unit from (left, top)."""

    left: float = 0.0
    top: float = 0.0
    scale: float = 1.0

    def x(self, value: float) -> float:
        return self.left + value * self.scale

    def y(self, value: float) -> float:
        return self.top + value * self.scale

    def mm(self, value: float) -> float:
        return value * self.scale


PAGE = Frame()  # the page itself, in millimetres


class PrintedDocument(FPDF):
    """A PDF in millimetres with our fonts ("Sans" and "Arabic"), no margins, no page breaks.

    Text set with `set_font_for` gets the family of its script; `text_line` also
    shrinks it to fit its box and, if even the smallest size is too wide, cuts it
    short rather than let it run off the card.
    """

    def __init__(self, page: tuple[float, float], *, title: str) -> None:
        super().__init__(unit="mm", format=page)
        self.set_auto_page_break(False)
        self.set_margin(0)
        self.c_margin = 0
        for (family, style), filename in FONTS.items():
            self.add_font(family, style, FONT_DIR / filename)
        self.set_fallback_fonts(["Sans", "Arabic"], exact_match=False)
        self.set_text_shaping(use_shaping_engine=True)
        self.set_title(title)
        self.set_creator("Summit")

    def set_font_for(self, text: str, style: str, size: float) -> bool:
        """Select the font of `text`'s script, shaping on only for Arabic; True if Arabic."""
        arabic = has_arabic(text)
        if arabic != bool(self.text_shaping):
            self.set_text_shaping(use_shaping_engine=arabic)
        self.set_font("Arabic" if arabic else "Sans", style, size)
        return arabic

    def fit_font(
        self, text: str, width: float, *, style: str, size: float, min_size: float, scale=1.0
    ) -> float:
        """Select `text`'s font at the largest size, from `size` down to `min_size` by half
        points, at which it is at most `width` mm wide; return that size.

        Sizes are in a frame's units, `scale` points a unit (1 on the page itself).
        """
        current = size
        while current > min_size:
            self.set_font_for(text, style, current * scale)
            if self.get_string_width(text) <= width:
                return current
            current -= 0.5
        self.set_font_for(text, style, min_size * scale)
        return min_size

    def shortened(self, text: str, width: float) -> str:
        """`text` in the current font, cut short with an ellipsis to be at most `width` mm."""
        while len(text) > 1 and self.get_string_width(text) > width:
            text = text[:-2].rstrip() + "…"
        return text

    def text_line(
        self,
        text: str,
        x: float,
        y: float,
        w: float,
        h: float,
        *,
        frame: Frame = PAGE,
        style: str = "",
        size: float = 6.0,
        min_size: float = 4.0,
        align: str = "L",
        colour: tuple[int, int, int] = INK,
    ) -> None:
        """One line of text in a box of `frame`, shrunk to fit (then cut short)."""
        if not text:
            return
        if has_arabic(text) and align == "L":
            align = "R"  # Arabic starts at the right edge
        width = frame.mm(w)
        self.fit_font(text, width, style=style, size=size, min_size=min_size, scale=frame.scale)
        text = self.shortened(text, width)
        self.set_text_color(*colour)
        self.set_xy(frame.x(x), frame.y(y))
        self.cell(width, frame.mm(h), text, align=align)

    def qr_code(self, text: str, x: float, y: float, size: float, *, frame: Frame = PAGE) -> None:
        """`text`'s QR code as vector rectangles, `size` square, on a white quiet zone."""
        matrix = qr_matrix(text)
        modules = len(matrix)
        side = frame.mm(size)
        module = side / modules
        origin_x, origin_y = frame.x(x), frame.y(y)
        quiet = QR_QUIET_MODULES * module
        self.set_fill_color(*WHITE)
        self.rect(origin_x - quiet, origin_y - quiet, side + 2 * quiet, side + 2 * quiet, style="F")
        self.set_fill_color(*BLACK)
        for row_index, row in enumerate(matrix):
            column = 0
            while column < modules:
                if not row[column]:
                    column += 1
                    continue
                start = column
                while column < modules and row[column]:
                    column += 1
                # One rectangle per run of dark modules, a hair taller than a
                # module so that no seam shows between rows.
                self.rect(
                    origin_x + start * module,
                    origin_y + row_index * module,
                    (column - start) * module,
                    module * 1.02,
                    style="F",
                )

    def qr_image(self, text: str, x: float, y: float, w: float) -> None:
        """`text`'s QR code as the PNG image the downloads serve, quiet zone included."""
        self.image(io.BytesIO(qr_png(text)), x=x, y=y, w=w)

    def finished(self) -> bytes:
        """The document's bytes; an empty selection still gives a valid (blank) document."""
        if self.page == 0:
            self.add_page()
        return bytes(self.output())
