from django.core.management.base import BaseCommand, CommandError

from events.models import Event, Role
from events.services import api_token_issue


class Command(BaseCommand):
    help = "Issue an API token for one event and one role; prints only the token."

    def add_arguments(self, parser):
        parser.add_argument("event_slug")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--label", default="", help="Who or which device will use it.")

    def handle(self, *args, event_slug, role, label, **options):
        event = Event.objects.filter(slug=event_slug).first()
        if event is None:
            raise CommandError(f"No event with slug “{event_slug}”.")
        _token, raw = api_token_issue(event=event, role=role, label=label or "issue_token")
        self.stdout.write(raw)
