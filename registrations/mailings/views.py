"""Mailing pages for officers: write and preview, then each mailing's outcome."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render

from events.access import event_role_required
from events.audit.services import Actor
from events.teams.models import Role
from registrations.mailings.forms import MailingForm
from registrations.mailings.models import Mailing, MailingRecipient
from registrations.mailings.services import (
    MailingInvalid,
    mailing_check,
    mailing_counts,
    mailing_preview,
    mailing_send,
)


@event_role_required(Role.ACCREDITATION)
def mailings(request, event):
    form = MailingForm(request.POST or None, event=event)
    preview = None
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            draft = mailing_check(
                event=event,
                filters=form.filters(),
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
            )
            if "send" in request.POST:
                mailing = mailing_send(event=event, draft=draft, actor=Actor.from_request(request))
                return redirect("mailings:detail", slug=event.slug, mailing_id=mailing.pk)
            count, letter = mailing_preview(
                event=event, draft=draft, reference=form.cleaned_data["preview_reference"]
            )
            preview = {"count": count, "letter": letter}
        except MailingInvalid as error:
            _add_errors(form, error.errors)
    if form.errors:
        status = 400
    sent = Mailing.objects.filter(event=event).order_by("-created_at", "-pk")[:50]
    context = {
        "event": event,
        "form": form,
        "preview": preview,
        "mailings": [(mailing, mailing_counts(mailing)) for mailing in sent],
    }
    return render(request, "registrations/mailings/index.html", context, status=status)


def _add_errors(form: MailingForm, errors: dict) -> None:
    for name, problem in errors.get("filters", {}).items():
        form.add_error(name if name in form.fields else None, problem)
    for name in ("subject", "body"):
        for problem in errors.get(name, []):
            form.add_error(name, problem)


@event_role_required(Role.ACCREDITATION)
def mailing_detail(request, event, mailing_id: int):
    mailing = get_object_or_404(Mailing, event=event, pk=mailing_id)
    recipients = (
        MailingRecipient.objects.filter(mailing=mailing)
        .select_related("registration", "message")
        .order_by("pk")
    )
    context = {
        "event": event,
        "mailing": mailing,
        "counts": mailing_counts(mailing),
        "page": Paginator(recipients, 100).get_page(request.GET.get("page")),
    }
    return render(request, "registrations/mailings/detail.html", context)
