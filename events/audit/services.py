"""The audit log: who acts (Actor) and the entry each workflow step appends."""

from dataclasses import dataclass

from events.audit.models import AuditEntry
from events.client_address import client_ip
from events.summit.models import Event
from events.tokens.authentication import TokenPrincipal
from events.tokens.models import ApiToken


@dataclass(frozen=True)
class Actor:
    """Who performs a workflow step: an organizer, an API token, the registrant or the system."""

    label: str
    user: object | None = None
    token: ApiToken | None = None
    client_ip: str | None = None

    @classmethod
    def system(cls) -> "Actor":
        return cls(label="system")

    @classmethod
    def from_request(cls, request) -> "Actor":
        ip = client_ip(request)
        user = getattr(request, "user", None)
        if isinstance(user, TokenPrincipal):
            return cls(label=str(user), token=user.token, client_ip=ip)
        if user is not None and user.is_authenticated:
            return cls(label=user.get_username(), user=user, client_ip=ip)
        return cls(label="anonymous", client_ip=ip)


def audit_record(
    *,
    event: Event,
    actor: Actor,
    action: str,
    obj,
    reason: str = "",
    data: dict | None = None,
) -> AuditEntry:
    """Append one entry to the event's audit log (call inside the step's transaction)."""
    return AuditEntry.objects.create(
        event=event,
        actor_user=actor.user,
        actor_token=actor.token,
        actor_label=actor.label[:150],
        client_ip=actor.client_ip,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(getattr(obj, "reference", None) or obj.pk),
        reason=reason,
        data=data or {},
    )
