"""Shared steps of the two-factor tests: signing in with the password, reading an app's code."""

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from events.teams.models import Role
from events.teams.services import team_member_add
from events.two_factor.services import recovery_codes_regenerate
from tests.factories import PASSWORD, EventFactory, UserFactory


def sign_in(client, username: str, password: str = PASSWORD, ip: str = "10.0.0.1"):
    return client.post(
        "/manage/login/", {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def current_code(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """The code the app shows now (or `steps_ahead` periods later, for a second code)."""
    return f"{totp(device.bin_key, step=device.step, digits=device.digits, drift=steps_ahead):06d}"


def enrolled_officer(*, role: str = Role.ACCREDITATION, username: str = "officer", event=None):
    """An organizer with a confirmed authenticator app and ten recovery codes."""
    event = event or EventFactory()
    officer = UserFactory(username=username)
    team_member_add(event=event, user=officer, role=role)
    device = TOTPDevice.objects.create(user=officer, name="Owner's phone", confirmed=True)
    codes = recovery_codes_regenerate(user=officer)
    return event, officer, device, codes
