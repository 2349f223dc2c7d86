"""The Celery application: configured from Django settings, tasks autodiscovered.

Tasks are enqueued with `delay_on_commit()` so that a worker never runs before
the transaction that created its rows has committed.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("summit")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
