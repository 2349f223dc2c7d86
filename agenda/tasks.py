"""The app's Celery tasks, for autodiscovery: Celery imports `<app>.tasks` of each app.

Each task is defined in its subdomain's `tasks.py` under an explicit name, which beat's
schedule (config/settings.py) and queued messages use, so the name never follows the module.
"""

from agenda.calendars.tasks import build_feeds
from agenda.reminders.tasks import plan_reminders, plan_reminders_for_event

__all__ = ["build_feeds", "plan_reminders", "plan_reminders_for_event"]
