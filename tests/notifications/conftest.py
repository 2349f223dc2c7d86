from pathlib import Path

import pytest
from django.utils import translation

from tests.notifications.backends import ScriptedBackend

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
