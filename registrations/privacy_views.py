"""The registrant's request to delete their data, from their own page (/me/<token>/)."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_POST

from events.client_address import client_ip
from events.services import Actor
from registrations.pages import registrant_page_section
from registrations.selectors import registration_by_token
from registrations.services.privacy import registration_request_deletion


@require_POST
def me_delete(request, token: str):
    """Cancel the registration and erase its personal data at once, then say so."""
    registration = registration_by_token(token=token)
    if registration is None:
        raise Http404
    event = registration.event
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
        template="registrations/privacy_section.html", context=privacy_section, order=90
    )
