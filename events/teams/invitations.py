"""Team invitations: an admin invites a person by email with a role; the link makes them
a member.

The link's secret is random (256 bits); only its SHA-256 digest is stored, as for API
tokens, and a resend makes a new secret (the old link stops working: nobody can send
the first one again, since it is not kept). A link lasts `INVITATION_DAYS`.

Every step locks the event's row, then the invitation's (one order, no deadlock between
an admin cancelling and the invited person accepting). Accepting happens in one
transaction, so a link clicked twice at once makes one member: the second finds it
accepted. A person without
an account sets a password there (Django's password validators); a person whose
address has an account signs in first, and only that account may accept. Admin and
accreditation roles need a second factor: the page sends the new member to pair an
app (events.two_factor), and the session middleware keeps them from every organizer
page until they have.

The email goes through the outbox in the inviting admin's language when the event
offers it, else in the event's main language.
"""

import hashlib
import secrets
from datetime import timedelta

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events.absolute_urls import absolute_url
from events.audit.services import Actor, audit_record
from events.errors import ConflictError, DomainError, ForbiddenError, NotFoundError
from events.summit.models import Event
from events.summit.selectors import event_message_scope
from events.teams.models import InvitationStatus, Role, TeamInvitation, TeamMembership
from events.teams.services import member_name, team_member_add
from notifications.models import Message
from notifications.services import message_enqueue_from_templates, messages_cancel

INVITATION_DAYS = 7
SECOND_FACTOR_ROLES = (Role.ADMIN, Role.ACCREDITATION)


def invitation_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def invitation_language(*, event: Event, language: str) -> str:
    """The admin's language when the event offers it, else the event's main language."""
    return language if language in (event.languages or []) else event.main_language


def invitation_needs_two_factor(invitation: TeamInvitation) -> bool:
    return invitation.role in SECOND_FACTOR_ROLES


def _lock_event(event_id: int) -> Event:
    return Event.objects.select_for_update().get(pk=event_id)


def _user_with_email(email: str):
    return get_user_model().objects.filter(email__iexact=email).order_by("pk").first()


def _new_secret(invitation: TeamInvitation) -> str:
    raw = secrets.token_urlsafe(32)
    invitation.digest = invitation_digest(raw)
    invitation.expires_at = timezone.now() + timedelta(days=INVITATION_DAYS)
    return raw


def _send(invitation: TeamInvitation, raw: str) -> Message:
    event = invitation.event
    return message_enqueue_from_templates(
        # One message per link sent: a resend is a new link, so a new message.
        dedupe_key=f"team-invitation:{invitation.pk}:{invitation.sent_count}",
        template_prefix="events/email/team_invitation",
        context={
            "event": event,
            # Lazy: the label is read in the email's language, not the admin's.
            "role_label": Role(invitation.role).label,
            "inviter": invitation.invited_by_label,
            "accept_url": absolute_url(reverse("manage:team-invitation", args=[raw])),
            "expires_at": invitation.expires_at,
            "needs_two_factor": invitation_needs_two_factor(invitation),
        },
        language=invitation.language,
        recipient=invitation.email,
        kind="team.invitation",
        scope=event_message_scope(event),
    )


def _inviter_label(actor: Actor) -> str:
    return member_name(actor.user) if actor.user is not None else actor.label


def team_invitation_create(
    *, event: Event, email: str, role: str, actor: Actor, language: str
) -> TeamInvitation:
    """Invite `email` to the team with `role`, and send the link."""
    email = (email or "").strip()
    try:
        validate_email(email)
    except ValidationError as error:
        raise DomainError(_("Enter a valid email address."), field="email") from error
    if role not in Role.values:
        raise DomainError(_("Choose one of the roles."), field="role", code="invalid_choice")
    with transaction.atomic():
        event = _lock_event(event.pk)
        user = _user_with_email(email)
        if (
            user is not None
            and TeamMembership.objects.filter(event=event, user=user, role=role).exists()
        ):
            raise DomainError(
                _("%(email)s already holds this role on the team.") % {"email": email},
                field="email",
                code="already_member",
            )
        pending = TeamInvitation.objects.filter(
            event=event,
            email__iexact=email,
            role=role,
            accepted_at=None,
            revoked_at=None,
            expires_at__gt=timezone.now(),
        )
        if pending.exists():
            raise DomainError(
                _(
                    "%(email)s is already invited with this role. Send the invitation "
                    "again from the list of pending invitations."
                )
                % {"email": email},
                field="email",
                code="already_invited",
            )
        invitation = TeamInvitation(
            event=event,
            email=email,
            role=role,
            language=invitation_language(event=event, language=language),
            invited_by=actor.user,
            invited_by_label=_inviter_label(actor)[:150],
        )
        raw = _new_secret(invitation)
        invitation.save()
        _send(invitation, raw)
        audit_record(
            event=event,
            actor=actor,
            action="team.invitation_sent",
            obj=invitation,
            data={"email": email, "role": role},
        )
    return invitation


def _invitation_of_event(event: Event, invitation_id: int) -> TeamInvitation:
    invitation = (
        TeamInvitation.objects.select_for_update().filter(pk=invitation_id, event=event).first()
    )
    if invitation is None:
        raise NotFoundError(_("There is no such invitation."))
    return invitation


