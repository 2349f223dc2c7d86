import json
import logging
import sys
from datetime import timedelta

import pytest
from django.db.utils import OperationalError
from django.utils import timezone

from config.json_logs import JsonFormatter
from notifications.services import message_enqueue

pytestmark = pytest.mark.django_db


def test_healthz_answers_ok_when_database_and_embedded_broker_answer(client, settings, tmp_path):
    settings.REDIS_URL = ""
    settings.CELERY_BROKER_FILESYSTEM_DIR = tmp_path
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "database": "ok",
        "broker": "ok",
        "outbox_oldest_due_seconds": None,
    }
    assert "no-cache" in response["Cache-Control"]


def test_healthz_needs_no_login_and_refuses_writes(client):
    assert client.post("/healthz").status_code == 405


def test_healthz_answers_503_when_the_database_is_down(client, settings, tmp_path, monkeypatch):
    settings.REDIS_URL = ""
    settings.CELERY_BROKER_FILESYSTEM_DIR = tmp_path

    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr("events.health.connection.cursor", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "database": "error",
        "broker": "ok",
        "outbox_oldest_due_seconds": None,
    }


def test_healthz_reports_a_missing_embedded_broker_folder_but_keeps_the_node(
    client, settings, tmp_path
):
    settings.REDIS_URL = ""
    settings.CELERY_BROKER_FILESYSTEM_DIR = tmp_path / "gone"
    response = client.get("/healthz")
    # Pages, scans and registrations answer from the database; the outbox waits.
    assert response.status_code == 200
    assert response.json() == {
        "database": "ok",
        "broker": "error",
        "outbox_oldest_due_seconds": None,
    }


def test_healthz_keeps_the_node_when_redis_does_not_answer(client, settings):
    # Nothing listens on port 1 of the loopback: the ping is refused at once.
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "database": "ok",
        "redis": "down",
        "outbox_oldest_due_seconds": None,
    }


@pytest.mark.redis
def test_healthz_pings_the_configured_redis(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "redis": "ok", "outbox_oldest_due_seconds": None}


def test_healthz_tells_how_long_the_oldest_due_message_has_waited(client, settings, tmp_path):
    settings.REDIS_URL = ""
    settings.CELERY_BROKER_FILESYSTEM_DIR = tmp_path
    for minutes, key in ((-30, "later"), (3, "due"), (11, "longest due")):
        message_enqueue(
            dedupe_key=f"health:{key}",
            recipient="amina@example.org",
            kind="test.reminder",
            subject="Reminder",
            body_text="Soon.",
            scheduled_at=timezone.now() - timedelta(minutes=minutes),
        )

    response = client.get("/healthz")

    # Mail that waits keeps the node in service: a web node does not send it.
    assert response.status_code == 200
    assert 660 <= response.json()["outbox_oldest_due_seconds"] < 700
    assert response.json()["database"] == "ok"


def test_json_log_formatter_writes_one_object_per_line_with_extras():
    record = logging.makeLogRecord(
        {"name": "summit.checkin", "levelname": "WARNING", "msg": "scan %s", "args": ("late",)}
    )
    record.event = "unity-for-security"
    line = JsonFormatter().format(record)
    entry = json.loads(line)
    assert "\n" not in line
    assert entry["level"] == "WARNING"
    assert entry["logger"] == "summit.checkin"
    assert entry["message"] == "scan late"
    assert entry["event"] == "unity-for-security"
    assert entry["time"].endswith("+00:00")


def test_json_log_formatter_keeps_the_traceback():
    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.makeLogRecord({"msg": "failed", "exc_info": sys.exc_info()})
    entry = json.loads(JsonFormatter().format(record))
    assert "ValueError: boom" in entry["exception"]
