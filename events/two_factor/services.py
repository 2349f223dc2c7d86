"""Two-factor sign-in for organizers: TOTP apps, with single-use recovery codes.

Required for holders of the `admin` and `accreditation` roles (and superusers):
they see the whole registrant list of a heads-of-state summit. Whether a user
needs it is read from their roles on every request, so a role granted or taken
away mid-session counts at once.

Who may change the second factor:
- the first app is paired with the password alone (there is nothing else yet
  to prove who one is);
- once an app is paired, pairing another one, removing it or making new
  recovery codes needs a verified session *and* a current code from the app or
  a recovery code. A password, or a session left open, is then not enough to
  take the account's second factor over. Each change is written to the audit
  log of every event the user works on and emailed to the owner, in the same
  transaction as the change.

Downloads of personal data ask for a *recent* verification as well
(`TWO_FACTOR_RECENT_SECONDS`): the session records when its user last entered
a code. `recent_two_factor_required` (Django views) and `HasRecentTwoFactor`
(API views) are the one check; bearer tokens are not sessions and pass.
"""

import base64
import io
import secrets
import time
from dataclasses import dataclass, field
from functools import wraps

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.permissions import BasePermission

from events.absolute_urls import absolute_url
from events.audit.services import Actor, audit_record
from events.errors import DomainError
from events.teams.models import Role, TeamMembership
from events.teams.selectors import user_events
from events.tokens.authentication import TokenPrincipal
from notifications.models import is_offered_language
from notifications.services import message_enqueue_from_templates

SENSITIVE_ROLES = (Role.ADMIN, Role.ACCREDITATION)
RECOVERY_CODES = 10
SESSION_VERIFIED_AT = "summit:two_factor_verified_at"
# An app's code is accepted for the previous, the current and the next 30-second step: a
# phone's clock a little off, or a code typed as it changes, still signs in. A code used once
# is never accepted again (django-otp's `last_t`), nor any code of an earlier step.
TOTP_TOLERANCE_STEPS = 1
# Wrong app codes allowed before the guessing delay starts (1 s, 2 s, 4 s... after each further
# one): a typo followed at once by the right code must not be refused.
TOTP_FREE_FAILURES = 3


class TwoFactorError(DomainError):
    """A refused change of the second factor; `field` names the form field at fault."""


WRONG_PROOF = _("This is not a current code from your app or an unused recovery code.")
REMOVAL_REFUSED = _(
    "Your role needs two-factor sign-in: you can pair a new app, but not remove it."
)


# --- Who needs it ------------------------------------------------------------------------------


def user_needs_two_factor(*, user) -> bool:
    """One query (none for a superuser): the middleware asks on every request."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return TeamMembership.objects.filter(user=user, role__in=SENSITIVE_ROLES).exists()


def user_has_confirmed_device(*, user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


# --- Pairing an app ------------------------------------------------------------------------------


def totp_device_pending(*, user) -> TOTPDevice:
    """The unconfirmed device a user is setting up (one at a time; created on first visit)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    return device


def totp_secret_base32(device: TOTPDevice) -> str:
    return base64.b32encode(device.bin_key).decode().rstrip("=")


def totp_qr_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// URL as an inline SVG QR code (no external request, CSP-safe)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


@dataclass(frozen=True)
class TwoFactorChange:
    """What a change leaves: the device the session is now verified with, and new codes."""

    device: Device | None
    recovery_codes: list[str] = field(default_factory=list)


def totp_device_pair(
    *, user, code: str, proof: str = "", actor: Actor, language: str
) -> TwoFactorChange:
    """Confirm the pending device with a code from the new app; it replaces any earlier one.

    Replacing an app (one is already confirmed) also needs `proof`: a current code
    from that app or a recovery code. New recovery codes come with the new app.
    """
    return _with_proof(
        user=user,
        proof=proof,
        step=lambda: _pair(user=user, code=code, actor=actor, language=language),
    )


