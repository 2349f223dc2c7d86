"""Vehicle pass pages: officers (/manage/<slug>/vehicles/) and heads of delegation
(/d/<token>/vehicles/). Thin: forms check shape, services hold the rules."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.db.models.fields.json import KT
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from events.access import event_role_required
from events.audit.services import Actor
from events.client_address import client_ip
from events.page_links import organizer_link
from events.teams.models import Role
from registrations.delegations.models import Delegation
from registrations.delegations.selectors import delegation_by_token
from registrations.printing.downloads import pdf_response
from registrations.printing.pages import pass_page, pass_pdf, pass_qr
from registrations.registration.errors import RegistrationError
from registrations.registration.pages import delegation_page_section
from registrations.vehicles.forms import OrganizerVehicleForm, VehicleForm
from registrations.vehicles.models import VehiclePassStatus
from registrations.vehicles.render import vehicle_pass_pdf
from registrations.vehicles.services import (
    vehicle_approve,
    vehicle_by_id,
    vehicle_cancel,
    vehicle_for_printing,
    vehicle_list,
    vehicle_pass_qr_text,
    vehicle_record_print,
    vehicle_register,
    vehicle_reissue,
    vehicle_reject,
    vehicle_revoke,
)

DECISIONS = {
    "approve": (vehicle_approve, gettext_lazy("The vehicle pass is approved.")),
    "reject": (vehicle_reject, gettext_lazy("The vehicle pass is rejected.")),
    "revoke": (
        vehicle_revoke,
        gettext_lazy("The vehicle pass is revoked: it no longer opens any gate."),
    ),
    "reissue": (
        vehicle_reissue,
        gettext_lazy(
            "A new version of the pass is issued; the earlier printout no longer opens any gate."
        ),
    ),
}


def _form_refusal(form, error: RegistrationError) -> str | None:
    """Put a service refusal on its field; return it if it belongs to no field."""
    if error.field and error.field in form.fields:
        form.add_error(error.field, ValidationError(error.message, code=error.code))
        return None
    return error.message


# --- Officers ------------------------------------------------------------------------


@event_role_required(Role.ACCREDITATION)
def vehicles_index(request, event):
    """The event's vehicle passes by status and delegation; an officer may register one."""
    chosen = {
        "status": request.GET.get("status", "").strip(),
        "delegation": request.GET.get("delegation", "").strip(),
        "q": request.GET.get("q", "").strip()[:40],
    }
    if chosen["status"] not in VehiclePassStatus.values:
        chosen["status"] = ""
    form = OrganizerVehicleForm(request.POST or None, event=event)
    refusal = None
    if request.method == "POST" and form.is_valid():
        try:
            vehicle = vehicle_register(
                delegation=form.cleaned_data["delegation"],
                data=form.to_input(),
                actor=Actor.from_request(request),
                approve=form.cleaned_data["approve"],
            )
        except RegistrationError as error:
            refusal = _form_refusal(form, error)
        else:
            messages.success(
                request, _("Vehicle %(plate)s is registered.") % {"plate": vehicle.plate}
            )
            return redirect("vehicles:detail", slug=event.slug, vehicle_id=vehicle.pk)
    vehicles = vehicle_list(
        event=event,
        status=chosen["status"],
        delegation=chosen["delegation"],
        search=chosen["q"],
    )
    page = Paginator(vehicles, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "event": event,
        "chosen": chosen,
        "page": page,
        "query": query.urlencode(),
        "statuses": VehiclePassStatus.choices,
        "delegations": event.delegations.order_by(KT("name__en")),
        "form": form,
        "refusal": refusal,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "registrations/vehicles/index.html", context, status=status)


def _vehicle(event, vehicle_id: int):
    vehicle = vehicle_by_id(event=event, vehicle_id=vehicle_id)
    if vehicle is None:
        raise Http404
    return vehicle


@event_role_required(Role.ACCREDITATION)
def vehicle_detail(request, event, vehicle_id: int):
    vehicle = _vehicle(event, vehicle_id)
    return pass_page(
        request,
        "registrations/vehicles/detail.html",
        event=event,
        audit_of=("registrations.vehiclepass", str(vehicle.pk)),
        vehicle=vehicle,
        approved=vehicle.status == VehiclePassStatus.APPROVED,
        requested=vehicle.status == VehiclePassStatus.REQUESTED,
        entries=vehicle.gate_entries.select_related("zone").order_by("first_checked_in_at"),
    )


@require_POST
@event_role_required(Role.ACCREDITATION)
def vehicle_decide(request, event, vehicle_id: int, decision: str):
    vehicle = _vehicle(event, vehicle_id)
    if decision not in DECISIONS:
        raise Http404
    step, done = DECISIONS[decision]
    try:
        step(
            vehicle_id=vehicle.pk,
            actor=Actor.from_request(request),
            reason=request.POST.get("reason", "")[:300],
        )
    except RegistrationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect("vehicles:detail", slug=event.slug, vehicle_id=vehicle.pk)


