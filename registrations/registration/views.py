"""Public pages: the registration form, its confirmation, the registrant's own page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from events.audit.services import Actor
from events.client_address import client_ip
from events.ratelimit import rate_limit_hit
from events.summit.models import Event
from events.summit.selectors import categories_open_to_public
from registrations.registration.errors import RegistrationError
from registrations.registration.forms import LostLinkForm, RegistrantEditForm, RegistrationForm
from registrations.registration.pages import sections_for
from registrations.registration.secret_links import registration_renew_link
from registrations.registration.selectors import registration_for_private_link
from registrations.registration.services import (
    registration_cancel,
    registration_send_link,
    registration_submit_public,
    registration_update_by_registrant,
)
from registrations.registration.workflow import Action, registration_allowed_actions

SESSION_SUBMITTED_EMAIL = "registrations:submitted_email"


def register(request, slug: str):
    event = get_object_or_404(Event.objects.published(), slug=slug)
    categories = categories_open_to_public(event=event)
    form = RegistrationForm(
        request.POST or None, request.FILES or None, event=event, categories=categories
    )
    refusal = None
    if request.method == "POST" and (
        refused := _throttled(request, event, action="register", per_client=60, per_event=20000)
    ):
        return refused
    if request.method == "POST" and form.is_valid():
        try:
            registration_submit_public(
                event=event, data=form.to_input(), actor=Actor.from_request(request)
            )
        except RegistrationError as error:
            if error.field and error.field in form.fields:
                form.add_error(error.field, ValidationError(error.message, code=error.code))
            else:
                refusal = error.message
        else:
            # The same page for a new and an already registered address: the email says which.
            request.session[SESSION_SUBMITTED_EMAIL] = form.cleaned_data["email"]
            return redirect("registrations:registered", slug=event.slug)
    status = 400 if request.method == "POST" else 200
    context = {
        "event": event,
        "form": form,
        "refusal": refusal,
        "registration_state": event.registration_state(),
    }
    return render(request, "registrations/register.html", context, status=status)


def registered(request, slug: str):
    """The "check your inbox" page, after this browser sent the form. It shows only the
    address that was typed: what became of it (new, already registered) is in the email."""
    event = get_object_or_404(Event.objects.published(), slug=slug)
    email = request.session.get(SESSION_SUBMITTED_EMAIL)
    if not email:
        return redirect("registrations:register", slug=event.slug)
    return render(request, "registrations/registered.html", {"event": event, "email": email})


def _throttled(request, event, *, action: str, per_client: int, per_event: int):
    """A 429 page when this client or this event sends too many requests, else None."""
    for key, limit in (
        (f"{action}:client:{client_ip(request)}", per_client),
        (f"{action}:event:{event.pk}", per_event),
    ):
        retry_after = rate_limit_hit(key=key, limit=limit, window_seconds=3600)
        if retry_after:
            response = render(request, "registrations/throttled.html", {"event": event}, status=429)
            response["Retry-After"] = str(retry_after)
            return response
    return None


def lost_link(request, slug: str):
    event = get_object_or_404(Event.objects.published(), slug=slug)
    form = LostLinkForm(request.POST or None)
    if request.method == "POST" and (
        refused := _throttled(request, event, action="lost-link", per_client=10, per_event=2000)
    ):
        return refused
    if request.method == "POST" and form.is_valid():
        registration_send_link(event=event, email=form.cleaned_data["email"])
        # The same answer whether or not the address is registered.
        messages.success(
            request,
            _(
                "If this address is registered for the summit, a message with the link to "
                "the registration page is on its way."
            ),
        )
        return redirect("registrations:lost-link", slug=event.slug)
    return render(request, "registrations/lost_link.html", {"event": event, "form": form})


def me(request, token: str):
    registration = registration_for_private_link(token=token)
    form = RegistrantEditForm(instance=registration)
    if request.method == "POST":
        form = RegistrantEditForm(request.POST, instance=registration)
        if form.is_valid():
            try:
                registration_update_by_registrant(
                    registration=registration, changes=form.cleaned_data
                )
            except RegistrationError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("Your changes are saved."))
            return redirect(registration.get_absolute_url())
        registration.refresh_from_db()
    actions = registration_allowed_actions(registration)
    context = {
        "registration": registration,
        "event": registration.event,
        "form": form,
        "editable": Action.EDIT in actions,
        "cancellable": Action.CANCEL in actions,
        "extra_sections": sections_for(registration, request),
    }
    return render(request, "registrations/me.html", context, status=400 if form.errors else 200)


@never_cache
def me_cancel(request, token: str):
    """GET: what cancelling does; POST with `confirm=yes`: cancel. A POST without it
    (the old one-click form) shows the confirmation and changes nothing."""
    registration = registration_for_private_link(token=token)
    if request.method != "POST" or request.POST.get("confirm") != "yes":
        if Action.CANCEL not in registration_allowed_actions(registration):
            return redirect(registration.get_absolute_url())
        context = {"event": registration.event, "registration": registration}
        return render(request, "registrations/cancel_confirm.html", context)
    try:
        registration_cancel(
            registration_id=registration.pk,
            actor=Actor(label="registrant", client_ip=client_ip(request)),
            reason=_("Cancelled by the registrant."),
        )
    except RegistrationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your registration is cancelled."))
    return redirect(registration.get_absolute_url())


@require_POST
def me_new_link(request, token: str):
    """Replace the page's link (and calendar feed); the new one goes to the email address only."""
    registration = registration_for_private_link(token=token)
    try:
        registration_renew_link(
            registration_id=registration.pk,
            actor=Actor(label="registrant", client_ip=client_ip(request)),
        )
    except RegistrationError as error:
        messages.error(request, error.message)
        return redirect(registration.get_absolute_url())
    return redirect("registrations:link-renewed", slug=registration.event.slug)


def link_renewed(request, slug: str):
    """Where a new link request lands: it says where the link went, never shows it."""
    event = get_object_or_404(Event, slug=slug)
    return render(request, "registrations/link_renewed.html", {"event": event})
