"""Badge pages: officers print and reissue (/manage/<slug>/badges/), registrants download
their own (/me/<token>/badge.pdf and badge.png), and the badge section of /me/<token>/."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from events.access import event_role_required
from events.audit.services import Actor, audit_record
from events.client_address import client_ip
from events.jobs.tasks import job_enqueue
from events.page_links import organizer_link
from events.teams.models import Role
from registrations.badges.jobs import badges_batch_queue
from registrations.badges.render import registration_badge_pdf
from registrations.badges.services import (
    badge_current,
    badge_for_printing,
    badge_history,
    badge_qr_text,
    badge_reissue,
    badges_for_batch,
    badges_record_print,
)
from registrations.printing.downloads import pdf_response
from registrations.printing.pages import pass_page, pass_pdf, pass_qr
from registrations.registration.errors import RegistrationError
from registrations.registration.models import Status
from registrations.registration.pages import registrant_page_section
from registrations.registration.selectors import registration_by_reference, registration_by_token

SHEETS = [
    ("card", gettext_lazy("One badge per page (card printer)")),
    ("a4", gettext_lazy("A4 sheets with cut lines")),
]


# --- Officers ------------------------------------------------------------------------

# The list's "printed" filter: its values and what the links say.
PRINTED_FILTERS = {
    "": gettext_lazy("All"),
    "no": gettext_lazy("Not printed yet"),
    "yes": gettext_lazy("Printed"),
}


@event_role_required(Role.ACCREDITATION)
def badges_index(request, event):
    """Batch printing (POST starts the job that makes the PDF) and the approved
    registrations with print counts."""
    chosen = {
        "category": (request.POST or request.GET).get("category", "").strip(),
        "delegation": (request.POST or request.GET).get("delegation", "").strip(),
        "sheet": (request.POST or request.GET).get("sheet", "card"),
    }
    if request.method == "POST":
        try:
            job = badges_batch_queue(
                event=event,
                actor=Actor.from_request(request),
                category=chosen["category"],
                delegation=chosen["delegation"],
                sheet=chosen["sheet"],
            )
        except RegistrationError as error:
            messages.error(request, error.message)
            return redirect("badges:index", slug=event.slug)
        job_enqueue(job)
        return redirect("manage:job", slug=event.slug, job_id=job.pk)
    printed = request.GET.get("printed", "")
    printed = printed if printed in PRINTED_FILTERS else ""
    registrations = badges_for_batch(
        event=event, category=chosen["category"], delegation=chosen["delegation"], printed=printed
    ).prefetch_related("badges")
    page = Paginator(registrations, 50).get_page(request.GET.get("page"))
    rows = []
    for registration in page:
        current = next((badge for badge in registration.badges.all() if badge.is_current), None)
        rows.append((registration, current))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "event": event,
        "chosen": chosen,
        "page": page,
        "rows": rows,
        "query": query.urlencode(),
        "categories": event.categories.all(),
        "delegations": event.delegations.all(),
        "sheets": SHEETS,
        "printed": printed,
        "printed_filters": [
            (value, label, _filter_query(query, printed=value))
            for value, label in PRINTED_FILTERS.items()
        ],
    }
    return render(request, "registrations/badges/index.html", context)


def _filter_query(query, **changes) -> str:
    changed = query.copy()
    for name, value in changes.items():
        if value:
            changed[name] = value
        else:
            changed.pop(name, None)
    return changed.urlencode()


def _registration(event, reference):
    registration = registration_by_reference(event=event, reference=reference)
    if registration is None:
        raise Http404
    return registration


@event_role_required(Role.ACCREDITATION)
def badge_detail(request, event, reference: str):
    registration = _registration(event, reference)
    return pass_page(
        request,
        "registrations/badges/detail.html",
        event=event,
        audit_of=("registrations.registration", registration.reference),
        audit_actions="badge.",
        registration=registration,
        badge=badge_current(registration=registration),
        history=badge_history(registration=registration),
        approved=registration.status == Status.APPROVED,
    )


@event_role_required(Role.ACCREDITATION)
def badge_print(request, event, reference: str):
    """The badge PDF for the officer's printer; counted, so a second copy shows “printed 2×”."""
    registration = _registration(event, reference)
    actor = Actor.from_request(request)

    def print_badge() -> bytes:
        badge = badge_for_printing(registration=registration, actor=actor)
        data = registration_badge_pdf(registration, badge)
        badges_record_print(event=event, badges=[badge], actor=actor)
        return data

    return pass_pdf(
        request,
        print_pass=print_badge,
        filename=f"badge-{registration.reference}.pdf",
        refused_url=reverse(
            "badges:detail", kwargs={"slug": event.slug, "reference": registration.reference}
        ),
    )


