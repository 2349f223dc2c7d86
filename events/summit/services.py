"""Changing an event's settings (`/manage/<slug>/settings/`), audited."""

from django.db import transaction

from events.audit.services import Actor, audit_record
from events.summit.models import Event
from events.translated.text import TranslatedText


@transaction.atomic
def event_settings_save(*, event_id: int, changes: dict, actor: Actor) -> Event:
    """Apply `changes` (checked by the settings form) under the event's lock; the audit
    entry names the fields that changed."""
    event = Event.objects.select_for_update().get(pk=event_id)
    changed = []
    for name, value in changes.items():
        current = getattr(event, name)
        if isinstance(current, TranslatedText):
            # Compared as stored: the form's empty languages are no text.
            current, value = current.as_dict(), TranslatedText(value).as_dict()
        if current != value:
            changed.append(name)
            setattr(event, name, value)
    if not changed:
        return event
    event.full_clean()
    event.save()
    audit_record(
        event=event,
        actor=actor,
        action="event.settings_changed",
        obj=event,
        data={"fields": changed},
    )
    return event
