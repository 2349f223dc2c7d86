"""The fonts every printed document uses, and which characters they can draw.

Noto Sans (Latin, Greek, Cyrillic) and Noto Sans Arabic ship in
`registrations/fonts/` (SIL Open Font License). A character none of them has
would print as nothing on a badge, so names are checked against their cmaps
when they are typed (registrations/registration/validators.py).
"""

import functools
from pathlib import Path

from fontTools.ttLib import TTFont

# The font files stay in the app (registrations/fonts/), beside the documents printed with them.
FONT_DIR = Path(__file__).resolve().parent.parent / "fonts"
FONTS = {
    ("Sans", ""): "NotoSans-Regular.ttf",
    ("Sans", "B"): "NotoSans-Bold.ttf",
    ("Arabic", ""): "NotoSansArabic-Regular.ttf",
    ("Arabic", "B"): "NotoSansArabic-Bold.ttf",
}


@functools.cache
def drawable_code_points() -> frozenset[int]:
    """Every code point that each style (regular and bold) of some family can draw."""
    by_style: dict[str, set[int]] = {}
    for (_family, style), filename in FONTS.items():
        cmap = TTFont(FONT_DIR / filename, lazy=True).getBestCmap()
        by_style.setdefault(style, set()).update(cmap)
    return frozenset(set.intersection(*by_style.values()))


def undrawable_characters(text: str) -> list[str]:
    """The characters of `text` (spaces aside) that no badge font can draw, in order, once each."""
    drawable = drawable_code_points()
    seen: list[str] = []
    for character in text:
        if character.isspace() or ord(character) in drawable or character in seen:
            continue
        seen.append(character)
    return seen
