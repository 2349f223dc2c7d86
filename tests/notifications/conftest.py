from pathlib import Path

import pytest
from django.utils import translation

from tests.notifications.backends import ScriptedBackend
from tests.notifications.smtp_sink import SmtpSink

TEMPLATES = Path(__file__).parent / "templates"


@pytest.fixture(autouse=True)
def _english():
    """Each test starts in English, whatever language an earlier request activated."""
    with translation.override("en"):
        yield


@pytest.fixture
def scripted_backend(settings):
    settings.EMAIL_BACKEND = "tests.notifications.backends.ScriptedBackend"
    ScriptedBackend.reset()
    yield ScriptedBackend
    ScriptedBackend.reset()


@pytest.fixture
def test_templates(settings):
    """Adds tests/notifications/templates, the stand-in for a calling app's emails."""
    engine = {**settings.TEMPLATES[0]}
    engine["DIRS"] = [*engine["DIRS"], TEMPLATES]
    settings.TEMPLATES = [engine, *settings.TEMPLATES[1:]]


@pytest.fixture
def smtp_server(settings):
    """`smtp_server(**options)` starts an aiosmtpd sink (see SmtpSink) and sends mail to
    it through Summit's SMTP backend, as `EMAIL_URL=smtp://…` does."""
    sinks: list[SmtpSink] = []

    def start(**options) -> SmtpSink:
        sink = SmtpSink(**options).start()
        sinks.append(sink)
        settings.EMAIL_BACKEND = "notifications.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", sink.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        return sink

    yield start
    for sink in sinks:
        sink.stop()
