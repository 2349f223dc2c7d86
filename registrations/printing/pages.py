"""The officer's page of a printable pass, and its print and QR answers.

A badge (registrations/badges/views.py) and a vehicle pass
(registrations/vehicles/views.py) are shown, printed and previewed the same way:
the page (templates/registrations/pass_page.html) shows the pass with its QR code,
how often it was printed and its audit trail; printing goes through the pass's
service, which refuses what may not be printed and counts every print; the QR
image exists only while there is a pass to show.
"""

from collections.abc import Callable

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from events.audit.models import AuditEntry
from events.errors import DomainError
from registrations.printing.downloads import pdf_response, png_response
from registrations.printing.qr import qr_png

# How much of a pass's audit trail its page shows, newest first.
HISTORY_LENGTH = 50


def pass_page(
    request,
    template: str,
    *,
    event,
    audit_of: tuple[str, str],
    audit_actions: str = "",
    **context,
) -> HttpResponse:
    """Render a pass page: `context` plus the event and the pass's latest audit entries.

    `audit_of` is the (object_type, object_id) the pass's steps are audited under;
    `audit_actions` keeps only the actions starting with it (a registration's audit
    trail also holds its other steps).
    """
    object_type, object_id = audit_of
    audit = AuditEntry.objects.filter(event=event, object_type=object_type, object_id=object_id)
    if audit_actions:
        audit = audit.filter(action__startswith=audit_actions)
    return render(request, template, {"event": event, "audit": audit[:HISTORY_LENGTH], **context})


def pass_pdf(
    request, *, print_pass: Callable[[], bytes], filename: str, refused_url: str
) -> HttpResponse:
    """The PDF `print_pass()` makes (it checks the pass may be printed, draws it and
    counts the print); a refusal goes back to `refused_url` with its message."""
    try:
        data = print_pass()
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(refused_url)
    return pdf_response(data, filename)


def pass_qr(code: str | None, filename: str) -> HttpResponse:
    """The pass's QR code as a PNG; 404 while there is no pass to show (`code` None)."""
    if code is None:
        raise Http404
    return png_response(qr_png(code), filename)
