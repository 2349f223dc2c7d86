"""Two-factor sign-in for organizers: TOTP apps, with single-use recovery codes.

Required for holders of the `admin` and `accreditation` roles (and superusers):
they see the whole registrant list of a heads-of-state summit.
"""

import base64
import io
import secrets

import qrcode
import qrcode.image.svg
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from events.models import Role, TeamMembership

SENSITIVE_ROLES = (Role.ADMIN, Role.ACCREDITATION)
RECOVERY_CODES = 10


def user_needs_two_factor(*, user) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return TeamMembership.objects.filter(user=user, role__in=SENSITIVE_ROLES).exists()


def user_has_confirmed_device(*, user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


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


@transaction.atomic
def totp_device_confirm(*, user, code: str) -> list[str] | None:
    """Confirm the pending device with a code from the app; returns new recovery codes.

    None when the code is wrong. Replaces any earlier device and recovery codes.
    """
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
    if device is None or not device.verify_token(code.strip().replace(" ", "")):
        return None
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return recovery_codes_regenerate(user=user)


@transaction.atomic
def recovery_codes_regenerate(*, user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    codes = [f"{secrets.token_hex(3)}-{secrets.token_hex(3)}" for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def two_factor_verify(*, user, code: str):
    """The device that accepts this code (TOTP or an unused recovery code), or None."""
    code = code.strip().replace(" ", "").lower()
    for device in TOTPDevice.objects.filter(user=user, confirmed=True):
        if device.verify_token(code):
            return device
    for device in StaticDevice.objects.filter(user=user, confirmed=True):
        # A recovery code is consumed by verify_token.
        if device.verify_token(code):
            return device
    return None
