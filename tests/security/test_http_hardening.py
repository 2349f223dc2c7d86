"""HTTP hardening in production settings (DEBUG=false), checked on real responses.

Each check runs in a fresh interpreter with production variables, since the
hardening settings are chosen when the settings module is imported.
"""

import json

import pytest

from tests.events.test_settings import run_python

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "pX7-2kq!vR9#mZ4@wL8$tN3^bH6&jC1*dF5(gK0)sQ2_yU7+eA9=",
    "BADGE_SIGNING_KEY": "b" * 64,
    "ALLOWED_HOSTS": "summit.example.org",
}

REQUEST = """
import json, os, django
django.setup()
from django.conf import settings
from django.core.management import call_command
# Production serves hashed static files from a manifest: build one for this run
# instead of depending on whatever an earlier test left in the checkout.
settings.STATIC_ROOT = os.path.join(os.environ["SUMMIT_VAR_DIR"], "staticfiles")
call_command("collectstatic", interactive=False, verbosity=0)
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
settings.ALLOWED_HOSTS = ["summit.example.org"]
client = Client(HTTP_HOST="summit.example.org")
secure = client.get("/manage/login/", secure=True)
plain = client.get("/manage/login/")
media = client.get("/media/photos/photo.jpg", secure=True)
cookie = secure.cookies.get("csrftoken")
print(json.dumps({
    "status": secure.status_code,
    "headers": dict(secure.headers),
    "plain_status": plain.status_code,
    "plain_location": plain.headers.get("Location", ""),
    "media_status": media.status_code,
    "csrf_cookie": {"secure": bool(cookie and cookie["secure"])},
    "session_cookie_secure": settings.SESSION_COOKIE_SECURE,
    "session_cookie_httponly": settings.SESSION_COOKIE_HTTPONLY,
    "media_url": settings.MEDIA_URL,
}))
"""


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    result = run_python(REQUEST, tmp_path_factory.mktemp("prod"), **PRODUCTION)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_plain_http_is_redirected_to_https(production):
    assert production["plain_status"] == 301
    assert production["plain_location"] == "https://summit.example.org/manage/login/"


def test_hsts_for_a_year_with_subdomains_and_preload(production):
    assert production["status"] == 200
    assert (
        production["headers"]["Strict-Transport-Security"]
        == "max-age=31536000; includeSubDomains; preload"
    )


def test_framing_sniffing_and_referrer_are_locked_down(production):
    headers = production["headers"]
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"


def test_csp_allows_only_our_own_scripts(production):
    policy = dict(
        directive.strip().split(" ", 1)
        for directive in production["headers"]["Content-Security-Policy"].split(";")
        if directive.strip()
    )
    assert policy["script-src"] == "'self'"
    assert policy["default-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["form-action"] == "'self'"


def test_cookies_are_secure_and_the_session_is_out_of_scripts_reach(production):
    assert production["csrf_cookie"]["secure"] is True
    assert production["session_cookie_secure"] is True
    assert production["session_cookie_httponly"] is True


def test_media_files_are_not_served_in_production(production):
    assert production["media_status"] == 404
