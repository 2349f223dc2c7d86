"""A Redis outage does not stop the doors: a real Redis, stopped and started mid-test.

The shared Redis (port 6379) is never touched: each test launches its own
`redis-server` on a free port and points the cache, the throttles and the
Celery broker at it.
"""

import logging
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from unittest.mock import ANY

import pytest
import redis
from django.core import mail

from agenda.releases.services import schedule_release
from config.celery import app as celery_app
from events.audit.services import Actor
from events.teams.models import Role
from events.tokens.services import api_token_issue
from notifications.models import Message
from notifications.tasks import dispatch_due
from registrations.registration.models import Registration
from tests.agenda.factories import SessionFactory
from tests.registrations.checkin_fixtures import approved, make_summit

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]

# Each request of the outage must answer well within this (no hanging on Redis).
PROMPT_SECONDS = 3
REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class RedisServer:
    """A throw-away redis-server that the test may stop and start again."""

    port: int
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603 - the machine's redis-server, our arguments
            [
                REDIS_SERVER,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis.from_url(self.url, socket_connect_timeout=0.2)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                if client.ping():
                    return
            except redis.exceptions.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError(f"redis-server on port {self.port} did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


@pytest.fixture
def private_redis(settings, monkeypatch):
    server = RedisServer(port=free_port())
    server.start()
    # The Celery app keeps its broker connection pools: point them at this server,
    # and publish for real instead of running tasks in-process. (First: the app's
    # configuration reads through to Django's settings, changed below.)
    monkeypatch.setitem(celery_app.conf, "broker_url", server.url)
    monkeypatch.setattr(celery_app, "_pool", None)
    monkeypatch.setattr(celery_app.amqp, "_producer_pool", None)
    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
    settings.REDIS_URL = server.url
    settings.CACHES = {"default": {**settings.CACHES["default"], "LOCATION": server.url}}
    settings.CELERY_BROKER_URL = server.url
    try:
        yield server
    finally:
        server.stop()


def promptly(call):
    started = time.monotonic()
    response = call()
    elapsed = time.monotonic() - started
    assert elapsed < PROMPT_SECONDS, f"answered after {elapsed:.1f} s"
    return response


def registration_body(email: str) -> dict:
    return {
        "first_name": "Amina",
        "last_name": "Haddad",
        "email": email,
        "organization": "Ministry of Interior",
        "job_title": "Director",
        "country": "AE",
        "category": "delegate",
        "consent": True,
    }


def test_the_doors_keep_answering_from_the_database_while_redis_is_down(
    private_redis, api_client, client, caplog
):
    summit = make_summit()
    _first, first_code = approved(summit)
    second, second_code = approved(summit)
    SessionFactory(event=summit.event, title={"en": "Opening plenary"})
    schedule_release(event_id=summit.event.pk, actor=Actor(label="test"))
    scan_url, bearer = summit.url(), summit.bearer()
    # Used first during the outage: not in the cache, never stamped as used.
    _token, fresh = api_token_issue(event=summit.event, role=Role.CHECKIN, label="gate 2")
    # With Redis up: the token and the feeds go into the cache.
    warm_up = api_client.post(scan_url, {"code": first_code}, format="json", **bearer)
    assert warm_up.json()["result"] == "accepted"
    assert client.get(f"/e/{summit.event.slug}/agenda.ics").status_code == 200

    private_redis.stop()
    caplog.set_level(logging.WARNING)

    scan = promptly(
        lambda: api_client.post(
            scan_url, {"code": second_code}, format="json", HTTP_AUTHORIZATION=f"Bearer {fresh}"
        )
    )
    again = promptly(
        lambda: api_client.post(scan_url, {"code": first_code}, format="json", **bearer)
    )
    by_api = promptly(
        lambda: api_client.post(
            f"/api/v1/events/{summit.event.slug}/registrations/",
            registration_body("api@example.org"),
            format="json",
        )
    )
    by_form = promptly(
        lambda: client.post(
            f"/e/{summit.event.slug}/register/",
            {**registration_body("form@example.org"), "consent": "on", "language": "en"},
        )
    )
    agenda = promptly(lambda: client.get(f"/e/{summit.event.slug}/agenda.ics"))
    feed = promptly(lambda: client.get(f"/me/{second.secret_token}/calendar.ics", follow=True))
    health = promptly(lambda: client.get("/healthz"))

    assert scan.status_code == 200
    assert scan.json()["result"] == "accepted"
    assert again.json()["result"] == "already_checked_in"
    assert by_api.status_code in (201, 202)
    assert by_form.status_code == 302
    assert (
        Registration.objects.filter(email__in=["api@example.org", "form@example.org"]).count() == 2
    )
    assert agenda.status_code == 200
    assert agenda.content.startswith(b"BEGIN:VCALENDAR")
    assert feed.status_code == 200
    assert feed.content.startswith(b"BEGIN:VCALENDAR")
    assert health.status_code == 200
    assert health.json() == {"database": "ok", "redis": "down", "outbox_oldest_due_seconds": ANY}
    # One warning per minute and process for each part that found Redis gone,
    # not one per request.
    outage_lines = [r for r in caplog.records if r.name == "events.redis_outage"]
    assert sorted(r.args[1] for r in outage_lines) == ["cache", "health check", "throttles"]
    assert any("events.mark_token_used not queued" in r.getMessage() for r in caplog.records)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]

    private_redis.start()

    assert client.get("/healthz").json() == {
        "database": "ok",
        "redis": "ok",
        "outbox_oldest_due_seconds": ANY,
    }


def test_work_queued_during_the_outage_is_done_once_the_broker_is_back(private_redis, api_client):
    summit = make_summit()
    SessionFactory(event=summit.event, title={"en": "Opening plenary"})
    private_redis.stop()

    # A release publishes its follow-up tasks after commit: the broker is gone.
    release = promptly(lambda: schedule_release(event_id=summit.event.pk, actor=Actor(label="t")))
    registered = promptly(
        lambda: api_client.post(
            f"/api/v1/events/{summit.event.slug}/registrations/",
            registration_body("amina@example.org"),
            format="json",
        )
    )

    assert release.pk
    assert registered.status_code in (201, 202)
    waiting = Message.objects.get(recipient="amina@example.org")
    assert waiting.status == "queued"

    private_redis.start()
    # Beat's next tick: the dispatcher sends what the outbox holds; nothing had to
    # be published for it.
    dispatch_due.apply()

    waiting.refresh_from_db()
    assert waiting.status == "sent"
    (sent,) = mail.outbox
    assert sent.to == ['"Amina Haddad" <amina@example.org>']
