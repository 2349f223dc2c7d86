"""API tokens as an event's admins manage them: the tokens page and the tokens API.

Each step locks the event's row, refuses bad input naming the field and writes the
audit log; the bare `api_token_issue`/`api_token_revoke` (events.tokens.services) serve
the command line and the Django admin. Apart from those services because the audit log
knows tokens (an actor may be one): importing it there would make a circle.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from events.audit.services import Actor, audit_record
from events.errors import DomainError, NotFoundError
from events.summit.models import Event
from events.teams.models import Role
from events.tokens.models import ApiToken
from events.tokens.services import api_token_issue, api_token_revoke


def _lock_event(event_id: int) -> Event:
    return Event.objects.select_for_update().get(pk=event_id)


def _token_of_event(event: Event, token_id: int) -> ApiToken:
    token = ApiToken.objects.select_for_update().filter(pk=token_id, event=event).first()
    if token is None:
        raise NotFoundError(_("There is no such API token."))
    return token


def api_token_create(
    *, event: Event, actor: Actor, role: str, label: str, offline: bool = False
) -> tuple[ApiToken, str]:
    """Issue a named token for `event`; the raw key is returned once, here, and never stored."""
    label = (label or "").strip()
    if not label:
        raise DomainError(_("Name the token: who or which device uses it."), field="label")
    if role not in Role.values:
        raise DomainError(_("Choose one of the roles."), field="role", code="invalid_choice")
    if offline and role != Role.CHECKIN:
        raise DomainError(
            _("Only check-in tokens can be offline devices."), field="offline", code="offline"
        )
    with transaction.atomic():
        event = _lock_event(event.pk)
        token, raw = api_token_issue(
            event=event, role=role, label=label, created_by=actor.user, offline=offline
        )
        audit_record(
            event=event,
            actor=actor,
            action="token.issued",
            obj=token,
            data={"prefix": token.prefix, "role": role, "label": label, "offline": offline},
        )
    return token, raw


def api_token_relabel(*, event: Event, token_id: int, actor: Actor, label: str) -> ApiToken:
    label = (label or "").strip()
    if not label:
        raise DomainError(_("Name the token: who or which device uses it."), field="label")
    with transaction.atomic():
        event = _lock_event(event.pk)
        token = _token_of_event(event, token_id)
        if token.label != label:
            before = token.label
            token.label = label
            token.save(update_fields=["label", "updated_at"])
            audit_record(
                event=event,
                actor=actor,
                action="token.renamed",
                obj=token,
                data={"prefix": token.prefix, "from": before, "to": label},
            )
    return token


def api_token_withdraw(*, event: Event, token_id: int, actor: Actor) -> ApiToken:
    """Revoke one of the event's tokens: it stops authenticating at once; the row stays."""
    with transaction.atomic():
        event = _lock_event(event.pk)
        token = _token_of_event(event, token_id)
        if token.revoked_at is None:
            api_token_revoke(token=token)
            audit_record(
                event=event,
                actor=actor,
                action="token.revoked",
                obj=token,
                data={"prefix": token.prefix, "role": token.role, "label": token.label},
            )
    return token
