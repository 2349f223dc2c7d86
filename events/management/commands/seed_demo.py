from django.apps import apps
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = "Create or update the demo summit (slug unity-for-security). Safe to run again."

    def handle(self, *args, **options):
        # Each app contributes its part through `AppConfig.demo_seeder`, called in
        # INSTALLED_APPS order, so lower apps seed before the apps that build on them.
        for config in apps.get_app_configs():
            seeder = getattr(config, "demo_seeder", None)
            if seeder:
                import_string(seeder)(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo summit ready: /e/unity-for-security/"))
