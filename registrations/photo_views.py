"""Registrants' photos, served only through Django and only to those entitled to them.

Photos live in the default storage under `photos/`, outside the static files and
with no public media URL (MEDIA_URL is never routed): the only ways to see one
are these views, which check the role on the photo's event (accreditation,
check-in, or admin) or the registrant's own secret link.
"""

from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

from events.access import event_role_required
from events.models import Role
from events.services import Actor, audit_record
from registrations.models import Registration
from registrations.selectors import registration_by_token


def _photo_response(registration: Registration | None) -> FileResponse:
    if registration is None or not registration.photo:
        raise Http404(_("No photo."))
    try:
        handle = registration.photo.open("rb")
    except FileNotFoundError as error:
        raise Http404(_("No photo.")) from error
    response = FileResponse(handle, content_type="image/jpeg")
    # Personal data: never kept by a shared cache, nor by the browser for long.
    response["Cache-Control"] = "private, no-store"
    return response


@event_role_required(Role.ACCREDITATION, Role.CHECKIN)
def organizer_photo(request, event, reference: str):
    registration = Registration.objects.filter(event=event, reference=reference.upper()).first()
    response = _photo_response(registration)
    audit_record(
        event=event, actor=Actor.from_request(request), action="photo.viewed", obj=registration
    )
    return response


def registrant_photo(request, token: str):
    return _photo_response(registration_by_token(token=token))
