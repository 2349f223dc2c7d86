"""The Celery application: configured from Django settings, tasks autodiscovered.

Tasks are enqueued with `delay_on_commit()` so that a worker never runs before
the transaction that created its rows has committed.
"""

import os
from pathlib import Path

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("summit")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def ensure_filesystem_broker_folders() -> None:
    """The embedded broker keeps its queue in folders that must exist."""
    options = app.conf.broker_transport_options or {}
    for key in ("data_folder_in", "data_folder_out", "processed_folder"):
        if options.get(key):
            Path(options[key]).mkdir(parents=True, exist_ok=True)


# Runs once per process (web, worker or beat) when the app is first used.
app.on_after_finalize.connect(lambda sender, **_: ensure_filesystem_broker_folders())
