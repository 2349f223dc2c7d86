"""Protocol pages for accreditation officers: a registration's precedence, the seating list."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from events.access import event_role_required
from events.audit.services import Actor, audit_record
from events.csv_files import csv_download
from events.page_links import organizer_link
from events.teams.models import Role
from registrations.printing.downloads import pdf_response
from registrations.protocol.forms import FormOfAddressForm, ProtocolForm
from registrations.protocol.seating import seating_csv, seating_list, seating_pdf
from registrations.protocol.services import (
    registration_set_form_of_address,
    registration_set_protocol,
)
from registrations.registration.errors import RegistrationError
from registrations.registration.models import Registration, Status
from registrations.registration.selectors import registration_by_reference


@require_POST
@event_role_required(Role.ACCREDITATION)
def registration_protocol(request, event, reference: str):
    registration = registration_by_reference(event=event, reference=reference)
    if registration is None:
        raise Http404
    form = ProtocolForm(request.POST, event=event)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    else:
        try:
            registration_set_protocol(
                registration_id=registration.pk,
                rank=form.cleaned_data["rank"],
                order=form.cleaned_data["order"],
                actor=Actor.from_request(request),
            )
        except RegistrationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Protocol rank saved."))
    return redirect("manage_registrations:detail", slug=event.slug, reference=reference)


@require_POST
@event_role_required(Role.ACCREDITATION)
def registration_form_of_address(request, event, reference: str):
    registration = registration_by_reference(event=event, reference=reference)
    if registration is None:
        raise Http404
    form = FormOfAddressForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    else:
        try:
            registration_set_form_of_address(
                registration_id=registration.pk,
                title=form.cleaned_data["title"],
                gender=form.cleaned_data["gender"],
                actor=Actor.from_request(request),
            )
        except RegistrationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Form of address saved."))
    return redirect("manage_registrations:detail", slug=event.slug, reference=reference)


@event_role_required(Role.ACCREDITATION)
def seating_index(request, event):
    return render(
        request,
        "registrations/protocol/seating.html",
        {
            "event": event,
            "seats": seating_list(event=event),
            "unranked": Registration.objects.filter(
                event=event, status=Status.APPROVED, protocol_rank__isnull=True
            ).count(),
        },
    )


@event_role_required(Role.ACCREDITATION)
def seating_file(request, event, kind: str):
    seats = seating_list(event=event)
    audit_record(
        event=event,
        actor=Actor.from_request(request),
        action="seating.exported",
        obj=event,
        data={"format": kind, "seats": len(seats)},
    )
    if kind == "csv":
        return csv_download(seating_csv(seats), f"{event.slug}-seating.csv")
    return pdf_response(seating_pdf(seats, event=event), f"{event.slug}-seating.pdf")


def register_page_links() -> None:
    """Organizer links; called from AppConfig.ready()."""
    organizer_link(
        label=gettext_lazy("Seating by precedence"),
        url_name="protocol:seating",
        role=Role.ACCREDITATION,
        order=14,
    )
