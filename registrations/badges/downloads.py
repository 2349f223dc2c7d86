"""The printable files as responses: badges, vehicle passes and the seating list (PDF),
a badge's or a pass's QR code (PNG), for the API and the pages alike.

They are shown in the browser (`inline`) and kept by no cache: each names a person
or opens a gate. CSV files are `events.csv_files.csv_download`.
"""

from django.http import HttpResponse


def pdf_response(data: bytes, filename: str) -> HttpResponse:
    return _inline_file(data, filename, content_type="application/pdf")


def png_response(data: bytes, filename: str) -> HttpResponse:
    return _inline_file(data, filename, content_type="image/png")


def _inline_file(data: bytes, filename: str, *, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
