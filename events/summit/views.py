from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from events.page_links import links_for, public_links_for
from events.summit.models import Event
from events.summit.selectors import categories_open_to_public, event_list_public
from events.teams.models import Role
from events.teams.selectors import user_event_roles, user_events


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
    return render(request, "manage/home.html", {"rows": rows})
