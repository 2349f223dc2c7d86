"""Reads of delegations."""

from registrations.delegations.models import Delegation


def delegation_by_token(*, token: str) -> Delegation | None:
    """The delegation whose secret page this is; None for anything else (as for registrants)."""
    if len(token) < 40:
        return None
    return Delegation.objects.select_related("event", "head").filter(secret_token=token).first()
