"""Programme pages under /manage/<slug>/agenda/ for the programme role (or admin)."""

from itertools import groupby

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from agenda.programme.errors import AgendaError
from agenda.programme.forms import (
    RoomForm,
    SessionForm,
    SpeakerAddForm,
    TrackForm,
    interpretation_formset,
)
from agenda.programme.models import Room, Session, Track
from agenda.programme.selectors import draft_sessions
from agenda.programme.services import (
    room_save,
    session_create,
    session_delete,
    session_speaker_add,
    session_speaker_remove,
    session_update,
    track_save,
)
from agenda.releases.services import release_preview
from events.access import event_role_required
from events.audit.services import Actor
from events.teams.models import Role
from registrations.registration.selectors import registration_by_reference


def _form_error(form, error: AgendaError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, ValidationError(error.message, code=error.code))


def _forms_valid(form, formset) -> bool:
    """The session form, then its channels against the floor language it chose."""
    valid = form.is_valid()
    if not formset.is_bound:
        return valid
    # The floor language, when valid itself, even if another field of the form is not.
    formset.floor_language = form.cleaned_data.get("floor_language", "")
    return formset.is_valid() and valid


@event_role_required(Role.PROGRAMME)
def index(request, event):
    preview = release_preview(event=event)
    changed = {entry.session.pk: entry.changes for entry in preview.changes}
    sessions = list(draft_sessions(event=event))
    zone = event.tzinfo
    days = [
        {"date": day, "sessions": [(session, changed.get(session.pk, [])) for session in items]}
        for day, items in groupby(sessions, key=lambda s: s.starts_at.astimezone(zone).date())
    ]
    context = {
        "event": event,
        "days": days,
        "preview": preview,
        "session_count": len(sessions),
    }
    return render(request, "agenda/manage/index.html", context)


@event_role_required(Role.PROGRAMME)
def session_new(request, event):
    with timezone.override(event.tzinfo):
        form = SessionForm(request.POST or None, event=event)
        formset = interpretation_formset(request.POST or None, event=event, session=None)
        if request.method == "POST" and _forms_valid(form, formset):
            try:
                session = session_create(
                    event=event,
                    actor=Actor.from_request(request),
                    data=form.service_data(),
                    interpretation=formset.channels(),
                )
            except AgendaError as error:
                _form_error(form, error)
            else:
                messages.success(request, _("Session added to the draft."))
                return redirect("manage_agenda:session", slug=event.slug, session_id=session.pk)
        status = 400 if request.method == "POST" else 200
        return render(
            request,
            "agenda/manage/session_form.html",
            {"event": event, "form": form, "formset": formset, "session": None},
            status=status,
        )


@event_role_required(Role.PROGRAMME)
def session_edit(request, event, session_id: int):
    session = get_object_or_404(Session, pk=session_id, event=event)
    with timezone.override(event.tzinfo):
        form = SessionForm(request.POST or None, instance=session, event=event)
        formset = interpretation_formset(request.POST or None, event=event, session=session)
        if request.method == "POST" and _forms_valid(form, formset):
            try:
                session_update(
                    session_id=session.pk,
                    actor=Actor.from_request(request),
                    changes=form.service_data(),
                    interpretation=formset.channels(),
                )
            except AgendaError as error:
                _form_error(form, error)
            else:
                messages.success(request, _("Session saved in the draft."))
                return redirect("manage_agenda:session", slug=event.slug, session_id=session.pk)
        context = {
            "event": event,
            "form": form,
            "formset": formset,
            "session": session,
            "speakers": session.speakers.select_related("registration"),
            "speaker_form": SpeakerAddForm(),
            "released": session.releases.exists(),
        }
        status = 400 if request.method == "POST" else 200
        return render(request, "agenda/manage/session_form.html", context, status=status)


@require_POST
@event_role_required(Role.PROGRAMME)
def session_speaker_new(request, event, session_id: int):
    session = get_object_or_404(Session, pk=session_id, event=event)
    form = SpeakerAddForm(request.POST)
    if form.is_valid():
        registration = registration_by_reference(
            event=event, reference=form.cleaned_data["reference"].strip()
        )
        if registration is None:
            messages.error(request, _("No registration of this summit has this reference."))
        else:
            try:
                session_speaker_add(
                    session_id=session.pk,
                    registration_id=registration.pk,
                    role=form.cleaned_data["role"],
                    order=form.cleaned_data["order"],
                    actor=Actor.from_request(request),
                )
            except AgendaError as error:
                messages.error(request, error.message)
            else:
                messages.success(
                    request,
                    _("%(name)s added to the session.") % {"name": registration.display_name},
                )
    else:
        messages.error(request, _("Give a registration reference, a role and an order."))
    return redirect("manage_agenda:session", slug=event.slug, session_id=session.pk)


@require_POST
@event_role_required(Role.PROGRAMME)
def session_speaker_delete(request, event, session_id: int, speaker_id: int):
    session = get_object_or_404(Session, pk=session_id, event=event)
    try:
        session_speaker_remove(
            session_id=session.pk, speaker_id=speaker_id, actor=Actor.from_request(request)
        )
    except AgendaError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Speaker removed from the session."))
    return redirect("manage_agenda:session", slug=event.slug, session_id=session.pk)


@never_cache
@event_role_required(Role.PROGRAMME)
def session_remove(request, event, session_id: int):
    """GET: what deleting the draft session does; POST with `confirm=yes`: delete. A POST
    without it (the old one-click form) shows the confirmation and changes nothing."""
    session = get_object_or_404(Session, pk=session_id, event=event)
    if request.method != "POST" or request.POST.get("confirm") != "yes":
        context = {
            "event": event,
            "session": session,
            "speakers": session.speakers.select_related("registration").order_by("order"),
            "released": session.releases.exists(),
        }
        return render(request, "agenda/manage/session_delete.html", context)
    try:
        session_delete(session_id=session.pk, actor=Actor.from_request(request))
    except AgendaError as error:
        messages.error(request, error.message)
        return redirect("manage_agenda:session", slug=event.slug, session_id=session.pk)
    messages.success(request, _("Session deleted from the draft."))
    return redirect("manage_agenda:index", slug=event.slug)


def _named_page(request, event, *, model, form_class, save, template, list_name, pk=None):
    instance = get_object_or_404(model, pk=pk, event=event) if pk else None
    form = form_class(request.POST or None, instance=instance, event=event)
    if request.method == "POST" and form.is_valid():
        try:
            save(event=event, actor=Actor.from_request(request), data=form.cleaned_data, pk=pk)
        except AgendaError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(list_name, slug=event.slug)
    context = {
        "event": event,
        "form": form,
        "instance": instance,
        "items": model.objects.filter(event=event),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, template, context, status=status)


@event_role_required(Role.PROGRAMME)
def rooms(request, event, room_id: int | None = None):
    return _named_page(
        request,
        event,
        model=Room,
        form_class=RoomForm,
        save=lambda pk, **kwargs: room_save(room_id=pk, **kwargs),
        template="agenda/manage/rooms.html",
        list_name="manage_agenda:rooms",
        pk=room_id,
    )


@event_role_required(Role.PROGRAMME)
def tracks(request, event, track_id: int | None = None):
    return _named_page(
        request,
        event,
        model=Track,
        form_class=TrackForm,
        save=lambda pk, **kwargs: track_save(track_id=pk, **kwargs),
        template="agenda/manage/tracks.html",
        list_name="manage_agenda:tracks",
        pk=track_id,
    )