def totp_device_remove(*, user, proof: str, actor: Actor, language: str) -> TwoFactorChange:
    """Turn two-factor sign-in off; only for users whose roles do not need it."""
    return _with_proof(
        user=user, proof=proof, step=lambda: _remove(user=user, actor=actor, language=language)
    )


def recovery_codes_replace(*, user, proof: str, actor: Actor, language: str) -> TwoFactorChange:
    """New recovery codes; the old ones stop working."""
    return _with_proof(
        user=user,
        proof=proof,
        step=lambda: _replace_codes(user=user, actor=actor, language=language),
    )


def _with_proof(*, user, proof: str, step) -> TwoFactorChange:
    """Run `step` in one transaction, once `proof` is checked if the user has an app paired.

    A wrong proof is refused only after its transaction commits: django-otp counts
    failures on the device to slow guessing down, and a rollback would forget them.
    A refused `step` rolls everything back, so a recovery code given as proof is
    not used up by a change that did not happen.
    """
    with transaction.atomic():
        # Lock order: the user row, then their devices. Two changes of one account
        # take turns, so none can pass as a first pairing once another has paired.
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        if not user_has_confirmed_device(user=user):
            return step()
        if two_factor_verify(user=user, code=proof) is not None:
            return step()
    raise TwoFactorError(WRONG_PROOF, field="proof")


def _pair(*, user, code: str, actor: Actor, language: str) -> TwoFactorChange:
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
    if device is None or not totp_device_accepts(device, _normalized(code)):
        raise TwoFactorError(
            _("This code is not right. Enter the newest code shown in your app."), field="code"
        )
    replaced = TOTPDevice.objects.filter(user=user, confirmed=True)
    action = "two_factor.replaced" if replaced.exists() else "two_factor.paired"
    replaced.delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = recovery_codes_regenerate(user=user)
    _record(user=user, action=action, device=device, actor=actor, language=language)
    return TwoFactorChange(device=device, recovery_codes=codes)


def _remove(*, user, actor: Actor, language: str) -> TwoFactorChange:
    if user_needs_two_factor(user=user):
        raise TwoFactorError(REMOVAL_REFUSED)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        raise TwoFactorError(_("Two-factor sign-in is not on for your account."))
    _record(user=user, action="two_factor.removed", device=device, actor=actor, language=language)
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    return TwoFactorChange(device=None)


def _replace_codes(*, user, actor: Actor, language: str) -> TwoFactorChange:
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        raise TwoFactorError(_("Pair an authenticator app first."))
    codes = recovery_codes_regenerate(user=user)
    _record(
        user=user,
        action="two_factor.recovery_codes_replaced",
        device=StaticDevice.objects.get(user=user),
        actor=actor,
        language=language,
    )
    return TwoFactorChange(device=device, recovery_codes=codes)


