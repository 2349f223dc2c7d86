"""Requests refused before any view runs: a NUL character in the address."""

from django.http import HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _


class RefuseNulMiddleware:
    """A NUL character (U+0000) in the path or query string is a 400.

    Found by the bad-input tests on PostgreSQL, which cannot hold NUL in text: a
    filter such as `?search=%00` or a secret link with `%00` reached a query and
    the database error became a 500. Form and JSON bodies are checked by their
    fields and by the API's JSON parser.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path or "%00" in query or "\x00" in query:
            message = _("The address may not contain the NUL character (U+0000).")
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=400)
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
