"""Oversized request bodies are refused (413) from their Content-Length, unread.

Django checks DATA_UPLOAD_MAX_MEMORY_SIZE only for what it keeps in memory: file
parts of a multipart form are streamed to disk first, so a 60 MB "photo" was
read whole before the form could say that 5 MB is the limit. Here the announced
length decides before anything reads the body: a form upload (multipart) may be
up to UPLOAD_MAX_REQUEST_SIZE, any other body (JSON, urlencoded forms) up to
DATA_UPLOAD_MAX_MEMORY_SIZE.

A body without Content-Length (chunked) needs no guard under WSGI: Django reads
such a body as empty, never from the socket.
"""

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _


def body_limit(content_type: str) -> int | None:
    """The largest body accepted for this content type; None: no limit."""
    if content_type.lower().startswith("multipart/form-data"):
        return settings.UPLOAD_MAX_REQUEST_SIZE
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE


class RequestSizeLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            announced = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            announced = 0  # Django then reads no body at all
        limit = body_limit(request.META.get("CONTENT_TYPE", ""))
        if limit is not None and announced > limit:
            return self.refuse(request)
        return self.get_response(request)

    @staticmethod
    def refuse(request):
        message = _("The request body is too large.")
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message}, status=413)
        return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
