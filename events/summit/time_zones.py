"""An event's time zone as its readers know it: the city, in their language, and the offset.

"Asia/Dubai" is a database key, not something a delegate reads; the zone's city
comes from the Unicode CLDR data that Babel ships ("Dubai", "دبي", "Dubaï",
"Dubái"), so every language has it without a catalogue entry. The city alone
(not CLDR's "Dubai Time") because the sentences around it already say "times
in" (الأوقات بتوقيت …).
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError
from babel.dates import get_timezone_location
from django.conf import settings
from django.utils.translation import get_language, to_locale

from events.bidi import ltr_isolated

FALLBACK_LOCALE = "en"


def babel_locale(language: str | None) -> Locale:
    """Babel's locale for a Django language code (`en-gb` → `en_GB`), English if unknown."""
    try:
        return Locale.parse(to_locale(language or FALLBACK_LOCALE))
    except (UnknownLocaleError, ValueError):
        return Locale.parse(FALLBACK_LOCALE)


def zone_city(key: str, language: str | None = None) -> str:
    """The city a zone is named after, in `language` (the active one by default)."""
    return get_timezone_location(
        key, locale=babel_locale(language or get_language()), return_city=True
    )


def utc_offset(key: str, at: datetime) -> str:
    """`UTC+04:00`: the zone's offset at that moment (summer time included)."""
    offset = at.astimezone(ZoneInfo(key)).strftime("%z")
    return f"UTC{offset[:3]}:{offset[3:]}"


def time_zone_label(key: str, *, at: datetime, language: str | None = None) -> str:
    """`Dubai (UTC+04:00)`, `دبي (UTC+04:00)`: the city in the reader's language and the offset.

    In a right-to-left language the offset is isolated left to right (else the sign
    and the parentheses move: "(04:00+UTC)")."""
    language = language or get_language()
    offset = utc_offset(key, at)
    if language and language.split("-")[0] in settings.LANGUAGES_BIDI:
        offset = ltr_isolated(offset)
    return f"{zone_city(key, language)} ({offset})"
