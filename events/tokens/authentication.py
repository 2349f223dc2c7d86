"""`Authorization: Bearer <token>` for organizer API calls, and role checks."""

from datetime import datetime, timedelta

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from events.tokens.models import ApiToken
from events.tokens.selectors import api_token_find
from events.tokens.tasks import mark_token_used

# How stale `last_used_at` may get before a use is recorded again: one write a
# minute per token at most, and none on the request path itself.
LAST_USED_RESOLUTION = timedelta(minutes=1)
# Token digest -> when this process last asked for a stamp (one entry per token used).
_noted_in_this_process: dict[str, datetime] = {}


class TokenPrincipal:
    """Stands in for `request.user` when a request authenticates with an API token."""

    is_authenticated = True
    is_anonymous = False
    is_active = True
    is_staff = False
    is_superuser = False

    def __init__(self, token: ApiToken) -> None:
        self.token = token
        self.pk = f"token:{token.pk}"

    def __str__(self) -> str:
        return f"API token {self.token.prefix}…"


class BearerTokenAuthentication(BaseAuthentication):
    keyword = b"bearer"

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(
                _("Malformed Authorization header: expected “Bearer <token>”.")
            )
        try:
            raw = parts[1].decode("ascii")
        except UnicodeDecodeError as error:
            raise exceptions.AuthenticationFailed(_("The token has invalid characters.")) from error
        token = api_token_find(raw=raw)
        if token is None:
            raise exceptions.AuthenticationFailed(_("Unknown API token."))
        if not token.is_active:
            raise exceptions.AuthenticationFailed(_("This API token has been revoked."))
        self._note_use(token)
        return TokenPrincipal(token), token

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="api"'

    @staticmethod
    def _note_use(token: ApiToken) -> None:
        now = timezone.now()
        if token.last_used_at and now - token.last_used_at < LAST_USED_RESOLUTION:
            return
        # The token may come from the cache with an old stamp: this process asks the
        # shared cache at most once a minute per token, not on every scan.
        noted = _noted_in_this_process.get(token.digest)
        if noted and now - noted < LAST_USED_RESOLUTION:
            return
        _noted_in_this_process[token.digest] = now
        # One stamp a minute per token, even while a queued stamp waits for a worker.
        if not cache.add(f"api-token-used:{token.pk}", 1, LAST_USED_RESOLUTION.total_seconds()):
            return
        # With the broker down the stamp is dropped and logged (config.celery.SummitTask):
        # the next use a minute later stamps again.
        mark_token_used.delay_on_commit(token.pk, now.isoformat())
