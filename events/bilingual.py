"""Text kept in English and Arabic side by side (`name_en`, `name_ar`)."""

from django.utils.translation import get_language


def active_language() -> str:
    """The active language as one of our codes (`en` or `ar`)."""
    return (get_language() or "en").split("-")[0]


def in_active_language(english: str, arabic: str) -> str:
    """The pick `Bilingual` makes, for text that is not on a model (snapshots, caches):
    the Arabic for an Arabic reader when there is one, else the English."""
    return arabic if arabic and active_language() == "ar" else english


class Bilingual:
    """Reads `<attr>_<language>` for the active language, English when that is empty.

    Declared on a model next to its `<attr>_en` and `<attr>_ar` fields:
    `name = Bilingual()` makes `event.name` the name a reader of the current
    language should see.
    """

    def __set_name__(self, owner, attr: str) -> None:
        self.attr = attr

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        language = active_language()
        if language != "en":
            translated = getattr(instance, f"{self.attr}_{language}", "")
            if translated:
                return translated
        return getattr(instance, f"{self.attr}_en")
