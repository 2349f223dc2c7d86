"""A printed document or a QR image as an HTTP answer, for the pages and the API alike.

Shown inline (the browser's viewer prints it) and never cached: a badge or a pass
opens doors, and a shared or back-button copy must not outlive a reissue.
"""

from django.http import HttpResponse


def _document_response(data: bytes, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def pdf_response(data: bytes, filename: str) -> HttpResponse:
    return _document_response(data, content_type="application/pdf", filename=filename)


def png_response(data: bytes, filename: str) -> HttpResponse:
    return _document_response(data, content_type="image/png", filename=filename)
