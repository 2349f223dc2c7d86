"""New private links: the registrant's page (/me/<token>/) and the delegation's (/d/<token>/).

A private link works without a password, so whoever holds it (a forwarded email,
a shared screen) acts as its owner. Its owner can replace it from the page it
opens. The page token and the calendar feed secret are replaced together: the old
feed address read the same agenda, and a new link that left it working would
leave the intruder a way to follow the owner's movements.

One transaction replaces both, audits the step (without the secrets) and queues
the email, so the old link stops working the moment the new one is on its way.
The new link goes only to the owner's email address, never back to the browser
that asked: that browser may be an intruder's, holding only the old link.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from events.audit.services import Actor, audit_record
from registrations.delegations.models import Delegation
from registrations.registration import messaging
from registrations.registration.errors import RegistrationError
from registrations.registration.models import Registration, new_secret_token


def registration_renew_link(*, registration_id: int, actor: Actor) -> Registration:
    """Replace the registrant's page token and feed secret; email the new link."""
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update(of=("self",))
            .select_related("event", "category")
            .get(pk=registration_id)
        )
        if registration.personal_data_erased_at is not None:
            raise RegistrationError(
                _("This registration's data was erased: there is no address to send a link to."),
                code="erased",
            )
        registration.secret_token = new_secret_token()
        registration.feed_secret = new_secret_token()
        registration.save(update_fields=["secret_token", "feed_secret", "updated_at"])
        entry = audit_record(
            event=registration.event,
            actor=actor,
            action="registration.link_renewed",
            obj=registration,
        )
        messaging.registration_link_renewed(registration, entry_id=entry.pk)
    return registration


def delegation_renew_link(*, delegation_id: int, actor: Actor) -> Delegation:
    """Replace the delegation page's token and feed secret; email the new link to the head."""
    with transaction.atomic():
        delegation = (
            Delegation.objects.select_for_update(of=("self",))
            .select_related("event", "head")
            .get(pk=delegation_id)
        )
        head = delegation.head
        if head is None or head.personal_data_erased_at is not None:
            raise RegistrationError(
                _("This delegation has no head to send a new link to: ask the accreditation team."),
                code="no_head",
            )
        delegation.secret_token = new_secret_token()
        delegation.feed_secret = new_secret_token()
        delegation.save(update_fields=["secret_token", "feed_secret", "updated_at"])
        entry = audit_record(
            event=delegation.event,
            actor=actor,
            action="delegation.link_renewed",
            obj=delegation,
            data={"head": head.reference},
        )
        messaging.delegation_link_renewed(delegation, head=head, entry_id=entry.pk)
    return delegation
