from django.core.management.base import BaseCommand

from registrations.privacy.services import personal_data_purge


class Command(BaseCommand):
    help = (
        "Erase the personal data of registrations of events that ended more than "
        "their retention period (days) ago. Safe to run again."
    )

    def handle(self, *args, **options):
        erased = personal_data_purge()
        self.stdout.write(f"Erased the personal data of {erased} registration(s).")
