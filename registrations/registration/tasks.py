from celery import shared_task

from registrations.registration.reminders import summit_reminders_plan


@shared_task(name="registrations.plan_summit_reminders", acks_late=True)
def plan_summit_reminders() -> int:
    return summit_reminders_plan()
