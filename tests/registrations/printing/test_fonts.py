"""The fonts documents print with, and the characters they cannot draw."""

from registrations.printing.fonts import FONT_DIR, FONTS, undrawable_characters


def test_every_font_file_ships_with_the_app():
    assert all((FONT_DIR / filename).is_file() for filename in FONTS.values())


def test_latin_greek_cyrillic_and_arabic_names_are_drawable():
    assert undrawable_characters("Amina Ελένη Ольга محمد المنصوري") == []


def test_characters_no_font_has_are_named_once_each_in_order():
    assert undrawable_characters("Amina 😀 漢 😀") == ["😀", "漢"]
