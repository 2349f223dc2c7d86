"""The sign-in lockout: django-axes' database handler plus an account-wide limit.

Axes counts failures per account and client address together
(AXES_LOCKOUT_PARAMETERS, the address from events.client_address), so guesses
from one place lock that place out of that account and never the owner signing
in elsewhere. A guesser spread over many addresses is caught by a second, slower
count over the same records: the failures of one account from every address
within the cool-off window (an hour). At LOGIN_ACCOUNT_FAILURE_LIMIT the account
is locked everywhere until the window has passed, and the lockout page says so.
"""

from datetime import datetime

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.db.models import Sum


def account_failures(*, username: str, since: datetime) -> int:
    """Failed sign-ins of this account from any address since `since`."""
    total = AccessAttempt.objects.filter(username=username, attempt_time__gte=since).aggregate(
        failures=Sum("failures_since_start")
    )["failures"]
    return total or 0


class LoginLockoutHandler(AxesDatabaseHandler):
    def is_locked(self, request, credentials: dict | None = None) -> bool:
        return super().is_locked(request, credentials) or self.locked_everywhere(
            request, credentials
        )

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        """Record the failure (axes); the one that reaches the account's limit locks too."""
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is None or request.axes_locked_out:
            return
        if self.locked_everywhere(request, credentials):
            request.axes_locked_out = True
            request.axes_credentials = credentials
            user_locked_out.send(
                "axes",
                request=request,
                username=get_client_username(request, credentials),
                ip_address=request.axes_ip_address,
            )

    @staticmethod
    def locked_everywhere(request, credentials: dict | None) -> bool:
        username = get_client_username(request, credentials)
        if not username:
            return False
        failures = account_failures(username=username, since=get_cool_off_threshold(request))
        if failures < settings.LOGIN_ACCOUNT_FAILURE_LIMIT:
            return False
        # Read by the lockout page (templates/manage/locked_out.html).
        request.login_locked_everywhere = True
        return True
