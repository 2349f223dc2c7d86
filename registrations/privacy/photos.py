"""Showing a registrant's photo: the one way every URL serves one, audited.

Who may see a photo is each view's business (an organizer role on the photo's
event, a check-in token, the registrant's own link); this service checks nothing
of that. It opens the stored file (already re-encoded and stripped of metadata
when uploaded, see registrations/registration/photos.py), records who looked, and says how
the response must be sent: never kept by a browser or a shared cache.
"""

from dataclasses import dataclass
from typing import BinaryIO

from django.utils.translation import gettext as _

from events.audit.services import Actor, audit_record
from registrations.registration.models import Registration

PHOTO_HEADERS = {"Content-Type": "image/jpeg", "Cache-Control": "private, no-store"}


class PhotoNotFound(Exception):
    """No photo to show (none uploaded, erased, or its file is gone): a 404."""

    def __init__(self) -> None:
        super().__init__(_("No photo."))
        self.message = _("No photo.")


@dataclass(frozen=True)
class PhotoFile:
    """An open photo file and the headers to send it with; the response closes it."""

    file: BinaryIO
    headers: dict[str, str]


def registration_photo_open(
    *, registration: Registration | None, actor: Actor, via: str
) -> PhotoFile:
    """The registrant's photo for whoever the view let through; one audit entry per view.

    `via` names the URL that asked (`checkin-api`, `organizer-page`, `registrant`).
    Raises PhotoNotFound, and then records nothing.
    """
    if registration is None or not registration.photo:
        raise PhotoNotFound
    try:
        handle = registration.photo.open("rb")
    except FileNotFoundError as error:
        raise PhotoNotFound from error
    try:
        audit_record(
            event=registration.event,
            actor=actor,
            action="photo.viewed",
            obj=registration,
            data={"via": via},
        )
    except Exception:
        handle.close()
        raise
    return PhotoFile(file=handle, headers=dict(PHOTO_HEADERS))
