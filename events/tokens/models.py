"""API tokens: one event, one role; only the SHA-256 digest is stored.

The token format lives here, beside the row that stores it: issuing (services)
and the lookup (selectors) both need it.
"""

import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from events.summit.models import Event, TimeStamped
from events.teams.models import Role

TOKEN_PREFIX = "smt_"  # noqa: S105 - a marker, not a secret


def api_token_digest(raw: str) -> str:
    # The token carries 256 random bits, so a fast hash is as safe as a slow one
    # and keeps authentication to a single indexed lookup.
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(TimeStamped):
    """A bearer token for one event and one role. Only its SHA-256 digest is stored."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="api_tokens")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    label = models.CharField(
        _("label"), max_length=120, blank=True, help_text=_("Who or which device uses it.")
    )
    prefix = models.CharField(_("prefix"), max_length=12, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Check-in devices that may download the offline package (names of everyone
    # accredited): issued on purpose, one per device, never a plain scanner token.
    offline = models.BooleanField(
        _("offline device"),
        default=False,
        help_text=_("May download the offline check-in package (check-in tokens only)."),
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["event", "-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.get_role_display()}, {self.event.slug})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
