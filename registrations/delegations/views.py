"""The head of delegation's secret page (/d/<token>/): members, places left, a new link."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from events.audit.services import Actor
from events.client_address import client_ip
from events.summit.selectors import categories_open_to_public
from registrations.delegations.quotas import quota_uses
from registrations.delegations.selectors import delegation_by_token
from registrations.delegations.services import (
    ACTIVE,
    delegation_register_member,
    delegation_remove_member,
)
from registrations.registration.errors import RegistrationError
from registrations.registration.forms import RegistrationForm
from registrations.registration.pages import delegation_sections_for
from registrations.registration.secret_links import delegation_renew_link
from registrations.registration.workflow import Action, registration_allowed_actions


def delegation_page(request, token: str):
    """The head of delegation's secret page: members, places left, register a member."""
    delegation = delegation_by_token(token=token)
    if delegation is None:
        raise Http404
    event = delegation.event
    form = RegistrationForm(
        request.POST or None,
        request.FILES or None,
        event=event,
        categories=categories_open_to_public(event=event),
        for_delegation=True,
    )
    refusal = None
    actor = Actor(label=f"head of delegation {delegation.pk}", client_ip=client_ip(request))
    if request.method == "POST" and form.is_valid():
        try:
            member = delegation_register_member(
                delegation=delegation, data=form.to_input(), actor=actor
            )
        except RegistrationError as error:
            if error.field and error.field in form.fields:
                form.add_error(error.field, ValidationError(error.message, code=error.code))
            else:
                refusal = error.message
        else:
            messages.success(
                request,
                _("%(name)s is registered (reference %(reference)s).")
                % {"name": member.full_name, "reference": member.reference},
            )
            return redirect(delegation.get_absolute_url())
    members = delegation.members.select_related("category").order_by("last_name", "first_name")
    context = {
        "delegation": delegation,
        "event": event,
        "members": members,
        "active": sum(1 for m in members if m.status in ACTIVE),
        # Members the head may still remove: those the registrant could cancel.
        "removable": {m.pk for m in members if Action.CANCEL in registration_allowed_actions(m)},
        "form": form,
        "refusal": refusal,
        "extra_sections": delegation_sections_for(delegation, request),
        "quota_uses": [
            use
            for use in quota_uses(event=event, delegations=[delegation])[delegation.pk]
            if use.allowed is not None
        ],
    }
    return render(
        request,
        "registrations/delegation.html",
        context,
        status=400 if form.errors or refusal else 200,
    )


@never_cache
def delegation_remove(request, token: str, reference: str):
    """GET: who is removed and what follows; POST with `confirm=yes`: remove. A POST
    without it (the old one-click form) shows the confirmation and changes nothing."""
    delegation = delegation_by_token(token=token)
    if delegation is None:
        raise Http404
    if request.method != "POST" or request.POST.get("confirm") != "yes":
        member = delegation.members.filter(reference=reference).exclude(pk=delegation.head_id)
        member = member.first()
        if member is None:
            raise Http404
        context = {"delegation": delegation, "event": delegation.event, "member": member}
        return render(request, "registrations/delegation_remove.html", context)
    try:
        delegation_remove_member(
            delegation=delegation,
            reference=reference,
            actor=Actor(
                label=f"head of delegation {delegation.pk}",
                client_ip=client_ip(request),
            ),
        )
    except RegistrationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The member is removed from the delegation."))
    return redirect(delegation.get_absolute_url())


@require_POST
def delegation_new_link(request, token: str):
    """Replace the delegation page's link; the new one goes to the head's email address only."""
    delegation = delegation_by_token(token=token)
    if delegation is None:
        raise Http404
    try:
        delegation_renew_link(
            delegation_id=delegation.pk,
            actor=Actor(label=f"head of delegation {delegation.pk}", client_ip=client_ip(request)),
        )
    except RegistrationError as error:
        messages.error(request, error.message)
        return redirect(delegation.get_absolute_url())
    return redirect("registrations:link-renewed", slug=delegation.event.slug)
