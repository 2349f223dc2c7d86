"""The language of a public page: always one of its event's, the visitor's choice kept.

LocaleMiddleware picks the visitor's language among all of Summit's: the switcher's
cookie, then `Accept-Language`. An event offers only some of them, so on its public
pages (`/e/<slug>/…`) that pick stands when the event offers it; otherwise the first
language of the visitor's `Accept-Language` the event offers, else the event's main
language. A registrant's own page (`/me/<token>/…`) speaks the language they registered
in, unless they chose another of the event's with the switcher: the link arrives by
email and may be opened on any browser, an airport kiosk's or an assistant's.
"""

from django.conf import settings
from django.utils import translation
from django.utils.translation.trans_real import parse_accept_lang_header

from events.summit.models import Event
from registrations.registration.models import Registration


class PublicPageLanguageMiddleware:
    """After LocaleMiddleware: narrows its pick to the languages of the page's event."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path_info.startswith("/e/") and "slug" in view_kwargs:
            offered = _event_languages(view_kwargs["slug"])
            if offered is not None:
                _speak(request, _visitors_pick(request, *offered))
        elif request.path_info.startswith("/me/") and "token" in view_kwargs:
            registrant = _registrants_languages(view_kwargs["token"])
            if registrant is not None:
                _speak(request, _registrants_pick(request, *registrant))


def _event_languages(slug: str) -> tuple[list[str], str] | None:
    return Event.objects.filter(slug=slug).values_list("languages", "main_language").first()


def _registrants_languages(token: str) -> tuple[str, list[str], str] | None:
    if len(token) < 40:  # as registration_by_token: no query for what cannot be a token
        return None
    return (
        Registration.objects.filter(secret_token=token)
        .values_list("language", "event__languages", "event__main_language")
        .first()
    )


def _visitors_pick(request, languages: list[str], main_language: str) -> str:
    active = translation.get_language()
    if active in languages:
        return active
    for code, _quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        code = code.split("-")[0].lower()
        if code in languages:
            return code
    return main_language


def _registrants_pick(request, registered_in: str, languages: list[str], main_language: str):
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if chosen in languages:
        return chosen
    return registered_in if registered_in in languages else main_language


def _speak(request, language: str) -> None:
    translation.activate(language)
    request.LANGUAGE_CODE = language
