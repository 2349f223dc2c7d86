"""Writes and workflow steps of the events app."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from events.client_address import client_ip
from events.models import ApiToken, AuditEntry, Event, Role, TeamMembership

TOKEN_PREFIX = "smt_"  # noqa: S105 - a marker, not a secret


def api_token_digest(raw: str) -> str:
    # The token carries 256 random bits, so a fast hash is as safe as a slow one
    # and keeps authentication to a single indexed lookup.
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def api_token_issue(
    *, event: Event, role: str, label: str = "", created_by=None, offline: bool = False
) -> tuple[ApiToken, str]:
    """Create a token for one event and one role; the raw key is returned only here.

    `offline` makes it an offline check-in device, the only kind of token that may
    download the offline package (every accredited name): check-in tokens only.
    """
    if role not in Role.values:
        raise ValueError(f"Unknown role {role!r}; choose one of {', '.join(Role.values)}.")
    if offline and role != Role.CHECKIN:
        raise ValueError("Only check-in tokens can be offline devices.")
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        event=event,
        role=role,
        label=label,
        prefix=raw[len(TOKEN_PREFIX) : len(TOKEN_PREFIX) + 8],
        digest=api_token_digest(raw),
        created_by=created_by,
        offline=offline,
    )
    return token, raw


def api_token_revoke(*, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at", "updated_at"])
    return token


def api_token_mark_used(*, token_id: int, used_at: datetime) -> None:
    """Record the latest use; never moves the time backwards."""
    ApiToken.objects.filter(pk=token_id).exclude(last_used_at__gte=used_at).update(
        last_used_at=used_at
    )


def team_member_add(*, event: Event, user, role: str) -> TeamMembership:
    membership, _created = TeamMembership.objects.get_or_create(event=event, user=user, role=role)
    return membership


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
        from events.authentication import TokenPrincipal

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
