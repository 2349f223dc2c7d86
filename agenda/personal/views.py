"""The registrant's agenda: add and remove sessions from /me/<token>/."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils import translation
from django.views.decorators.http import require_POST

from agenda.personal.services import personal_agenda_add, personal_agenda_remove
from agenda.programme.errors import AgendaError
from agenda.releases.selectors import released_session
from registrations.registration.selectors import registration_for_private_link


def registration_or_404(token: str):
    """Still imported by agenda/calendars/views.py (another change's file); it goes once
    that view calls `registration_for_private_link` itself."""
    return registration_for_private_link(token=token)


def _back(registration):
    return redirect(registration.get_absolute_url() + "#agenda")


@require_POST
def personal_add(request, token: str):
    registration = registration_for_private_link(token=token)
    try:
        item = personal_agenda_add(
            registration=registration, session_id=request.POST.get("session")
        )
    except AgendaError as error:
        messages.error(request, error.message)
    else:
        snapshot = released_session(event=registration.event, session_id=item.session_id)
        messages.success(
            request,
            translation.gettext("“%(title)s” is in your agenda.") % {"title": snapshot.title},
        )
    return _back(registration)


@require_POST
def personal_remove(request, token: str):
    registration = registration_for_private_link(token=token)
    try:
        removed = personal_agenda_remove(
            registration=registration, session_id=request.POST.get("session")
        )
    except AgendaError as error:
        messages.error(request, error.message)
    else:
        if removed:
            messages.success(request, translation.gettext("The session is out of your agenda."))
        else:
            messages.error(request, translation.gettext("This session is not in your agenda."))
    return _back(registration)
