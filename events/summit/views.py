from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from events.access import event_role_required
from events.audit.services import Actor
from events.errors import DomainError
from events.page_links import links_for, public_links_for
from events.summit.create_forms import EventCreateForm
from events.summit.models import Event
from events.summit.selectors import categories_open_to_public, event_list_public
from events.summit.services import event_create, event_settings_save
from events.summit.settings_forms import EventSettingsForm
from events.teams.models import Role
from events.teams.selectors import user_event_roles, user_events, user_may_create_events


def home(request):
    return render(request, "events/home.html", {"events": event_list_public()})


def event_detail(request, slug: str):
    event = Event.objects.filter(slug=slug).first()
    # Drafts exist only for their organizers, who may preview them.
    if event is None or not (
        event.is_published or user_event_roles(user=request.user, event=event)
    ):
        raise Http404
    context = {
        "event": event,
        "categories": categories_open_to_public(event=event),
        "registration_state": event.registration_state(),
        "links": public_links_for(event=event),
    }
    return render(request, "events/event_detail.html", context)


@login_required
def manage_home(request):
    rows = []
    for event in user_events(user=request.user):
        roles = user_event_roles(user=request.user, event=event)
        rows.append(
            {
                "event": event,
                "roles": [Role(role).label for role in sorted(roles)],
                "links": links_for(event=event, roles=roles),
            }
        )
    context = {"rows": rows, "may_create_events": user_may_create_events(user=request.user)}
    return render(request, "manage/home.html", context)


@login_required
def event_new(request):
    """A new summit, blank or as a copy: organizer-level admins (two factors passed, as
    on every admin page: `OrganizerSessionMiddleware`)."""
    if not user_may_create_events(user=request.user):
        raise PermissionDenied
    form = EventCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            created = event_create(
                actor=Actor.from_request(request),
                data=form.service_data(),
                copy_from=form.copy_from_slug,
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(
                request,
                _("The summit is created, as a draft: set it up, then publish it."),
            )
            return redirect("manage:event-settings", slug=created.event.slug)
    status = 400 if form.errors else 200
    return render(request, "manage/event_create.html", {"form": form}, status=status)


@event_role_required(Role.ADMIN)
def event_settings(request, event):
    """The event's settings; times in the event's time zone (as it is before the change)."""
    with timezone.override(event.tzinfo):
        form = EventSettingsForm(request.POST or None, event=event)
        if request.method == "POST" and form.is_valid():
            event_settings_save(
                event_id=event.pk,
                changes={name: form.cleaned_data[name] for name in form.fields},
                actor=Actor.from_request(request),
            )
            messages.success(request, _("The summit's settings are saved."))
            return redirect("manage:event-settings", slug=event.slug)
        # Not saved: the page shows what the database holds, with the form's errors.
        event.refresh_from_db()
        context = {"event": event, "form": form}
        return render(
            request, "manage/event_settings.html", context, status=400 if form.errors else 200
        )
