"""Request bodies over the limit are refused (413) before a byte of them is read."""

import pytest
from django.test import Client

from registrations.registration.models import Registration
from registrations.registration.photos import MAX_PHOTO_BYTES
from tests.factories import CategoryFactory, EventFactory

pytestmark = pytest.mark.django_db

BOUNDARY = "summit-boundary"
READ_ALLOWANCE = 8 * 1024


class BodyThatMustNotBeRead:
    """A wsgi.input holding a multipart upload as large as announced, that fails the
    test if the server reads more than a few kilobytes of it."""

    def __init__(self, size: int):
        self.size = size
        self.read_so_far = 0
        self.head = (
            f"--{BOUNDARY}\r\n"
            'Content-Disposition: form-data; name="first_name"\r\n\r\nAmina\r\n'
            f"--{BOUNDARY}\r\n"
            'Content-Disposition: form-data; name="photo"; filename="me.jpg"\r\n'
            "Content-Type: image/jpeg\r\n\r\n"
        ).encode()

    def read(self, size: int = -1) -> bytes:
        wanted = self.size - self.read_so_far if size is None or size < 0 else size
        if self.read_so_far + wanted > READ_ALLOWANCE:
            raise AssertionError(f"the body was read beyond {READ_ALLOWANCE} bytes")
        chunk = (self.head + b"\x00" * wanted)[self.read_so_far : self.read_so_far + wanted]
        self.read_so_far += len(chunk)
        return chunk

    def readline(self, size: int = -1) -> bytes:
        return self.read(size)


def post_announcing(path: str, size: int, content_type: str):
    body = BodyThatMustNotBeRead(size)
    response = Client().generic(
        "POST",
        path,
        data=b"x",
        content_type=content_type,
        CONTENT_LENGTH=str(size),
        **{"wsgi.input": body},
    )
    return response, body


@pytest.fixture
def event():
    event = EventFactory(slug="unity")
    CategoryFactory(event=event, slug="delegate")
    return event


def test_a_sixty_megabyte_form_upload_is_refused_unread(event):
    response, body = post_announcing(
        "/e/unity/register/", 60 * 1024 * 1024, f"multipart/form-data; boundary={BOUNDARY}"
    )

    assert response.status_code == 413
    assert "too large" in response.content.decode()
    assert body.read_so_far == 0
    assert not Registration.objects.exists()


def test_the_upload_limit_leaves_room_for_a_five_megabyte_photo(settings):
    assert settings.UPLOAD_MAX_REQUEST_SIZE > MAX_PHOTO_BYTES + 256 * 1024
    assert settings.UPLOAD_MAX_REQUEST_SIZE <= 2 * MAX_PHOTO_BYTES


def test_an_upload_over_the_setting_is_refused_and_one_under_it_reaches_the_form(event, settings):
    settings.UPLOAD_MAX_REQUEST_SIZE = 1024 * 1024
    over, _body = post_announcing(
        "/e/unity/register/", 1024 * 1024 + 1, f"multipart/form-data; boundary={BOUNDARY}"
    )
    under = Client().post("/e/unity/register/", {"first_name": "Amina"})

    assert over.status_code == 413
    assert under.status_code == 400  # the form's own answer: fields are missing


def test_a_json_body_keeps_the_smaller_data_limit_and_a_json_413(event, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 256 * 1024
    response, body = post_announcing(
        "/api/v1/events/unity/registrations/", 300 * 1024, "application/json"
    )

    assert response.status_code == 413
    assert response.json() == {"detail": "The request body is too large."}
    assert body.read_so_far == 0


def test_a_body_without_content_length_is_never_read(event):
    # Under WSGI a body without Content-Length (chunked) is an empty body to Django.
    body = BodyThatMustNotBeRead(60 * 1024 * 1024)
    response = Client().generic(
        "POST",
        "/e/unity/register/",
        data=b"x",
        content_type=f"multipart/form-data; boundary={BOUNDARY}",
        CONTENT_LENGTH="",
        **{"wsgi.input": body},
    )

    assert response.status_code in (400, 403)
    assert body.read_so_far == 0
