"""Protocol pages for accreditation officers: security vetting, precedence, seating."""

from django import forms
from django.contrib import messages
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from events.access import event_role_required
from events.models import Role
from events.services import Actor, audit_record
from events.two_factor import recent_two_factor_required
from registrations.badge_api import pdf_response
from registrations.models import Registration, Status, VettingState
from registrations.protocol_api import csv_response, photo_url_for
from registrations.seating import seating_csv, seating_list, seating_pdf
from registrations.selectors import registration_by_reference
from registrations.services.errors import RegistrationError
from registrations.services.precedence import registration_set_protocol
from registrations.services.vetting import (
    MAX_IMPORT_BYTES,
    WAITING_TO_BE_SENT,
    decisions_from_csv,
    vetting_batch_create,
    vetting_batch_csv,
    vetting_batch_rows,
    vetting_import,
)


class DecisionsUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Decisions file (CSV)"),
        help_text=gettext_lazy(
            "Columns: reference, decision (cleared, refused, more_information), note."
        ),
    )


@event_role_required(Role.ACCREDITATION)
def vetting_index(request, event):
    """Counts, the batches, the export button and the decisions import (checked first)."""
    report = None
    content = ""
    form = DecisionsUploadForm()
    if request.method == "POST":
        actor = Actor.from_request(request)
        action = request.POST.get("action", "")
        if action == "export":
            try:
                batch = vetting_batch_create(event=event, actor=actor)
            except RegistrationError as error:
                messages.error(request, error.message)
            else:
                messages.success(
                    request,
                    _("Batch %(number)d exported with %(size)d registrations.")
                    % {"number": batch.number, "size": batch.size},
                )
            return redirect("protocol:vetting", slug=event.slug)
        if action == "check":
            form = DecisionsUploadForm(request.POST, request.FILES)
            if form.is_valid():
                upload = form.cleaned_data["file"]
                if upload.size > MAX_IMPORT_BYTES:
                    form.add_error("file", _("The file is larger than 2 MB."))
                else:
                    content = upload.read().decode("utf-8-sig", errors="replace")
                    report = _import(request, event, form, content, dry_run=True)
        elif action == "apply":
            content = request.POST.get("content", "")[:MAX_IMPORT_BYTES]
            report = _import(request, event, form, content, dry_run=False)
            if report is not None and report.applied:
                counts = report.counts()
                messages.success(
                    request,
                    _(
                        "Decisions applied: %(cleared)d cleared, %(refused)d refused, "
                        "%(more)d asked for more information."
                    )
                    % {
                        "cleared": counts["cleared"],
                        "refused": counts["refused"],
                        "more": counts["more_information"],
                    },
                )
                return redirect("protocol:vetting", slug=event.slug)
    in_vetting = event.registrations.filter(status=Status.VETTING)
    context = {
        "event": event,
        "form": form,
        "report": report,
        "content": content,
        "states": [
            (VettingState(state).label, count)
            for state, count in in_vetting.values_list("vetting_state")
            .annotate(n=Count("pk"))
            .order_by("vetting_state")
        ],
        "waiting": in_vetting.filter(vetting_state__in=WAITING_TO_BE_SENT)
        .select_related("category", "delegation")
        .order_by("created_at")[:100],
        "waiting_count": in_vetting.filter(vetting_state__in=WAITING_TO_BE_SENT).count(),
        "batches": event.vetting_batches.all()[:50],
    }
    return render(request, "registrations/protocol/vetting.html", context)


def _import(request, event, form, content: str, *, dry_run: bool):
    try:
        rows = decisions_from_csv(content)
        return vetting_import(
            event=event, rows=rows, actor=Actor.from_request(request), dry_run=dry_run
        )
    except RegistrationError as error:
        form.add_error("file", error.message)
        return None


@event_role_required(Role.ACCREDITATION)
@recent_two_factor_required
def vetting_batch_download(request, event, number: int):
    batch = event.vetting_batches.filter(number=number).first()
    if batch is None:
        raise Http404
    rows = vetting_batch_rows(batch=batch, photo_url=photo_url_for(request, event))
    audit_record(
        event=event,
        actor=Actor.from_request(request),
        action="vetting.batch_downloaded",
        obj=batch,
        data={"number": batch.number, "format": "csv"},
    )
    return csv_response(vetting_batch_csv(rows), f"{event.slug}-vetting-{batch.number}.csv")


class ProtocolForm(forms.Form):
    rank = forms.ChoiceField(label=gettext_lazy("Protocol rank"), required=False)
    order = forms.IntegerField(
        label=gettext_lazy("Order within the rank"), required=False, min_value=1, max_value=100_000
    )

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rank"].choices = [("", _("(no rank)"))] + [
            (rank.slug, rank.name) for rank in event.protocol_ranks.all()
        ]


@require_POST
@event_role_required(Role.ACCREDITATION)
def registration_protocol(request, event, reference: str):
    registration = registration_by_reference(event=event, reference=reference)
    if registration is None:
        raise Http404
    form = ProtocolForm(request.POST, event=event)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    else:
        try:
            registration_set_protocol(
                registration_id=registration.pk,
                rank=form.cleaned_data["rank"],
                order=form.cleaned_data["order"],
                actor=Actor.from_request(request),
            )
        except RegistrationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Protocol rank saved."))
    return redirect("manage_registrations:detail", slug=event.slug, reference=reference)


@event_role_required(Role.ACCREDITATION)
def seating_index(request, event):
    return render(
        request,
        "registrations/protocol/seating.html",
        {
            "event": event,
            "seats": seating_list(event=event),
            "unranked": Registration.objects.filter(
                event=event, status=Status.APPROVED, protocol_rank__isnull=True
            ).count(),
        },
    )


@event_role_required(Role.ACCREDITATION)
def seating_file(request, event, kind: str):
    seats = seating_list(event=event)
    audit_record(
        event=event,
        actor=Actor.from_request(request),
        action="seating.exported",
        obj=event,
        data={"format": kind, "seats": len(seats)},
    )
    if kind == "csv":
        return csv_response(seating_csv(seats), f"{event.slug}-seating.csv")
    return pdf_response(seating_pdf(seats, event=event), f"{event.slug}-seating.pdf")


def register_page_links() -> None:
    """Organizer links; called from AppConfig.ready()."""
    from events.page_links import organizer_link

    organizer_link(
        label=gettext_lazy("Security vetting"),
        url_name="protocol:vetting",
        role=Role.ACCREDITATION,
        order=13,
    )
    organizer_link(
        label=gettext_lazy("Seating by precedence"),
        url_name="protocol:seating",
        role=Role.ACCREDITATION,
        order=14,
    )
