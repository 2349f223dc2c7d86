from django.core.management.base import BaseCommand, CommandError

from events.summit.models import Event
from events.teams.models import Role
from events.tokens.services import api_token_issue


class Command(BaseCommand):
    help = "Issue an API token for one event and one role; prints only the token."

    def add_arguments(self, parser):
        parser.add_argument("event_slug")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--label", default="", help="Who or which device will use it.")
        parser.add_argument(
            "--offline",
            action="store_true",
            help=(
                "An offline check-in device: the only kind of token that may download "
                "the offline package (every accredited name). One per device."
            ),
        )

    def handle(self, *args, event_slug, role, label, offline, **options):
        if offline and role != Role.CHECKIN:
            raise CommandError("--offline is only for check-in tokens (--role checkin).")
        event = Event.objects.filter(slug=event_slug).first()
        if event is None:
            raise CommandError(f"No event with slug “{event_slug}”.")
        _token, raw = api_token_issue(
            event=event,
            role=role,
            label=label or ("offline device" if offline else "issue_token"),
            offline=offline,
        )
        self.stdout.write(raw)
