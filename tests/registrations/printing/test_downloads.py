"""Printed documents over HTTP: shown inline, never cached."""

import pytest

from registrations.printing.downloads import pdf_response, png_response


@pytest.mark.parametrize(
    ("answer", "content_type"), [(pdf_response, "application/pdf"), (png_response, "image/png")]
)
def test_a_document_is_shown_inline_and_never_cached(answer, content_type):
    response = answer(b"data", "badge-UFS-1.pdf")

    assert response.content == b"data"
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == 'inline; filename="badge-UFS-1.pdf"'
    assert response["Cache-Control"] == "private, no-store"
