"""Writing a summit: creating one (blank or as a copy) and changing its settings, audited."""

from copy import deepcopy
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from events.audit.services import Actor, audit_record
from events.errors import DomainError, ForbiddenError
from events.summit.copies import event_copy_run
from events.summit.models import Event
from events.summit.reserved import is_reserved_event_slug
from events.teams.models import Role
from events.teams.selectors import user_events_administered, user_may_create_events
from events.teams.services import team_member_add
from events.tokens.services import api_token_issue
from events.translated.text import TranslatedText

# What a new summit is created with; the rest is set on its settings page afterwards.
EVENT_CREATE_FIELDS = (
    "slug",
    "name",
    "venue_name",
    "starts_at",
    "ends_at",
    "timezone",
    "languages",
    "main_language",
)
# Settings a copy does not take from its source: who it is, when it is, and whether the
# public sees it (a new summit is a draft).
NOT_COPIED_SETTINGS = {
    "id",
    "created_at",
    "updated_at",
    "is_published",
    "registration_opens_at",
    "registration_closes_at",
}


@dataclass(frozen=True)
class EventCreated:
    event: Event
    # A new admin token of the new summit, raw (shown once): when a token created it.
    admin_token: str | None = None


def event_create(*, actor: Actor, data: dict, copy_from: str | None = None) -> EventCreated:
    """Create a summit, unpublished, with `data` (`EVENT_CREATE_FIELDS`); the creator (the
    signed-in organizer, or the user who issued the API token) becomes its admin.

    `copy_from` (a slug) copies the setup of a summit the caller administers: its other
    settings and, through each app's copier (`events.summit.copies`), its zones,
    categories, ranks, questions, rooms and tracks; never its people.
    """
    creator = _creator(actor)
    source = _copy_source(actor, creator, copy_from) if copy_from else None
    with transaction.atomic():
        event = Event(**_copied_settings(source, data) if source else {})
        for name in EVENT_CREATE_FIELDS:
            setattr(event, name, data[name])
        event.is_published = False
        _check(event)
        try:
            with transaction.atomic():
                event.save(force_insert=True)
        except IntegrityError as error:  # the same slug, taken a moment ago
            raise _slug_taken(event.slug) from error
        team_member_add(event=event, user=creator, role=Role.ADMIN)
        copied = event_copy_run(source=source, target=event).counts if source else {}
        raw = None
        if actor.token is not None:
            _token, raw = api_token_issue(
                event=event,
                role=Role.ADMIN,
                label=_("Issued when the summit was created"),
                created_by=creator,
            )
        audit_record(
            event=event,
            actor=actor,
            action="event.created",
            obj=event,
            data={"slug": event.slug, "copied_from": copy_from or "", "copied": copied},
        )
    return EventCreated(event=event, admin_token=raw)


def _creator(actor: Actor):
    """The person who becomes the new summit's admin; refused unless an organizer-level
    admin (an admin token stands for the person who issued it)."""
    if actor.token is not None:
        if actor.token.role != Role.ADMIN:
            raise ForbiddenError(_("Only an admin token may create a summit."), code="not_admin")
        if actor.token.created_by is None:
            raise ForbiddenError(
                _(
                    "This token was issued by no one in particular, so nobody would administer "
                    "the new summit. Use a token issued by an organizer, or sign in."
                ),
                code="token_without_creator",
            )
        return actor.token.created_by
    if actor.user is None or not user_may_create_events(user=actor.user):
        raise ForbiddenError(
            _("Only an administrator of a summit may create a summit."), code="not_admin"
        )
    return actor.user


def _copy_source(actor: Actor, creator, slug: str) -> Event:
    if actor.token is not None:
        source = actor.token.event if actor.token.event.slug == slug else None
    else:
        source = user_events_administered(user=creator).filter(slug=slug).first()
    if source is None:
        raise DomainError(
            _("You administer no summit with the address “%(slug)s”.") % {"slug": slug},
            field="copy_from",
            code="unknown_source",
        )
    return source


def _copied_settings(source: Event, data: dict) -> dict:
    """The source's settings a copy keeps (every field `data` does not give and not in
    `NOT_COPIED_SETTINGS`), its badge languages narrowed to the new summit's."""
    values = {
        model_field.attname: deepcopy(model_field.value_from_object(source))
        for model_field in Event._meta.concrete_fields
        if model_field.attname not in NOT_COPIED_SETTINGS | set(data)
    }
    values["badge_languages"] = [
        code for code in source.badge_languages if code in data["languages"]
    ]
    return values


def _slug_taken(slug: str) -> DomainError:
    return DomainError(
        _("Another summit already has the address “%(slug)s”.") % {"slug": slug},
        field="slug",
        code="slug_taken",
    )


def _check(event: Event) -> None:
    """The slug free and not the organizer area's, then the model's rules; the first
    fault named."""
    if is_reserved_event_slug(event.slug):
        raise DomainError(
            _("“%(slug)s” is the address of one of the organizer area's pages; choose another.")
            % {"slug": event.slug},
            field="slug",
            code="slug_reserved",
        )
    if Event.objects.filter(slug=event.slug).exists():
        raise _slug_taken(event.slug)
    try:
        event.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise DomainError(messages[0], field=field) from error


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
