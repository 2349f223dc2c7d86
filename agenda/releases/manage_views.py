"""The release page under /manage/<slug>/agenda/release/ (programme role)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from agenda.programme.errors import AgendaError
from agenda.releases.forms import ReleaseForm
from agenda.releases.selectors import releases_of
from agenda.releases.services import release_preview, schedule_release
from events.access import event_role_required
from events.audit.services import Actor
from events.teams.models import Role


@event_role_required(Role.PROGRAMME)
def release(request, event):
    form = ReleaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            done = schedule_release(
                event_id=event.pk,
                actor=Actor.from_request(request),
                comment=form.cleaned_data["comment"],
            )
        except AgendaError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("Version %(number)s is published; attendees affected by changes are notified.")
                % {"number": done.number},
            )
            if done.notices_job is not None:
                return redirect("manage:job", slug=event.slug, job_id=done.notices_job.pk)
        return redirect("manage_agenda:release", slug=event.slug)
    preview = release_preview(event=event)
    context = {
        "event": event,
        "preview": preview,
        "form": form,
        "releases": releases_of(event=event)[:20],
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "agenda/manage/release.html", context, status=status)
