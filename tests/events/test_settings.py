"""Settings in embedded and production modes, read in a fresh interpreter each time."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import json, django
from django.conf import settings
django.setup()
from config.celery import app
print(json.dumps({
    "engine": settings.DATABASES["default"]["ENGINE"],
    "db_name": str(settings.DATABASES["default"]["NAME"]),
    "broker": app.conf.broker_url,
    "cache": settings.CACHES["default"]["BACKEND"],
    "email": settings.EMAIL_BACKEND,
    "debug": settings.DEBUG,
    "languages": [code for code, _ in settings.LANGUAGES],
}))
"""
SERVICE_VARIABLES = (
    "DATABASE_URL",
    "REDIS_URL",
    "EMAIL_URL",
    "SECRET_KEY",
    "DEBUG",
    "ALLOWED_HOSTS",
    "BADGE_SIGNING_KEY",
    "SITE_URL",
    "HOST",
    "PORT",
    # Set by the browser tests while their live server runs; production never has it
    # (the deploy check warns about it).
    "DJANGO_ALLOW_ASYNC_UNSAFE",
)


def run_python(code: str, tmp_path, **variables) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in SERVICE_VARIABLES}
    environment.update(DJANGO_SETTINGS_MODULE="config.settings", SUMMIT_VAR_DIR=str(tmp_path))
    environment.update(variables)
    return subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def probe(tmp_path, **variables) -> dict:
    result = run_python(PROBE, tmp_path, **variables)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_bare_laptop_defaults_need_no_services(tmp_path):
    found = probe(tmp_path)

    assert found["engine"] == "django.db.backends.sqlite3"
    assert found["db_name"] == str(tmp_path / "summit.sqlite3")
    assert found["broker"] == "filesystem://"
    assert found["cache"].endswith("LocMemCache")
    assert found["email"] == "django.core.mail.backends.filebased.EmailBackend"
    assert found["debug"] is True
    assert found["languages"] == ["en", "ar", "fr", "es"]


def test_service_urls_switch_to_postgresql_redis_and_smtp(tmp_path):
    found = probe(
        tmp_path,
        DATABASE_URL="postgres://summit:secret@db.internal:5432/summit",
        REDIS_URL="redis://cache.internal:6379/0",
        EMAIL_URL="smtp+tls://mailer:pw@smtp.internal:587",
    )

    assert found["engine"] == "django.db.backends.postgresql"
    assert found["broker"] == "redis://cache.internal:6379/0"
    assert found["cache"] == "events.fail_soft_cache.FailSoftRedisCache"
    # Django's SMTP backend with SMTPUTF8 for international addresses.
    assert found["email"] == "notifications.smtp.EmailBackend"


def test_production_without_secret_key_fails_loudly(tmp_path):
    result = run_python(PROBE, tmp_path, DEBUG="false", BADGE_SIGNING_KEY="x" * 64)

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_without_badge_signing_key_fails_loudly(tmp_path):
    result = run_python(PROBE, tmp_path, DEBUG="false", SECRET_KEY="s" * 64)

    assert result.returncode != 0
    assert "BADGE_SIGNING_KEY" in result.stderr


def test_deploy_check_passes_in_production_mode(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if k not in SERVICE_VARIABLES},
            "SUMMIT_VAR_DIR": str(tmp_path),
            "DEBUG": "false",
            "SECRET_KEY": "pX7-2kq!vR9#mZ4@wL8$tN3^bH6&jC1*dF5(gK0)sQ2_yU7+eA9=",
            "BADGE_SIGNING_KEY": "b" * 64,
            "ALLOWED_HOSTS": "summit.example.org",
        },
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("flag", ["false", "0", "off"])
def test_debug_flag_spellings_turn_debug_off(tmp_path, flag):
    found = probe(tmp_path, DEBUG=flag, SECRET_KEY="s" * 64, BADGE_SIGNING_KEY="b" * 64)

    assert found["debug"] is False


def test_csrf_protection_is_installed_although_its_deploy_check_is_silenced():
    from django.conf import settings
    from django.middleware.csrf import CsrfViewMiddleware
    from django.utils.module_loading import import_string

    assert "security.W003" in settings.SILENCED_SYSTEM_CHECKS
    installed = [import_string(path) for path in settings.MIDDLEWARE]
    assert [m for m in installed if issubclass(m, CsrfViewMiddleware)], settings.MIDDLEWARE


LINK_PROBE = """
import django
django.setup()
from events.absolute_urls import absolute_url
print(absolute_url("/e/unity/"))
"""


@pytest.mark.parametrize(
    ("variables", "link"),
    [
        ({}, "http://127.0.0.1:8000/e/unity/"),
        # `PORT=8101 make run`: the Makefile hands its HOST and PORT to every process.
        ({"PORT": "8101"}, "http://127.0.0.1:8101/e/unity/"),
        ({"HOST": "summit.local", "PORT": "9000"}, "http://summit.local:9000/e/unity/"),
        # Serving on every interface: a link names loopback, not 0.0.0.0.
        ({"HOST": "0.0.0.0", "PORT": "8101"}, "http://127.0.0.1:8101/e/unity/"),  # noqa: S104
        (
            {"SITE_URL": "https://summit.example.org/", "PORT": "8101"},
            "https://summit.example.org/e/unity/",
        ),
    ],
)
def test_links_follow_the_served_address_unless_site_url_is_set(tmp_path, variables, link):
    result = run_python(LINK_PROBE, tmp_path, **variables)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == link
