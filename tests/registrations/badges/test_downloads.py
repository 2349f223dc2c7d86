"""The printable files' responses: shown inline under their name, kept by no cache."""

import pytest

from registrations.badges.downloads import pdf_response, png_response


@pytest.mark.parametrize(
    ("respond", "content_type"),
    [(pdf_response, "application/pdf"), (png_response, "image/png")],
)
def test_a_printable_file_is_shown_inline_and_kept_by_no_cache(respond, content_type):
    response = respond(b"%bytes%", "badge-UNI-1.pdf")

    assert response.content == b"%bytes%"
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == 'inline; filename="badge-UNI-1.pdf"'
    assert response["Cache-Control"] == "private, no-store"
