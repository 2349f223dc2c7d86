"""The site's own "not found" and "server error" pages, also while DEBUG is on.

Production (DEBUG off) serves templates/404.html and templates/500.html through
Django's handlers. With DEBUG on, as under `make run`, Django would show its
technical pages instead (the URL list, a traceback) — not what a demo shows. This
middleware answers as production does unless DEBUG_ERROR_PAGES asks for Django's
pages; a server error's traceback still goes to the console log.
"""

import logging

from django.conf import settings
from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.http import Http404
from django.http.multipartparser import MultiPartParserError
from django.views.defaults import page_not_found, server_error

logger = logging.getLogger("django.request")


def _ours() -> bool:
    return settings.DEBUG and not settings.DEBUG_ERROR_PAGES


class SiteErrorPagesMiddleware:
    """In DEBUG, 404s and unhandled exceptions get the pages production gives."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # No view matched the address: Django's debug 404 lists the URL patterns.
        # A view's own 404 (the API's JSON answer) has its resolver match and stays.
        if response.status_code == 404 and _ours() and request.resolver_match is None:
            return page_not_found(request, Http404())
        return response

    def process_exception(self, request, exception):
        if not _ours():
            return None
        if isinstance(exception, Http404):
            return page_not_found(request, exception)
        if isinstance(
            exception, PermissionDenied | BadRequest | SuspiciousOperation | MultiPartParserError
        ):
            return None  # Django answers these 403 and 400 itself, as in production
        logger.error("Internal Server Error: %s", request.path, exc_info=exception)
        response = server_error(request)
        response._has_been_logged = True  # logged above, with the traceback
        return response