@transaction.atomic
def recovery_codes_regenerate(*, user) -> list[str]:
    """Replace the user's recovery codes (no audit: callers that act for a user do that)."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    codes = [f"{secrets.token_hex(3)}-{secrets.token_hex(3)}" for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def _record(*, user, action: str, device: Device, actor: Actor, language: str) -> None:
    """Audit the change on every event the user works on, and tell the owner by email."""
    for event in user_events(user=user):
        audit_record(
            event=event, actor=actor, action=action, obj=user, data={"device": device.name}
        )
    if not user.email:
        return
    message_enqueue_from_templates(
        # The device is new (paired, new codes) or goes away (removed): its id names the change.
        dedupe_key=f"account:{user.pk}:{action}:{device.pk}",
        template_prefix="events/email/two_factor_changed",
        context={
            "name": user.get_full_name() or user.get_username(),
            "action": action,
            "when": timezone.now(),
            "client_ip": actor.client_ip or "",
            "site_url": absolute_url(reverse("public:home")),
        },
        language=language if is_offered_language(language) else "en",
        recipient=user.email,
        recipient_name=user.get_full_name(),
        kind=action,
    )


# --- Verifying -----------------------------------------------------------------------------------


def _normalized(code: str) -> str:
    return code.strip().replace(" ", "").lower()


def _totp_guessing_delay_over(device: TOTPDevice) -> bool:
    """False while the device waits out its delay after more than TOTP_FREE_FAILURES wrong codes."""
    extra = device.throttling_failure_count - TOTP_FREE_FAILURES
    factor = getattr(settings, "OTP_TOTP_THROTTLE_FACTOR", 1)
    if extra <= 0 or factor <= 0 or device.throttling_failure_timestamp is None:
        return True
    waited = (timezone.now() - device.throttling_failure_timestamp).total_seconds()
    return waited >= factor * 2 ** (extra - 1)


def totp_device_accepts(device: TOTPDevice, code: str) -> bool:
    """Whether the app's code is right now (the device row locked by the caller).

    The window is always the clock's step ±TOTP_TOLERANCE_STEPS: no drift is learnt, so a
    code of the next step does not move the window for the codes after it. django-otp
    keeps replays out (a step once used, or an earlier one, is refused) and counts the
    failures; its own delay (from the first failure) is replaced by ours.
    """
    if not _totp_guessing_delay_over(device):
        return False
    device.tolerance = TOTP_TOLERANCE_STEPS
    device.drift = 0
    device.throttling_enabled = False  # our delay above; django-otp's cached_property, per instance
    return device.verify_token(code)  # OTP_TOTP_SYNC is off in the settings: no drift learnt


def two_factor_verify(*, user, code: str) -> Device | None:
    """The device that accepts this code (TOTP or an unused recovery code), or None.

    Digits go to the app, anything else to the recovery codes: a recovery code
    must not count as a failed app code (and slow the next app code down).
    """
    code = _normalized(code)
    if not code:
        return None
    model = TOTPDevice if code.isdigit() else StaticDevice
    with transaction.atomic():
        # Locked, as django-otp asks, so one code cannot be used twice at once.
        for device in model.objects.select_for_update().filter(user=user, confirmed=True):
            # A recovery code is consumed by verify_token.
            accepted = (
                totp_device_accepts(device, code)
                if isinstance(device, TOTPDevice)
                else device.verify_token(code)
            )
            if accepted:
                return device
    return None


def session_mark_verified(request, device: Device) -> None:
    """The session is now verified with `device`, as of now (for the recent-verification check)."""
    request.session.cycle_key()  # a new session key for new privileges
    otp_login(request, device)
    request.session[SESSION_VERIFIED_AT] = int(time.time())


def session_forget_verification(request) -> None:
    request.session.pop(DEVICE_ID_SESSION_KEY, None)
    request.session.pop(SESSION_VERIFIED_AT, None)


def session_verified_recently(request) -> bool:
    if not request.user.is_verified():
        return False
    verified_at = request.session.get(SESSION_VERIFIED_AT)
    if verified_at is None:
        return False
    return time.time() - verified_at <= settings.TWO_FACTOR_RECENT_SECONDS


def two_factor_page_url(request) -> str:
    """Where to enter a code (or pair the first app), coming back to this page afterwards."""
    step = (
        "manage:two-factor-verify"
        if user_has_confirmed_device(user=request.user)
        else "manage:two-factor-setup"
    )
    return f"{reverse(step)}?{urlencode({'next': request.get_full_path()})}"


# --- Downloads of personal data: a recent second factor -----------------------------------------


def recent_two_factor_required(view):
    """A signed-in user whose last code is older than TWO_FACTOR_RECENT_SECONDS enters one again.

    Put it under the role check (`event_role_required`), so users without the role
    get their 403 rather than a code prompt.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.is_authenticated and not session_verified_recently(request):
            return redirect(two_factor_page_url(request))
        return view(request, *args, **kwargs)

    return wrapper


class HasRecentTwoFactor(BasePermission):
    """The API side of `recent_two_factor_required`, for session callers (tokens pass).

    List it after the role check, which answers anonymous callers with 401.
    """

    message = _(
        "Downloading personal data needs a recent two-factor verification. "
        "Enter a code at /manage/two-factor/ and try again."
    )

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not user or not user.is_authenticated or isinstance(user, TokenPrincipal):
            return True
        return session_verified_recently(request)
