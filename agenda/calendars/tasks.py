from celery import shared_task

from agenda.calendars.feeds import agenda_feed
from events.summit.models import Event


@shared_task(name="agenda.build_feeds", acks_late=True, ignore_result=True)
def build_feeds(event_id: int) -> None:
    """Queued after a release: build the agenda feeds before the first calendar asks."""
    event = Event.objects.filter(pk=event_id).first()
    if event is not None:
        for language in ("en", "ar"):
            agenda_feed(event=event, language=language)
