"""Vehicle passes: a delegation registers its cars, accreditation decides, the pass is printed.

A head of delegation (through the delegation's secret page) or an organizer
registers a vehicle; accreditation officers approve, reject, revoke or reissue
its pass. The pass's QR code is a signed code of type VEHICLE naming the pass
and its version (registrations/badges/signing.py); reissuing bumps the version so the
earlier printout answers `revoked` at the gate.
"""

import re
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.db.models.fields.json import KeyTextTransform
from django.utils import timezone
from django.utils.translation import gettext as _

from events.audit.services import Actor, audit_record
from events.summit.models import Event
from registrations.badges.keys import vehicle_pass_code
from registrations.delegations.models import Delegation
from registrations.registration.errors import RegistrationError, TransitionNotAllowed
from registrations.registration.models import Registration
from registrations.registration.validators import without_hidden_characters
from registrations.vehicles.models import (
    PLATE_MAX_LENGTH,
    PLATE_NORMALISED_MAX_LENGTH,
    RELEASES_PLATE,
    VehiclePass,
    VehiclePassStatus,
)

# What people type between the parts of a plate: spaces, dashes, dots, slashes.
PLATE_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212./\u00b7_]+")
MAKE_MAX_LENGTH = 80
COLOUR_MAX_LENGTH = 40
DRIVER_NAME_MAX_LENGTH = 150
REASON_MAX_LENGTH = 300


class VehicleError(RegistrationError):
    """A refusal about a vehicle pass; `field` names the input at fault."""


@dataclass
class VehicleInput:
    plate: str
    make: str
    colour: str
    driver_name: str = ""
    # The driver's registration reference, when the driver is accredited.
    driver_reference: str = ""


# --- Reads ------------------------------------------------------------------------


def plate_normalise(plate: str) -> str:
    """The form plates are compared in: upper case, without spaces or dashes."""
    return PLATE_SEPARATORS.sub("", without_hidden_characters(plate or "")).upper()


def vehicle_list(
    *, event: Event, status: str = "", delegation: str = "", search: str = ""
) -> QuerySet[VehiclePass]:
    queryset = VehiclePass.objects.filter(event=event).select_related("delegation", "driver")
    if status:
        queryset = queryset.filter(status=status)
    if delegation:
        queryset = (
            queryset.filter(delegation_id=delegation)
            if delegation.isdigit()
            else queryset.filter(delegation__name__en__iexact=delegation)
        )
    if search:
        queryset = queryset.filter(plate_normalised__contains=plate_normalise(search))
    return queryset.order_by(KeyTextTransform("en", "delegation__name"), "plate_normalised", "pk")


def vehicle_by_id(*, event: Event, vehicle_id: int) -> VehiclePass | None:
    return (
        VehiclePass.objects.filter(event=event, pk=vehicle_id)
        .select_related("delegation", "driver", "event")
        .first()
    )


def vehicle_pass_qr_text(vehicle: VehiclePass) -> str:
    """The signed text in the pass's QR code (type VEHICLE, the pass id, its version)."""
    return vehicle_pass_code(event_id=vehicle.event_id, pass_id=vehicle.pk, version=vehicle.version)


# --- Registering -------------------------------------------------------------------


