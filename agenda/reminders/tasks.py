from celery import shared_task

from agenda.reminders.services import reminders_plan


@shared_task(name="agenda.plan_reminders", acks_late=True, ignore_result=True)
def plan_reminders() -> None:
    """Beat runs it every minute: plan the reminders due within the horizon (idempotent)."""
    reminders_plan()


@shared_task(name="agenda.plan_reminders_for_event", acks_late=True, ignore_result=True)
def plan_reminders_for_event(event_id: int) -> None:
    """Queued after a release, so new reminders do not wait for the next beat."""
    reminders_plan(event_id=event_id)
