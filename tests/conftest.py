import os

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from config.celery import app as celery_app

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"


def _missing_service(item) -> str | None:
    if item.get_closest_marker("postgres") and connection.vendor != "postgresql":
        return "needs PostgreSQL: set DATABASE_URL=postgres://…"
    if item.get_closest_marker("redis") and not settings.REDIS_URL:
        return "needs Redis: set REDIS_URL=redis://…"
    if item.get_closest_marker("e2e"):
        from tests.e2e.conftest import missing_browser

        return missing_browser()
    return None


def pytest_runtest_setup(item):
    reason = _missing_service(item)
    if reason is None:
        return
    if REQUIRE_SERVICES:
        pytest.fail(f"REQUIRE_SERVICES=1 but this test {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(autouse=True, scope="session")
def _celery_eager():
    """Tasks run in-process unless a test starts a real worker (see `real_worker`)."""
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = False


@pytest.fixture(autouse=True)
def _english_by_default():
    """A test request in Arabic must not leave Arabic active for the next test."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _isolated_state(settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # A slow password hash protects real accounts; in tests it only costs time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.VAR_DIR = tmp_path / "var"
    from django.core.cache import cache

    from registrations.badges.keys import badge_key_ring_forget

    cache.clear()
    # Key rings are cached in the process; a rolled-back test's rows must not outlive it
    # (SQLite gives a new event the id of a rolled-back one).
    badge_key_ring_forget()


class OrganizerClient(Client):
    """A test client whose force_login also passes two-factor verification, just now.

    Organizer pages demand a second factor from admins and accreditation
    officers; tests of those pages sign in as a verified organizer. Tests of the
    two-factor flow itself use django.test.Client.
    """

    def force_login(self, user, backend=None):
        import time

        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from events.two_factor.services import SESSION_VERIFIED_AT

        super().force_login(user, backend)
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
        session = self.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        # Just verified: downloads of personal data ask again only after a while.
        session[SESSION_VERIFIED_AT] = int(time.time())
        session.save()


@pytest.fixture
def client():
    return OrganizerClient()


@pytest.fixture
def api_client():
    from rest_framework.test import APIClient

    return APIClient()
