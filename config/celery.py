"""The Celery application: configured from Django settings, tasks autodiscovered.

Tasks are enqueued with `delay_on_commit()` so that a worker never runs before
the transaction that created its rows has committed.
"""

import functools
import logging
import os

from celery import Celery
from celery.contrib.django.task import DjangoTask
from django.db import transaction
from kombu.exceptions import OperationalError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

logger = logging.getLogger(__name__)


class SummitTask(DjangoTask):
    """A task whose after-commit enqueue never fails the request that committed.

    `delay_on_commit` publishes once the caller's work is saved; a broker that is
    down then (a Redis outage) would turn a committed request into a 500. So a
    task queued after commit is a nudge, never the only record of work to do: the
    database holds the truth (the outbox rows, the reminders to plan, the feeds
    to build) and a beat job or the next request does the work when the nudge
    was lost. The broker options in settings make the publish give up within
    about a second instead of hanging the request.
    """

    def delay_on_commit(self, *args, **kwargs) -> None:
        transaction.on_commit(functools.partial(self._publish, self.delay, args, kwargs))

    def apply_async_on_commit(self, *args, **kwargs) -> None:
        transaction.on_commit(functools.partial(self._publish, self.apply_async, args, kwargs))

    def _publish(self, send, args: tuple, kwargs: dict) -> None:
        try:
            send(*args, **kwargs)
        except OperationalError as error:
            # Only the broker's failure: an error of the task itself (eager mode) still raises.
            logger.warning("Broker unreachable, %s not queued (%s)", self.name, error)


app = Celery("summit", task_cls=SummitTask)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
