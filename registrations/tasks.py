"""The app's Celery tasks, for autodiscovery: Celery imports `<app>.tasks` of each app.

Each task is defined in its subdomain's `tasks.py`, under an explicit name that beat's
schedule (config/settings.py) and queued messages use, so the name never follows the module.
"""

from registrations.privacy.tasks import purge_personal_data
from registrations.registration.tasks import plan_summit_reminders

__all__ = ["plan_summit_reminders", "purge_personal_data"]