@event_role_required(Role.ACCREDITATION)
def badge_qr(request, event, reference: str):
    registration = _registration(event, reference)
    badge = badge_current(registration=registration)
    code = badge_qr_text(badge) if badge is not None else None
    return pass_qr(code, f"{registration.reference}.png")


@require_POST
@event_role_required(Role.ACCREDITATION)
def badge_reissue_view(request, event, reference: str):
    """A POST with `confirm=yes` reissues; without it (the badge page's button), the
    confirmation page says what stops working, with the reason to check."""
    registration = _registration(event, reference)
    reason = request.POST.get("reason", "")[:300]
    if request.POST.get("confirm") != "yes":
        context = {
            "event": event,
            "registration": registration,
            "badge": badge_current(registration=registration),
            "reason": reason,
        }
        return render(request, "registrations/badges/reissue_confirm.html", context)
    try:
        badge = badge_reissue(
            registration_id=registration.pk,
            actor=Actor.from_request(request),
            reason=reason,
        )
    except RegistrationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Badge version %(version)d issued; the previous badge no longer opens any door.")
            % {"version": badge.version},
        )
    return redirect("badges:detail", slug=event.slug, reference=registration.reference)


# --- The registrant ------------------------------------------------------------------------


def _approved_registration(token: str):
    registration = registration_by_token(token=token)
    if registration is None or registration.status != Status.APPROVED:
        raise Http404
    return registration


def me_badge(request, token: str, kind: str):
    """The registrant's own badge, once approved (PDF to print, PNG to show on a phone)."""
    registration = _approved_registration(token)
    actor = Actor(label="registrant", client_ip=client_ip(request))
    badge = badge_for_printing(registration=registration, actor=actor)
    audit_record(
        event=registration.event,
        actor=actor,
        action="badge.downloaded",
        obj=registration,
        data={"version": badge.version, "format": kind},
    )
    if kind == "png":
        return pass_qr(badge_qr_text(badge), f"{registration.reference}.png")
    return pdf_response(
        registration_badge_pdf(registration, badge), f"badge-{registration.reference}.pdf"
    )


def badge_section(registration, request) -> dict:
    """The badge block of the registrant's page (registered from RegistrationsConfig.ready)."""
    if registration.status != Status.APPROVED:
        return {"approved": False}
    token = registration.secret_token
    return {
        "approved": True,
        "pdf_url": reverse("badges:me-badge-pdf", kwargs={"token": token}),
        "png_url": reverse("badges:me-badge-png", kwargs={"token": token}),
    }


def register_page_hooks() -> None:
    """Badge section on /me/<token>/ and organizer links; called from AppConfig.ready()."""
    registrant_page_section(
        template="registrations/badge_section.html", context=badge_section, order=20
    )
    organizer_link(
        label=gettext_lazy("Badges"), url_name="badges:index", role=Role.ACCREDITATION, order=25
    )
    organizer_link(
        label=gettext_lazy("Door scanner"), url_name="checkin:scanner", role=Role.CHECKIN, order=30
    )
    organizer_link(
        label=gettext_lazy("Check-in dashboard"),
        url_name="checkin:dashboard",
        role=Role.CHECKIN,
        order=31,
    )