def team_invitation_resend(*, event: Event, invitation_id: int, actor: Actor) -> TeamInvitation:
    """A new link (the old one stops working), valid for another `INVITATION_DAYS`."""
    with transaction.atomic():
        event = _lock_event(event.pk)
        invitation = _invitation_of_event(event, invitation_id)
        if invitation.accepted_at is not None or invitation.revoked_at is not None:
            raise ConflictError(
                _("This invitation was accepted or cancelled: it cannot be sent again."),
                code="invitation_closed",
            )
        raw = _new_secret(invitation)
        invitation.sent_count += 1
        invitation.save(update_fields=["digest", "expires_at", "sent_count", "updated_at"])
        _send(invitation, raw)
        audit_record(
            event=event,
            actor=actor,
            action="team.invitation_resent",
            obj=invitation,
            data={"email": invitation.email, "role": invitation.role},
        )
    return invitation


def team_invitation_revoke(*, event: Event, invitation_id: int, actor: Actor) -> TeamInvitation:
    """Cancel an invitation not yet accepted: its link stops working, unsent mail is dropped."""
    with transaction.atomic():
        event = _lock_event(event.pk)
        invitation = _invitation_of_event(event, invitation_id)
        if invitation.accepted_at is not None:
            raise ConflictError(
                _("This invitation was already accepted: remove the member instead."),
                code="invitation_accepted",
            )
        if invitation.revoked_at is not None:
            return invitation
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at", "updated_at"])
        messages_cancel(key_prefix=f"team-invitation:{invitation.pk}:")
        audit_record(
            event=event,
            actor=actor,
            action="team.invitation_cancelled",
            obj=invitation,
            data={"email": invitation.email, "role": invitation.role},
        )
    return invitation


def team_invitation_find(*, raw: str) -> TeamInvitation | None:
    """The invitation this link's secret opens, in any state; None when unknown."""
    if not raw or len(raw) > 100:
        return None
    return (
        TeamInvitation.objects.select_related("event").filter(digest=invitation_digest(raw)).first()
    )


def team_invitation_account(invitation: TeamInvitation):
    """The account the invited address already has, or None (a password is then set)."""
    return _user_with_email(invitation.email)


GONE_MESSAGES = {
    InvitationStatus.ACCEPTED: gettext_lazy("This invitation was already accepted."),
    InvitationStatus.REVOKED: gettext_lazy(
        "This invitation was cancelled by the summit's administrators."
    ),
    InvitationStatus.EXPIRED: gettext_lazy(
        "This invitation has expired. Ask the summit's administrators to send it again."
    ),
}


class InvitationGone(ConflictError):
    """The link was used, cancelled or is too old; `status` says which."""

    def __init__(self, status: str) -> None:
        super().__init__(GONE_MESSAGES[status], code=f"invitation_{status}")
        self.invitation_status = status


def team_invitation_accept(
    *,
    invitation_id: int,
    actor: Actor,
    user=None,
    password: str = "",
    first_name: str = "",
    last_name: str = "",
) -> TeamMembership:
    """Make the invited person a member with the invitation's role.

    `user` is the signed-in account of the invited address; without one, an account is
    made with `password` (and the names). Refused when the link is no longer open, when
    `user` has another address, or when the address has an account nobody signed in to.
    """
    event_id = TeamInvitation.objects.values_list("event_id", flat=True).get(pk=invitation_id)
    with transaction.atomic():
        # Lock order as in every team step: the event, then the invitation.
        event = _lock_event(event_id)
        invitation = TeamInvitation.objects.select_for_update().get(pk=invitation_id)
        status = invitation.status
        if status != InvitationStatus.PENDING:
            raise InvitationGone(status)
        existing = _user_with_email(invitation.email)
        if user is not None:
            if (user.email or "").casefold() != invitation.email.casefold():
                raise ForbiddenError(
                    _(
                        "This invitation is for %(email)s. Sign out, then sign in with that "
                        "address's account."
                    )
                    % {"email": invitation.email},
                    code="other_account",
                )
        elif existing is not None:
            raise ConflictError(
                _("An account with this address exists: sign in to accept the invitation."),
                code="account_exists",
            )
        else:
            user = _account_create(invitation, password, first_name, last_name)
        membership = team_member_add(event=event, user=user, role=invitation.role)
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by", "updated_at"])
        audit_record(
            event=event,
            actor=Actor(label=user.get_username(), user=user, client_ip=actor.client_ip),
            action="team.invitation_accepted",
            obj=invitation,
            data={"email": invitation.email, "role": invitation.role},
        )
    return membership


def _account_create(invitation: TeamInvitation, password: str, first_name: str, last_name: str):
    User = get_user_model()
    username = invitation.email.casefold()[:150]
    if User.objects.filter(username=username).exists():
        raise ConflictError(
            _("An account with this address exists: sign in to accept the invitation."),
            code="account_exists",
        )
    user = User(
        username=username,
        email=invitation.email,
        first_name=first_name.strip()[:150],
        last_name=last_name.strip()[:150],
    )
    try:
        password_validation.validate_password(password, user=user)
    except ValidationError as error:
        raise DomainError(" ".join(error.messages), field="password1") from error
    user.set_password(password)
    user.save()
    return user
