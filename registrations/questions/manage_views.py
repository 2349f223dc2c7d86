"""The form builder, `/manage/<slug>/settings/questions/` (admins), and an answer's file
for the event's accreditation officers.

The list is in the form's order, with up and down buttons (plain forms: they work without
JavaScript); static/js/questions-order.js adds dragging, and posts the new order to the
reorder address. The writes are the services' (registrations/questions/services.py).
"""

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from events.access import event_role_required
from events.audit.services import Actor
from events.errors import DomainError
from events.teams.models import Role
from registrations.questions import services
from registrations.questions.files import AnswerFileNotFound, answer_file_open
from registrations.questions.forms import question_forms
from registrations.questions.selectors import event_questions
from registrations.registration.models import Answer, Question

# Fields of the question's form a refusal may name; others show above the form.
FORM_FIELDS = ("kind", "label", "help_text", "required", "categories")


def _list(event):
    return redirect("manage_registrations:questions", slug=event.slug)


@event_role_required(Role.ADMIN)
def questions(request, event):
    return render(
        request,
        "registrations/questions/index.html",
        {"event": event, "questions": event_questions(event=event)},
    )


@event_role_required(Role.ADMIN)
def question_new(request, event):
    return _edit_page(request, event, question=None)


@event_role_required(Role.ADMIN)
def question_edit(request, event, question_id: int):
    question = get_object_or_404(Question, pk=question_id, event=event)
    return _edit_page(request, event, question=question)


def _edit_page(request, event, *, question):
    data = request.POST if request.method == "POST" else None
    form, formset = question_forms(event, data, question)
    refusal = None
    if data is not None and form.is_valid() and formset.is_valid():
        values = {
            "kind": form.cleaned_data["kind"],
            "label": form.cleaned_data["label"],
            "help_text": form.cleaned_data["help_text"],
            "required": form.cleaned_data["required"],
            "categories": list(form.cleaned_data["categories"]),
            "options": formset.options(),
        }
        actor = Actor.from_request(request)
        try:
            if question is None:
                services.question_create(event=event, actor=actor, data=values)
            else:
                services.question_update(
                    event=event, question_id=question.pk, actor=actor, changes=values
                )
        except DomainError as error:
            if error.field in FORM_FIELDS:
                form.add_error(error.field, ValidationError(error.message, code=error.code))
            else:
                refusal = error.message
        else:
            messages.success(request, _("The question is saved."))
            return _list(event)
    context = {
        "event": event,
        "question": question,
        "form": form,
        "formset": formset,
        "refusal": refusal,
    }
    invalid = data is not None
    return render(
        request, "registrations/questions/edit.html", context, status=400 if invalid else 200
    )


@event_role_required(Role.ADMIN)
def question_delete(request, event, question_id: int):
    """GET: the confirmation page; POST: delete, or say why not."""
    question = get_object_or_404(event_questions(event=event), pk=question_id)
    if request.method == "POST":
        try:
            services.question_delete(
                event=event, question_id=question.pk, actor=Actor.from_request(request)
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The question is deleted."))
        return _list(event)
    return render(
        request,
        "registrations/questions/delete.html",
        {"event": event, "question": question},
    )


@require_POST
@event_role_required(Role.ADMIN)
def question_move(request, event, question_id: int):
    question = get_object_or_404(Question, pk=question_id, event=event)
    offset = {"up": -1, "down": 1}.get(request.POST.get("direction", ""))
    if offset is None:
        messages.error(request, _("Move a question up or down."))
    else:
        services.question_move(
            event=event, question_id=question.pk, actor=Actor.from_request(request), offset=offset
        )
    return redirect(f"{_list(event).url}#question-{question.pk}")


@require_POST
@event_role_required(Role.ADMIN)
def questions_reorder(request, event):
    """The order the page's script posts after a drag: `order` = the ids, comma-separated
    (a form) or a JSON list. Asked for JSON: 204, or 400 `{"order": [message]}`; else back
    to the list with a message."""
    wants_json = request.content_type == "application/json" or "application/json" in (
        request.headers.get("Accept", "")
    )
    raw = request.POST.get("order")
    if raw is None and request.content_type == "application/json":
        try:
            raw = json.loads(request.body or b"null").get("order")
        except (ValueError, AttributeError):
            raw = None
    if isinstance(raw, str):
        raw = [part for part in raw.split(",") if part.strip()]
    try:
        order = [int(value) for value in raw or []]
    except (TypeError, ValueError):
        order = None
    try:
        if order is None:
            raise DomainError(
                _("The order must name each of the summit's questions once."), field="order"
            )
        services.questions_reorder(event=event, order=order, actor=Actor.from_request(request))
    except DomainError as error:
        if wants_json:
            return JsonResponse({"order": [str(error.message)]}, status=400)
        messages.error(request, error.message)
        return _list(event)
    if wants_json:
        return HttpResponse(status=204)
    messages.success(request, _("The questions are in their new order."))
    return _list(event)


@event_role_required(Role.ACCREDITATION)
def answer_file(request, event, reference: str, question_id: int):
    """The file a registrant uploaded, as a download; audited."""
    answer = (
        Answer.objects.filter(
            registration__event=event,
            registration__reference=reference.upper(),
            question_id=question_id,
        )
        .select_related("registration__event")
        .first()
    )
    try:
        opened = answer_file_open(answer=answer, actor=Actor.from_request(request))
    except AnswerFileNotFound as error:
        raise Http404(_("No file.")) from error
    return FileResponse(
        opened.file,
        as_attachment=True,
        filename=opened.filename,
        content_type=opened.content_type,
        headers=opened.headers,
    )