@event_role_required(Role.ACCREDITATION)
def vehicle_print(request, event, vehicle_id: int):
    """The pass's PDF for the officer's printer; every print is counted."""
    vehicle = _vehicle(event, vehicle_id)

    def print_vehicle_pass() -> bytes:
        vehicle_for_printing(vehicle=vehicle)
        data = vehicle_pass_pdf(vehicle)
        vehicle_record_print(vehicle=vehicle, actor=Actor.from_request(request))
        return data

    return pass_pdf(
        request,
        print_pass=print_vehicle_pass,
        filename=f"vehicle-pass-{vehicle.pk}.pdf",
        refused_url=reverse(
            "vehicles:detail", kwargs={"slug": event.slug, "vehicle_id": vehicle.pk}
        ),
    )


@event_role_required(Role.ACCREDITATION)
def vehicle_qr(request, event, vehicle_id: int):
    vehicle = _vehicle(event, vehicle_id)
    approved = vehicle.status == VehiclePassStatus.APPROVED
    code = vehicle_pass_qr_text(vehicle) if approved else None
    return pass_qr(code, f"vehicle-pass-{vehicle.pk}.png")


# --- The head of delegation ------------------------------------------------------------


def _delegation(token: str) -> Delegation:
    delegation = delegation_by_token(token=token)
    if delegation is None:
        raise Http404
    return delegation


def _head(request, delegation: Delegation) -> Actor:
    return Actor(label=f"head of delegation {delegation.pk}", client_ip=client_ip(request))


def delegation_vehicles(request, token: str):
    """The head's page: the delegation's vehicles and their passes; register another."""
    delegation = _delegation(token)
    form = VehicleForm(request.POST or None, delegation=delegation)
    refusal = None
    if request.method == "POST" and form.is_valid():
        try:
            vehicle = vehicle_register(
                delegation=delegation, data=form.to_input(), actor=_head(request, delegation)
            )
        except RegistrationError as error:
            refusal = _form_refusal(form, error)
        else:
            messages.success(
                request,
                _("Vehicle %(plate)s is registered; the organizers will review it.")
                % {"plate": vehicle.plate},
            )
            return redirect("vehicles:delegation", token=delegation.secret_token)
    context = {
        "delegation": delegation,
        "event": delegation.event,
        "vehicles": delegation.vehicle_passes.select_related("driver").order_by(
            "status", "plate_normalised"
        ),
        "withdrawable": (VehiclePassStatus.REQUESTED, VehiclePassStatus.APPROVED),
        "form": form,
        "refusal": refusal,
    }
    return render(
        request,
        "registrations/vehicles/delegation.html",
        context,
        status=400 if form.errors or refusal else 200,
    )


@require_POST
def delegation_vehicle_cancel(request, token: str, vehicle_id: int):
    delegation = _delegation(token)
    try:
        vehicle_cancel(
            delegation=delegation, vehicle_id=vehicle_id, actor=_head(request, delegation)
        )
    except RegistrationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The vehicle is withdrawn."))
    return redirect("vehicles:delegation", token=delegation.secret_token)


def delegation_vehicle_pass(request, token: str, vehicle_id: int):
    """An approved pass of the delegation, for the head to print."""
    delegation = _delegation(token)
    vehicle = (
        delegation.vehicle_passes.select_related("event", "delegation")
        .filter(pk=vehicle_id, status=VehiclePassStatus.APPROVED)
        .first()
    )
    if vehicle is None:
        raise Http404
    data = vehicle_pass_pdf(vehicle)
    vehicle_record_print(vehicle=vehicle, actor=_head(request, delegation))
    return pdf_response(data, f"vehicle-pass-{vehicle.pk}.pdf")


def delegation_vehicles_section(delegation, request) -> dict:
    """The vehicles box of the delegation's page (/d/<token>/): counts and the link."""
    counts = dict(
        delegation.vehicle_passes.values_list("status").annotate(n=Count("pk")).order_by()
    )
    return {
        "url": reverse("vehicles:delegation", kwargs={"token": delegation.secret_token}),
        "approved": counts.get(VehiclePassStatus.APPROVED, 0),
        "requested": counts.get(VehiclePassStatus.REQUESTED, 0),
    }


def register_page_hooks() -> None:
    """The officers' menu link and the delegation page's box; from AppConfig.ready()."""
    organizer_link(
        label=gettext_lazy("Vehicle passes"),
        url_name="vehicles:index",
        role=Role.ACCREDITATION,
        order=26,
    )
    delegation_page_section(
        template="registrations/vehicles/delegation_section.html",
        context=delegation_vehicles_section,
        order=50,
    )
