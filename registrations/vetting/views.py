"""Security vetting pages for accreditation officers, under /manage/<slug>/vetting/."""

from django.contrib import messages
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events.access import event_role_required
from events.audit.services import Actor, audit_record
from events.csv_files import csv_download
from events.jobs.tasks import job_enqueue
from events.page_links import organizer_link
from events.teams.models import Role
from events.two_factor.services import recent_two_factor_required
from registrations.registration.errors import RegistrationError
from registrations.registration.models import Status, VettingState
from registrations.vetting.api import photo_url_for
from registrations.vetting.forms import DecisionsUploadForm
from registrations.vetting.jobs import vetting_apply_queue
from registrations.vetting.services import (
    MAX_IMPORT_BYTES,
    WAITING_TO_BE_SENT,
    decisions_from_csv,
    vetting_batch_create,
    vetting_batch_csv,
    vetting_batch_rows,
    vetting_import,
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
            try:
                job = vetting_apply_queue(
                    event=event, rows=decisions_from_csv(content), actor=Actor.from_request(request)
                )
            except RegistrationError as error:
                form.add_error("file", error.message)
            else:
                job_enqueue(job)
                messages.success(
                    request,
                    _(
                        "The file is being checked again and applied (%(count)d rows); "
                        "if a row has an error, nothing is applied."
                    )
                    % {"count": job.total},
                )
                return redirect("manage:job", slug=event.slug, job_id=job.pk)
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
    return csv_download(vetting_batch_csv(rows), f"{event.slug}-vetting-{batch.number}.csv")


def register_page_links() -> None:
    """Organizer links; called from AppConfig.ready()."""
    organizer_link(
        label=gettext_lazy("Security vetting"),
        url_name="protocol:vetting",
        role=Role.ACCREDITATION,
        order=13,
    )
