"""Personal data pages: the registrant's deletion request, and the photo views.

The registrant asks to delete their data from their own page (/me/<token>/): the
button there opens a confirmation page that says what will be erased (a plain form,
no script needed); only its POST with `confirm=yes` erases. A POST without it (the
old one-click form, a stray replay) shows the same confirmation and changes nothing.

Registrants' photos are served only through Django and only to those entitled to them.
Photos live in the default storage under `photos/`, outside the static files and
with no public media URL (MEDIA_URL is never routed): the only ways to see one
are these views, which check the role on the photo's event (accreditation,
check-in, or admin) or the registrant's own secret link, and the check-in API's
photo for the door screen. All of them serve it through
`registrations.privacy.photos.registration_photo_open` (audited, `no-store`).
"""

from dataclasses import replace

from django.http import FileResponse, Http404
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from events.access import event_role_required
from events.audit.services import Actor
from events.client_address import client_ip
from events.teams.models import Role
from registrations.privacy.photos import PhotoNotFound, registration_photo_open
from registrations.privacy.services import registration_request_deletion
from registrations.registration.models import Registration
from registrations.registration.pages import registrant_page_section
from registrations.registration.selectors import (
    registration_by_token,
    registration_for_private_link,
)


@never_cache
def me_delete(request, token: str):
    """GET: what deleting erases; POST with `confirm=yes`: cancel, erase, then say so."""
    registration = registration_for_private_link(token=token)
    event = registration.event
    if request.method != "POST" or request.POST.get("confirm") != "yes":
        context = {"event": event, "registration": registration}
        return render(request, "registrations/data_delete_confirm.html", context)
    reference = registration.reference
    registration_request_deletion(
        registration_id=registration.pk,
        actor=Actor(label="registrant", client_ip=client_ip(request)),
    )
    return render(
        request, "registrations/data_deleted.html", {"event": event, "reference": reference}
    )


def privacy_section(registration, request) -> dict:
    return {"token": registration.secret_token}


def register_page_hooks() -> None:
    registrant_page_section(
        template="registrations/privacy_section.html",
        context=privacy_section,
        order=90,
        danger=True,
    )


def photo_response(registration: Registration | None, *, actor: Actor, via: str) -> FileResponse:
    """The photo as a response, or a 404; shared by every URL that shows one."""
    try:
        photo = registration_photo_open(registration=registration, actor=actor, via=via)
    except PhotoNotFound as error:
        raise Http404(error.message) from error
    return FileResponse(photo.file, headers=photo.headers)


@event_role_required(Role.ACCREDITATION, Role.CHECKIN)
def organizer_photo(request, event, reference: str):
    registration = Registration.objects.filter(event=event, reference=reference.upper()).first()
    return photo_response(registration, actor=Actor.from_request(request), via="organizer-page")


def registrant_photo(request, token: str):
    # The client address as the audit log takes it everywhere; the label says who.
    actor = replace(Actor.from_request(request), label="registrant")
    return photo_response(registration_by_token(token=token), actor=actor, via="registrant")
