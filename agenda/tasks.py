from celery import shared_task

from agenda.services.reminders import reminders_plan


@shared_task(name="agenda.plan_reminders", acks_late=True, ignore_result=True)
def plan_reminders() -> None:
    """Beat runs it every minute: plan the reminders due within the horizon (idempotent)."""
    reminders_plan()


@shared_task(name="agenda.plan_reminders_for_event", acks_late=True, ignore_result=True)
def plan_reminders_for_event(event_id: int) -> None:
    """Queued after a release, so new reminders do not wait for the next beat."""
    reminders_plan(event_id=event_id)


@shared_task(name="agenda.build_feeds", acks_late=True, ignore_result=True)
def build_feeds(event_id: int) -> None:
    """Queued after a release: build the agenda feeds before the first calendar asks."""
    from agenda.feeds import agenda_feed
    from events.models import Event

    event = Event.objects.filter(pk=event_id).first()
    if event is not None:
        for language in ("en", "ar"):
            agenda_feed(event=event, language=language)
