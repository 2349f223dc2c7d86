"""The import pages: upload, then map and check, then apply (accreditation, recent 2FA)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from events.access import event_role_required
from events.audit.services import Actor
from events.jobs.models import JobStatus
from events.jobs.views import RELOAD_SECONDS
from events.teams.models import Role
from events.two_factor.services import recent_two_factor_required
from registrations.imports.forms import ImportMappingForm, ImportUploadForm
from registrations.imports.jobs import import_queue
from registrations.imports.models import RegistrationImport
from registrations.imports.reading import table_read
from registrations.imports.services import import_create, import_map
from registrations.registration.errors import RegistrationError

# Rows with errors listed on the page; the job's JSON status has them all.
ROWS_SHOWN = 500


@event_role_required(Role.ACCREDITATION)
@recent_two_factor_required
def import_index(request, event):
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            table = table_read(name=upload.name, content=upload.read())
        except RegistrationError as error:
            form.add_error("file", error.message)
        else:
            imported = import_create(
                event=event, name=upload.name, table=table, actor=Actor.from_request(request)
            )
            return redirect(
                "manage_registrations:import-detail", slug=event.slug, import_id=imported.pk
            )
    context = {
        "event": event,
        "form": form,
        "imports": RegistrationImport.objects.filter(event=event)
        .defer("rows")
        .select_related("check_job", "apply_job")[:20],
    }
    status = 400 if form.errors else 200
    return render(request, "registrations/manage/import.html", context, status=status)


@event_role_required(Role.ACCREDITATION)
@recent_two_factor_required
def import_detail(request, event, import_id: int):
    imported = get_object_or_404(
        RegistrationImport.objects.select_related("check_job", "apply_job"),
        event=event,
        pk=import_id,
    )
    form = ImportMappingForm(request.POST or None, imported=imported)
    if request.method == "POST" and form.is_valid():
        apply = request.POST.get("action") == "apply"
        try:
            import_map(
                imported=imported,
                mapping=form.mapping(),
                send_confirmations=form.cleaned_data["send_confirmations"],
            )
            job = import_queue(imported=imported, actor=Actor.from_request(request), apply=apply)
        except RegistrationError as error:
            form.add_error(None, error.message)
        else:
            if apply:
                messages.success(
                    request,
                    _("The import has started: %(count)d rows.") % {"count": job.total},
                )
                return redirect("manage:job", slug=event.slug, job_id=job.pk)
            return redirect(
                "manage_registrations:import-detail", slug=event.slug, import_id=imported.pk
            )
    check = imported.check_job
    checked = check is not None and check.status == JobStatus.DONE
    rows = check.outcome.get("rows", []) if checked else []
    context = {
        "event": event,
        "imported": imported,
        "form": form,
        "check": check,
        "checked": checked,
        "check_counts": check.outcome.get("counts", {}) if checked else {},
        "check_message": check.outcome.get("message", "") if checked else "",
        "error_rows": rows[:ROWS_SHOWN],
        "rows_hidden": max(len(rows) - ROWS_SHOWN, 0),
        "reload_seconds": RELOAD_SECONDS if check is not None and not check.finished else None,
        "apply": imported.apply_job,
    }
    status = 400 if form.errors else 200
    return render(request, "registrations/manage/import_detail.html", context, status=status)
