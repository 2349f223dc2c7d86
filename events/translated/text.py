"""`TranslatedText`, the value of a translated field, and the languages Summit offers."""

from collections.abc import Callable, Mapping

from django.conf import settings
from django.utils.translation import get_language


def language_codes() -> list[str]:
    """The languages Summit offers (settings.LANGUAGES), in their order."""
    return [code for code, _name in settings.LANGUAGES]


def language_name(code: str) -> str:
    """The language's name in the active language ("French", "Français"…)."""
    return str(dict(settings.LANGUAGES).get(code, code))


def active_language() -> str:
    """The active language as one of our codes: "fr" for "fr-ca"."""
    return (get_language() or settings.LANGUAGE_CODE).split("-")[0].lower()


class TranslatedText:
    """Text in several languages: `{"en": "Opening", "ar": "الافتتاح"}`.

    `str()` is the text in the active language, else in the main language, else in the
    first language filled in. `main_language` is a code or a callable giving one (the
    model field passes the row's event's, asked only when needed).
    """

    __slots__ = ("_main_language", "_values")

    def __init__(
        self,
        values: "Mapping[str, str] | TranslatedText | None" = None,
        *,
        main_language: str | Callable[[], str] | None = None,
    ):
        if isinstance(values, TranslatedText):
            values = values.as_dict()
        self._values = {language: text for language, text in (values or {}).items() if text}
        self._main_language = main_language

    @property
    def main_language(self) -> str:
        main = self._main_language
        if callable(main):
            main = main()
        return main or settings.LANGUAGE_CODE

    def get(self, language: str, default: str = "") -> str:
        """The text in this language only, `default` when it has none."""
        return self._values.get(language, default)

    def in_language(self, language: str, *, fallback: bool = True) -> str:
        """The text in `language`; with `fallback`, in the main language or any other."""
        if language in self._values or not fallback:
            return self.get(language)
        main = self.main_language
        if main in self._values:
            return self._values[main]
        return next(iter(self.as_dict().values()), "")

    def as_dict(self) -> dict[str, str]:
        """The filled languages only, in the order Summit offers them (JSON-ready)."""
        order = {code: position for position, code in enumerate(language_codes())}
        return dict(sorted(self._values.items(), key=lambda item: order.get(item[0], len(order))))

    @property
    def languages(self) -> list[str]:
        return list(self.as_dict())

    def __str__(self) -> str:
        return self.in_language(active_language())

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def __bool__(self) -> bool:
        return bool(self._values)

    def __eq__(self, other) -> bool:
        if isinstance(other, TranslatedText):
            return self._values == other._values
        if isinstance(other, Mapping):
            return self._values == TranslatedText(other)._values
        return NotImplemented

    def __hash__(self) -> int:
        return hash(frozenset(self._values.items()))

    def __reduce__(self):
        # Pickled (into a cache) as its texts; the fallback is the row's, read again.
        main = self._main_language if isinstance(self._main_language, str) else None
        return (_unpickle, (self.as_dict(), main))

    def __repr__(self) -> str:
        return f"TranslatedText({self.as_dict()!r})"


def _unpickle(values: dict[str, str], main_language: str | None) -> TranslatedText:
    return TranslatedText(values, main_language=main_language)


def name_for_reader(latin: str, arabic: str) -> str:
    """A person's name as the active language's reader sees it: the Arabic-script name
    for an Arabic reader when there is one, else the Latin (a name is not translated,
    but it is picked like a translated text whose main language is English)."""
    return str(TranslatedText({"en": latin, "ar": arabic}, main_language="en"))
