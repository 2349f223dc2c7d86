"""API tokens: issuing, revoking, and recording their use.

The event admins' own steps, audited, are in events.tokens.console.
"""

import secrets
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from events.summit.models import Event
from events.teams.models import Role
from events.tokens.models import TOKEN_PREFIX, ApiToken, api_token_digest


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
