from django.core.management.base import BaseCommand, CommandError

from events.audit.services import Actor
from events.summit.models import Event
from registrations.badges.keys import badge_key_end_changeover, badge_key_rotate


class Command(BaseCommand):
    help = (
        "Rotate an event's badge signing key and print the new key id (and nothing else). "
        "From now on every badge and vehicle pass code is signed with the new key generation; "
        "badge PDFs and QR images show the new code when next downloaded or printed. "
        "By default every earlier generation is revoked at once: badges and passes printed "
        "before answer 'revoked' at every door within seconds, so reprint them (use this when a "
        "key may have leaked). With --keep-previous the generation in use until now stays valid "
        "for a changeover while the new badges are handed out; end it with --end-changeover, "
        "which revokes every generation but the current one without making a new one and "
        "prints the current key id."
    )

    def add_arguments(self, parser):
        parser.add_argument("event_slug")
        parser.add_argument(
            "--keep-previous",
            action="store_true",
            help="Keep the generation in use until now valid (a changeover); default: revoke it.",
        )
        parser.add_argument(
            "--end-changeover",
            action="store_true",
            help="Make no new generation; revoke every one but the current one.",
        )

    def handle(self, *args, event_slug, keep_previous, end_changeover, **options):
        if keep_previous and end_changeover:
            raise CommandError("Choose --keep-previous or --end-changeover, not both.")
        event = Event.objects.filter(slug=event_slug).first()
        if event is None:
            raise CommandError(f"No event with slug “{event_slug}”.")
        actor = Actor(label="rotate_badge_key")
        if end_changeover:
            key = badge_key_end_changeover(event=event, actor=actor)
        else:
            key = badge_key_rotate(event=event, actor=actor, keep_previous=keep_previous)
        self.stdout.write(str(key.key_id))
