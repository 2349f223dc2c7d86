"""API error answers beyond DRF's defaults: refusals, 413, and two more parse errors."""

from django.core.exceptions import RequestDataTooBig
from django.utils.translation import gettext_lazy as _
from rest_framework import parsers, status
from rest_framework.exceptions import APIException, ParseError
from rest_framework.response import Response
from rest_framework.views import exception_handler, set_rollback

from events.errors import DomainError


class PayloadTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = _("The request body is too large.")
    default_code = "too_large"


def api_exception_handler(exc, context):
    """DRF's handler, plus a service's refusal (`DomainError`) answered with its own
    status and body, and a JSON 413 for a body over DATA_UPLOAD_MAX_MEMORY_SIZE."""
    if isinstance(exc, DomainError):
        set_rollback()
        return Response(exc.api_body(), status=exc.status)
    if isinstance(exc, RequestDataTooBig):
        exc = PayloadTooLarge()
    return exception_handler(exc, context)


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, with two more refusals (400, not 500).

    JSON nested deeper than Python's decoder allows (found by the bad-input tests:
    `[[[[…]]]]` a few thousand deep raised RecursionError inside the parser), and
    text holding U+0000 anywhere (see `_has_nul`).
    """

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as error:
            raise ParseError(_("JSON parse error - the document is nested too deeply.")) from error
        if _has_nul(data):
            raise ParseError(_("Text may not contain the NUL character (U+0000)."))
        return data


def _has_nul(data) -> bool:
    """Whether any key or string in `data` holds U+0000, which PostgreSQL cannot store.

    Found by schemathesis on PostgreSQL: a NUL in a slug looked up by a related field
    (or in an answer stored as JSON) made the database raise, and the API a 500.
    """
    pending = [data]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            if "\x00" in item:
                return True
        elif isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return False
