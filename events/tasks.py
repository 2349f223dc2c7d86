"""The app's Celery tasks, for autodiscovery: Celery imports `<app>.tasks` of each app.

Each task is defined in its subdomain's `tasks.py` under an explicit name, which
queued messages carry, so the name never follows the module.
"""

from events.jobs.tasks import requeue_waiting_jobs, run_job
from events.tokens.tasks import mark_token_used

__all__ = ["mark_token_used", "requeue_waiting_jobs", "run_job"]