def _clean(data: VehicleInput, *, delegation: Delegation) -> dict:
    """Field values to store, or VehicleError naming the first field at fault."""
    plate = " ".join(without_hidden_characters(data.plate or "").split())
    normalised = plate_normalise(plate)
    if not normalised:
        raise VehicleError(_("Enter the number plate."), field="plate", code="required")
    if len(plate) > PLATE_MAX_LENGTH or len(normalised) > PLATE_NORMALISED_MAX_LENGTH:
        raise VehicleError(
            _("A number plate has at most %(count)d letters and digits.")
            % {"count": PLATE_NORMALISED_MAX_LENGTH},
            field="plate",
            code="max_length",
        )
    if not normalised.isalnum():
        raise VehicleError(
            _("A number plate has only letters and digits (spaces and dashes are ignored)."),
            field="plate",
            code="invalid",
        )
    values = {"plate": plate, "plate_normalised": normalised}
    for name, limit, missing in (
        ("make", MAKE_MAX_LENGTH, _("Enter the make and model.")),
        ("colour", COLOUR_MAX_LENGTH, _("Enter the colour.")),
    ):
        value = " ".join(without_hidden_characters(getattr(data, name) or "").split())
        if not value:
            raise VehicleError(missing, field=name, code="required")
        if len(value) > limit:
            raise VehicleError(
                _("At most %(count)d characters.") % {"count": limit},
                field=name,
                code="max_length",
            )
        values[name] = value

    driver = None
    reference = (data.driver_reference or "").strip().upper()
    if reference:
        driver = (
            Registration.objects.filter(event_id=delegation.event_id, reference=reference)
            .select_related("delegation")
            .first()
        )
        if driver is None:
            raise VehicleError(
                _("No registration of this summit has the reference %(reference)s.")
                % {"reference": reference},
                field="driver",
                code="unknown",
            )
        if driver.delegation_id != delegation.pk:
            raise VehicleError(
                _("The driver must be a member of the delegation the vehicle belongs to."),
                field="driver",
                code="other_delegation",
            )
    driver_name = " ".join(without_hidden_characters(data.driver_name or "").split())
    if not driver_name and driver is not None:
        driver_name = driver.full_name
    if not driver_name:
        raise VehicleError(_("Enter the driver's name."), field="driver_name", code="required")
    if len(driver_name) > DRIVER_NAME_MAX_LENGTH:
        raise VehicleError(
            _("At most %(count)d characters.") % {"count": DRIVER_NAME_MAX_LENGTH},
            field="driver_name",
            code="max_length",
        )
    values["driver_name"] = driver_name
    values["driver"] = driver
    return values


def _plate_taken() -> VehicleError:
    return VehicleError(
        _("A vehicle with this number plate is already registered for this summit."),
        field="plate",
        code="duplicate",
    )


def vehicle_register(
    *, delegation: Delegation, data: VehicleInput, actor: Actor, approve: bool = False
) -> VehiclePass:
    """Register a delegation's vehicle (requested; an organizer may approve it at once)."""
    values = _clean(data, delegation=delegation)
    holders = VehiclePass.objects.filter(
        event_id=delegation.event_id, plate_normalised=values["plate_normalised"]
    ).exclude(status__in=RELEASES_PLATE)
    if holders.exists():
        raise _plate_taken()
    try:
        with transaction.atomic():
            vehicle = VehiclePass.objects.create(
                event_id=delegation.event_id,
                delegation=delegation,
                status=VehiclePassStatus.APPROVED if approve else VehiclePassStatus.REQUESTED,
                **values,
            )
            audit_record(
                event=delegation.event,
                actor=actor,
                action="vehicle.registered",
                obj=vehicle,
                data={
                    "plate": vehicle.plate,
                    "delegation": delegation.pk,
                    "driver": values["driver"].reference if values["driver"] else None,
                    "approved": approve,
                },
            )
    except IntegrityError as error:
        # Someone registered the same plate a moment ago: the unique constraint decided.
        raise _plate_taken() from error
    return vehicle


# --- Decisions ---------------------------------------------------------------------


def _locked(vehicle_id: int) -> VehiclePass:
    return VehiclePass.objects.select_for_update().select_related("event").get(pk=vehicle_id)


def _transition(
    *,
    vehicle_id: int,
    actor: Actor,
    allowed_from: tuple[str, ...],
    to: str,
    action: str,
    reason: str,
    refusal: str,
) -> VehiclePass:
    reason = reason.strip()[:REASON_MAX_LENGTH]
    with transaction.atomic():
        vehicle = _locked(vehicle_id)
        if vehicle.status not in allowed_from:
            raise TransitionNotAllowed(refusal, code="transition")
        previous = vehicle.status
        vehicle.status = to
        vehicle.status_changed_at = timezone.now()
        vehicle.decision_reason = reason
        vehicle.save(update_fields=["status", "status_changed_at", "decision_reason", "updated_at"])
        audit_record(
            event=vehicle.event,
            actor=actor,
            action=action,
            obj=vehicle,
            reason=reason,
            data={"plate": vehicle.plate, "from": previous, "version": vehicle.version},
        )
    return vehicle


