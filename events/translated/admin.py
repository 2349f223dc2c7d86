"""Admin search over translated fields, in every language Summit offers."""

from events.translated.text import language_codes


class TranslatedSearchMixin:
    """`translated_search_fields = ["name"]`: searches `name` in each language."""

    translated_search_fields: tuple[str, ...] = ()

    def get_search_fields(self, request):
        translated = [
            f"{name}__{code}" for name in self.translated_search_fields for code in language_codes()
        ]
        return [*super().get_search_fields(request), *translated]
