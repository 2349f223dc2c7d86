from celery import shared_task

from registrations.privacy.services import personal_data_purge


@shared_task(name="registrations.purge_personal_data", acks_late=True)
def purge_personal_data() -> int:
    return personal_data_purge()
