"""Protocol precedence: each registration's rank in the event's order, and its order within."""

from django.db import transaction
from django.utils.translation import gettext as _

from events.audit.services import Actor, audit_record
from registrations.registration import forms_of_address
from registrations.registration.errors import RegistrationError
from registrations.registration.forms_of_address import Gender, Honorific
from registrations.registration.models import TITLE_CONTRADICTS_GENDER, Registration

MAX_PROTOCOL_ORDER = 100_000


def registration_set_protocol(
    *, registration_id: int, rank: str, order: int | None, actor: Actor
) -> Registration:
    """Give a registration its protocol rank (a slug of the event's list; "" for none)
    and optionally its order within the rank."""
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update(of=("self",))
            .select_related("event", "protocol_rank")
            .get(pk=registration_id)
        )
        event = registration.event
        new_rank = None
        if rank:
            new_rank = event.protocol_ranks.filter(slug=rank).first()
            if new_rank is None:
                raise RegistrationError(
                    _("Choose one of the event's protocol ranks."),
                    field="rank",
                    code="invalid_choice",
                )
        if order is not None and not 1 <= order <= MAX_PROTOCOL_ORDER:
            raise RegistrationError(
                _("The order is a whole number from 1 to 100,000."), field="order", code="invalid"
            )
        if order is not None and new_rank is None:
            raise RegistrationError(
                _("An order within the rank needs a rank."), field="order", code="needs_rank"
            )
        before = {
            "rank": registration.protocol_rank.slug if registration.protocol_rank else "",
            "order": registration.protocol_order,
        }
        registration.protocol_rank = new_rank
        registration.protocol_order = order
        registration.save(update_fields=["protocol_rank", "protocol_order", "updated_at"])
        audit_record(
            event=event,
            actor=actor,
            action="registration.protocol_set",
            obj=registration,
            data={"from": before, "to": {"rank": rank, "order": order}},
        )
    return registration


def registration_set_form_of_address(
    *, registration_id: int, title: str, gender: str, actor: Actor
) -> Registration:
    """Correct how a registration is addressed: its title and the gender titles agree with."""
    if title not in Honorific.values:
        raise RegistrationError(
            _("Choose one of the titles."), field="title", code="invalid_choice"
        )
    if gender not in Gender.values:
        raise RegistrationError(
            _("Choose one of the forms of address."), field="gender", code="invalid_choice"
        )
    if forms_of_address.gender_contradicts_title(title=title, gender=gender):
        raise RegistrationError(str(TITLE_CONTRADICTS_GENDER), field="gender", code="invalid")
    with transaction.atomic():
        registration = Registration.objects.select_for_update(of=("self",)).get(pk=registration_id)
        before = {"title": registration.title, "gender": registration.gender}
        registration.title = title
        registration.gender = gender
        registration.save(update_fields=["title", "gender", "updated_at"])
        audit_record(
            event=registration.event,
            actor=actor,
            action="registration.form_of_address_set",
            obj=registration,
            data={"from": before, "to": {"title": title, "gender": gender}},
        )
    return registration
