from celery import shared_task

from registrations.services.privacy import personal_data_purge
from registrations.services.reminders import summit_reminders_plan


@shared_task(name="registrations.plan_summit_reminders", acks_late=True)
def plan_summit_reminders() -> int:
    return summit_reminders_plan()


@shared_task(name="registrations.purge_personal_data", acks_late=True)
def purge_personal_data() -> int:
    return personal_data_purge()
