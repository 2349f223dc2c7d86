"""Organizers' delegation pages: the list under /manage/<slug>/delegations/ (accreditation),
and their setup under /manage/<slug>/settings/delegations/ (admins)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from events.absolute_urls import absolute_url
from events.access import event_role_required
from events.audit.services import Actor
from events.errors import DomainError
from events.in_use import InUseError
from events.teams.models import Role
from registrations.delegations.forms import DelegationForm, quota_field_name
from registrations.delegations.quotas import quota_uses
from registrations.delegations.selectors import event_delegations
from registrations.delegations.services import (
    QuotaInvalid,
    delegation_create,
    delegation_delete,
    delegation_update,
    delegations_completeness,
)


@event_role_required(Role.ACCREDITATION)
def delegation_index(request, event):
    completeness = delegations_completeness(event=event)
    uses = quota_uses(event=event, delegations=[row.delegation for row in completeness])
    return render(
        request,
        "registrations/manage/delegations.html",
        {
            "event": event,
            # Each row with the head's private page, as an address to copy into a message.
            "rows": [
                (
                    row,
                    absolute_url(row.delegation.get_absolute_url()),
                    [use for use in uses[row.delegation.pk] if use.allowed is not None],
                )
                for row in completeness
            ],
            "can_set_up": Role.ADMIN in request.event_roles,
        },
    )


@event_role_required(Role.ADMIN)
def delegation_settings(request, event):
    delegations = list(event_delegations(event=event))
    uses = quota_uses(event=event, delegations=delegations)
    rows = [
        (delegation, [use for use in uses[delegation.pk] if use.allowed is not None or use.used])
        for delegation in delegations
    ]
    return render(
        request,
        "registrations/manage/delegation_settings.html",
        {"event": event, "rows": rows},
    )


def _form_error(form: DelegationForm, error: DomainError) -> None:
    field = error.field
    if isinstance(error, QuotaInvalid):
        field = quota_field_name(error.category)
    form.add_error(field if field in form.fields else None, ValidationError(error.message))


@event_role_required(Role.ADMIN)
def delegation_new(request, event):
    form = DelegationForm(request.POST or None, event=event)
    if request.method == "POST" and form.is_valid():
        try:
            delegation = delegation_create(
                event=event, actor=Actor.from_request(request), data=form.service_data()
            )
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(
                request, _("The delegation “%(name)s” is added.") % {"name": delegation.name}
            )
            return redirect("manage_registrations:delegation-settings", slug=event.slug)
    return _form_page(request, event, form, delegation=None)


@event_role_required(Role.ADMIN)
def delegation_edit(request, event, delegation_id: int):
    delegation = get_object_or_404(event_delegations(event=event), pk=delegation_id)
    if request.method == "POST" and "delete" in request.POST:
        return _delete(request, event, delegation)
    form = DelegationForm(request.POST or None, instance=delegation, event=event)
    if request.method == "POST" and form.is_valid():
        try:
            delegation_update(
                event=event,
                delegation_id=delegation.pk,
                actor=Actor.from_request(request),
                changes=form.service_data(),
            )
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The delegation is saved."))
            return redirect("manage_registrations:delegation-settings", slug=event.slug)
        # Not saved: the page shows what the database holds, with the form's errors.
        delegation = get_object_or_404(event_delegations(event=event), pk=delegation_id)
    return _form_page(request, event, form, delegation=delegation)


def _delete(request, event, delegation):
    """Ask first; once confirmed, delete, or say what still uses it (409)."""
    form = DelegationForm(instance=delegation, event=event)
    if "confirm" not in request.POST:
        return _form_page(request, event, form, delegation=delegation, confirm_delete=True)
    try:
        delegation_delete(
            event=event, delegation_id=delegation.pk, actor=Actor.from_request(request)
        )
    except InUseError as error:
        return _form_page(request, event, form, delegation=delegation, refusal=error.message)
    messages.success(
        request, _("The delegation “%(name)s” is deleted.") % {"name": delegation.name}
    )
    return redirect("manage_registrations:delegation-settings", slug=event.slug)


def _form_page(request, event, form, *, delegation, refusal=None, confirm_delete=False):
    uses = {}
    if delegation is not None:
        uses = {
            use.category.slug: use
            for use in quota_uses(event=event, delegations=[delegation])[delegation.pk]
        }
    quota_rows = [
        (field, uses.get(category.slug))
        for field, category in zip(form.quota_fields(), form.categories, strict=True)
    ]
    status = 200
    if refusal:
        status = 409
    elif form.errors:
        status = 400
    context = {
        "event": event,
        "form": form,
        "delegation": delegation,
        "quota_rows": quota_rows,
        "head_choices": form.head_choices(),
        "refusal": refusal,
        "confirm_delete": confirm_delete,
    }
    return render(request, "registrations/manage/delegation_form.html", context, status=status)
