"""Interpretation: the language spoken on a session's floor and the channels interpreting it.

Languages are codes Django knows (`django.conf.locale.LANG_INFO`, regional variants
left out when their language is there), not only the interface's four
(settings.LANGUAGES): a summit interprets into Russian or Chinese although its pages
are in Arabic, English, French and Spanish, and Django's own catalogues name every
one of them in the reader's language.

The rules (a known language, each once, never the floor language, a channel or a
stream for each) are `channel_problems`: the organizer formset and the API's
serializer call it to put each message on its row and field, and the services call
it again before writing, so no path skips it.
"""

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf.locale import LANG_INFO
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

from agenda.programme.errors import AgendaError


def _offered(code: str) -> bool:
    info = LANG_INFO[code]
    if "fallback" in info:
        return False
    # "en-gb", "pt-br", "ar-dz": the language is already there; "zh-hans" has no "zh".
    base = code.split("-")[0]
    return base == code or base not in LANG_INFO


LANGUAGE_CODES = frozenset(code for code in LANG_INFO if _offered(code))


def is_known_language(code: str) -> bool:
    return code in LANGUAGE_CODES


def interpretation_language_name(code: str) -> str:
    """The language's name in the active language ("French", "Français", "الفرنسية")."""
    if not is_known_language(code):
        return code
    return str(get_language_info(code)["name_translated"])


def _sort_key(name: str) -> str:
    # "Español" among the E's, not after the Z's.
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def language_choices(*, first: Sequence[str] = ()) -> list[tuple[str, str]]:
    """(code, name) for every language, named and sorted in the active language;
    the codes in `first` (an event's languages) lead, in their order."""
    leading = [(code, interpretation_language_name(code)) for code in first if code]
    rest = [
        (code, interpretation_language_name(code))
        for code in LANGUAGE_CODES
        if code not in set(first)
    ]
    return leading + sorted(rest, key=lambda item: _sort_key(item[1]))


@dataclass(frozen=True)
class ChannelInput:
    language: str
    channel: str = ""
    stream_url: str = ""


def unknown_language_message(code: str) -> str:
    return _("“%(code)s” is not a language code Summit knows (for example fr or zh-hans).") % {
        "code": code
    }


def channel_problems(
    *, floor_language: str, channels: Sequence[ChannelInput]
) -> list[tuple[int, str, str]]:
    """(row index, field, message) for each channel that breaks a rule; empty when all stand."""
    problems = []
    seen = set()
    for index, row in enumerate(channels):
        name = interpretation_language_name(row.language)
        if not is_known_language(row.language):
            problems.append((index, "language", unknown_language_message(row.language)))
        elif row.language == floor_language:
            problems.append(
                (
                    index,
                    "language",
                    _("%(language)s is the floor language: it needs no interpretation.")
                    % {"language": name},
                )
            )
        elif row.language in seen:
            problems.append(
                (
                    index,
                    "language",
                    _("%(language)s has a channel already.") % {"language": name},
                )
            )
        seen.add(row.language)
        if not row.channel.strip() and not row.stream_url.strip():
            problems.append(
                (index, "channel", _("Give a channel number, a stream address or both."))
            )
    return problems


def interpretation_check(*, floor_language: str, channels: Sequence[ChannelInput]) -> None:
    """Raise `AgendaError` on the first broken rule (floor language included)."""
    if not is_known_language(floor_language):
        raise AgendaError(unknown_language_message(floor_language), field="floor_language")
    problems = channel_problems(floor_language=floor_language, channels=channels)
    if problems:
        _index, _field, message = problems[0]
        raise AgendaError(message, field="interpretation")


def interpretation_replace(*, session, channels: Sequence[ChannelInput]) -> None:
    """Make the session's channels exactly `channels`, in their order (checked before)."""
    session.interpretation.all().delete()
    session.interpretation.bulk_create(
        [
            session.interpretation.model(
                session=session,
                language=row.language,
                channel=row.channel.strip(),
                stream_url=row.stream_url.strip(),
            )
            for row in channels
        ]
    )


def interpretation_snapshot(session) -> list[dict]:
    """The channels as a release copies them (`interpretation` prefetched)."""
    return [
        {"language": row.language, "channel": row.channel, "stream_url": row.stream_url}
        for row in session.interpretation.all()
    ]


def languages_offered(*, floor_language: str, interpretation: Sequence[dict]) -> set[str]:
    """Every language one can follow the session in: the floor's and the channels'."""
    return {floor_language, *(row["language"] for row in interpretation)} - {""}
