"""Organizer teams: adding a member with a role, changing it, removing it.

Each change locks the event's row first, so two admins acting at once cannot both
remove the last two administrators (each would see the other still there). An event
always keeps one administrator: the last one can be neither removed nor given another
role (409, `last_admin`). Every change is in the audit log.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from events.audit.services import Actor, audit_record
from events.errors import ConflictError, DomainError, NotFoundError
from events.summit.models import Event
from events.teams.models import Role, TeamMembership


def team_member_add(*, event: Event, user, role: str) -> TeamMembership:
    membership, _created = TeamMembership.objects.get_or_create(event=event, user=user, role=role)
    return membership


def member_name(user) -> str:
    return user.get_full_name() or user.email or user.get_username()


def _lock_event(event_id: int) -> Event:
    return Event.objects.select_for_update().get(pk=event_id)


def _membership(event: Event, membership_id: int) -> TeamMembership:
    membership = (
        TeamMembership.objects.select_related("user").filter(pk=membership_id, event=event).first()
    )
    if membership is None:
        raise NotFoundError(_("This person is not on the summit's team."))
    return membership


def _keep_an_admin(membership: TeamMembership) -> None:
    """Refuse to take away the event's last administrator."""
    if membership.role != Role.ADMIN:
        return
    others = TeamMembership.objects.filter(event_id=membership.event_id, role=Role.ADMIN).exclude(
        pk=membership.pk
    )
    if not others.exists():
        raise ConflictError(
            _(
                "%(name)s is the summit's last administrator. Make someone else an "
                "administrator first."
            )
            % {"name": member_name(membership.user)},
            code="last_admin",
        )


def team_member_role_change(
    *, event: Event, membership_id: int, role: str, actor: Actor
) -> TeamMembership:
    """Give a member another role in place of this one."""
    if role not in Role.values:
        raise DomainError(_("Choose one of the roles."), field="role", code="invalid_choice")
    with transaction.atomic():
        event = _lock_event(event.pk)
        membership = _membership(event, membership_id)
        if membership.role == role:
            return membership
        if TeamMembership.objects.filter(event=event, user=membership.user, role=role).exists():
            raise DomainError(
                _("%(name)s already holds this role.") % {"name": member_name(membership.user)},
                field="role",
                code="role_held",
            )
        _keep_an_admin(membership)
        before = membership.role
        membership.role = role
        membership.save(update_fields=["role", "updated_at"])
        audit_record(
            event=event,
            actor=actor,
            action="team.role_changed",
            obj=membership,
            data={"user": membership.user.get_username(), "from": before, "to": role},
        )
    return membership


def team_member_remove(*, event: Event, membership_id: int, actor: Actor) -> TeamMembership:
    """Take one role away from a member (their other roles stay)."""
    with transaction.atomic():
        event = _lock_event(event.pk)
        membership = _membership(event, membership_id)
        _keep_an_admin(membership)
        audit_record(
            event=event,
            actor=actor,
            action="team.member_removed",
            obj=membership,
            data={"user": membership.user.get_username(), "role": membership.role},
        )
        membership.delete()
    return membership
