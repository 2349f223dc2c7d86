"""Files uploaded as answers to a question of kind "file": checked by content, kept private.

A file is accepted by what its bytes are, not by its name or the browser's content type:
a PDF, a JPEG or a PNG (`ACCEPTED_TYPES`), 5 MB at most. It is stored in the default
storage under `answers/` with a random name, like the badge photos under `photos/`:
outside the static files and with no public media URL (MEDIA_URL is never routed), so
the only way to read one is `answer_file_open`, for officers of the event, audited.
The answer's value keeps the stored name, the name the registrant's file had, its size
and its type.
"""

import secrets
from dataclasses import dataclass
from typing import BinaryIO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _

from events.audit.services import Actor, audit_record
from registrations.registration.models import Answer

MAX_ANSWER_FILE_BYTES = 5 * 1024 * 1024
# Content type → (extension, how its bytes begin).
ACCEPTED_TYPES = {
    "application/pdf": ("pdf", (b"%PDF-",)),
    "image/jpeg": ("jpg", (b"\xff\xd8\xff",)),
    "image/png": ("png", (b"\x89PNG\r\n\x1a\n",)),
}
STORAGE_FOLDER = "answers"


@dataclass(frozen=True)
class CheckedFile:
    """An upload whose content passed the checks, not stored yet."""

    content: bytes
    original_name: str
    content_type: str

    @property
    def size(self) -> int:
        return len(self.content)


def content_type_of(head: bytes) -> str | None:
    for content_type, (_extension, signatures) in ACCEPTED_TYPES.items():
        if any(head.startswith(signature) for signature in signatures):
            return content_type
    return None


def answer_file_check(uploaded) -> CheckedFile:
    """The upload's bytes and what they are, or a ValidationError saying what is wrong."""
    if not hasattr(uploaded, "read") or not hasattr(uploaded, "size"):
        raise ValidationError(_("Upload a PDF, JPEG or PNG file."), code="not_a_file")
    if uploaded.size > MAX_ANSWER_FILE_BYTES:
        raise ValidationError(_("The file must be 5 MB or smaller."), code="too_large")
    content = uploaded.read(MAX_ANSWER_FILE_BYTES + 1)
    if len(content) > MAX_ANSWER_FILE_BYTES:
        raise ValidationError(_("The file must be 5 MB or smaller."), code="too_large")
    if not content:
        raise ValidationError(_("The file is empty."), code="empty")
    content_type = content_type_of(content[:16])
    if content_type is None:
        raise ValidationError(
            _("The file must be a PDF, JPEG or PNG file."), code="unsupported_type"
        )
    # The name as the registrant knows it, without any folder a browser sent along.
    name = str(getattr(uploaded, "name", "") or "").replace("\\", "/").rsplit("/", 1)[-1]
    return CheckedFile(content=content, original_name=name[:200], content_type=content_type)


def answer_file_store(checked: CheckedFile, *, event_id: int) -> dict:
    """Store the file under a random name; the answer's value."""
    extension = ACCEPTED_TYPES[checked.content_type][0]
    wanted = f"{STORAGE_FOLDER}/{event_id}/{secrets.token_urlsafe(18)}.{extension}"
    stored = default_storage.save(wanted, ContentFile(checked.content))
    return {
        "name": stored,
        "original_name": checked.original_name,
        "size": checked.size,
        "content_type": checked.content_type,
    }


def answer_file_delete(value) -> None:
    """Remove an answer's stored file (a refused registration's, or an erased one's)."""
    name = value.get("name") if isinstance(value, dict) else None
    if name and str(name).startswith(f"{STORAGE_FOLDER}/"):
        default_storage.delete(name)


class AnswerFileNotFound(Exception):
    """No file to show (no such answer, not a file, or its file is gone): a 404."""


@dataclass(frozen=True)
class AnswerFile:
    """An open answer file, to send as a download named `filename`; the response closes it."""

    file: BinaryIO
    filename: str
    content_type: str
    headers: dict[str, str]


def answer_file_open(*, answer: Answer | None, actor: Actor) -> AnswerFile:
    """The answer's file for an officer the view let through, audited; sent as a download
    (never shown inline, never kept by a cache)."""
    value = answer.value if answer is not None else None
    if not isinstance(value, dict) or not str(value.get("name", "")).startswith(
        f"{STORAGE_FOLDER}/"
    ):
        raise AnswerFileNotFound
    try:
        handle = default_storage.open(value["name"], "rb")
    except FileNotFoundError as error:
        raise AnswerFileNotFound from error
    try:
        audit_record(
            event=answer.registration.event,
            actor=actor,
            action="answer_file.viewed",
            obj=answer.registration,
            data={"question": answer.question_id},
        )
    except Exception:
        handle.close()
        raise
    extension = ACCEPTED_TYPES.get(value.get("content_type"), ("bin",))[0]
    download_name = f"{answer.registration.reference}-q{answer.question_id}.{extension}"
    return AnswerFile(
        file=handle,
        filename=download_name,
        content_type=value.get("content_type") or "application/octet-stream",
        headers={"Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff"},
    )