def vehicle_approve(*, vehicle_id: int, actor: Actor, reason: str = "") -> VehiclePass:
    return _transition(
        vehicle_id=vehicle_id,
        actor=actor,
        allowed_from=(VehiclePassStatus.REQUESTED,),
        to=VehiclePassStatus.APPROVED,
        action="vehicle.approved",
        reason=reason,
        refusal=_("Only a requested vehicle pass can be approved."),
    )


def vehicle_reject(*, vehicle_id: int, actor: Actor, reason: str = "") -> VehiclePass:
    return _transition(
        vehicle_id=vehicle_id,
        actor=actor,
        allowed_from=(VehiclePassStatus.REQUESTED,),
        to=VehiclePassStatus.REJECTED,
        action="vehicle.rejected",
        reason=reason,
        refusal=_("Only a requested vehicle pass can be rejected."),
    )


def vehicle_revoke(*, vehicle_id: int, actor: Actor, reason: str = "") -> VehiclePass:
    """The pass stops opening vehicle gates; the plate stays barred from a new pass."""
    return _transition(
        vehicle_id=vehicle_id,
        actor=actor,
        allowed_from=(VehiclePassStatus.APPROVED,),
        to=VehiclePassStatus.REVOKED,
        action="vehicle.revoked",
        reason=reason,
        refusal=_("Only an approved vehicle pass can be revoked."),
    )


def vehicle_cancel(*, delegation: Delegation, vehicle_id: int, actor: Actor) -> VehiclePass:
    """The head of delegation withdraws a vehicle; its plate is free again."""
    if not delegation.vehicle_passes.filter(pk=vehicle_id).exists():
        raise VehicleError(_("This vehicle is not registered for your delegation."))
    return _transition(
        vehicle_id=vehicle_id,
        actor=actor,
        allowed_from=(VehiclePassStatus.REQUESTED, VehiclePassStatus.APPROVED),
        to=VehiclePassStatus.CANCELLED,
        action="vehicle.cancelled",
        reason=_("Withdrawn by the head of delegation."),
        refusal=_("Only a requested or approved vehicle pass can be withdrawn."),
    )


def vehicle_reissue(*, vehicle_id: int, actor: Actor, reason: str) -> VehiclePass:
    """A new version of a lost or damaged pass; the earlier printout answers `revoked`."""
    reason = reason.strip()
    if not reason:
        raise VehicleError(_("Say why the pass is reissued."), field="reason", code="required")
    with transaction.atomic():
        vehicle = _locked(vehicle_id)
        if vehicle.status != VehiclePassStatus.APPROVED:
            raise TransitionNotAllowed(
                _("Only an approved vehicle pass can be reissued."), code="transition"
            )
        previous = vehicle.version
        vehicle.version = F("version") + 1
        vehicle.print_count = 0
        vehicle.last_printed_at = None
        vehicle.save(update_fields=["version", "print_count", "last_printed_at", "updated_at"])
        vehicle.refresh_from_db(fields=["version"])
        audit_record(
            event=vehicle.event,
            actor=actor,
            action="vehicle.reissued",
            obj=vehicle,
            reason=reason[:REASON_MAX_LENGTH],
            data={"plate": vehicle.plate, "from": previous, "to": vehicle.version},
        )
    return vehicle


# --- Printing ------------------------------------------------------------------------


def vehicle_for_printing(*, vehicle: VehiclePass) -> VehiclePass:
    if vehicle.status != VehiclePassStatus.APPROVED:
        raise TransitionNotAllowed(
            _("Only an approved vehicle pass can be printed."), code="not_approved"
        )
    return vehicle


def vehicle_record_print(*, vehicle: VehiclePass, actor: Actor) -> None:
    with transaction.atomic():
        now = timezone.now()
        VehiclePass.objects.filter(pk=vehicle.pk).update(
            print_count=F("print_count") + 1, last_printed_at=now
        )
        audit_record(
            event=vehicle.event,
            actor=actor,
            action="vehicle.printed",
            obj=vehicle,
            data={"plate": vehicle.plate, "version": vehicle.version},
        )
