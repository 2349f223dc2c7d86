"""Accreditation pages under /manage/<slug>/registrations/ and /manage/<slug>/invitations/."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST
from django_countries import countries

from events.access import event_role_required, same_origin_next
from events.audit.models import AuditEntry
from events.audit.services import Actor, audit_record
from events.jobs.tasks import job_enqueue
from events.summit.selectors import event_message_scope
from events.teams.models import Role
from events.two_factor.services import recent_two_factor_required
from notifications.selectors import messages_failed_to
from registrations.protocol.forms import FormOfAddressForm, ProtocolForm
from registrations.questions.display import answer_rows
from registrations.registration import forms_of_address
from registrations.registration.bulk import registrations_bulk_approve
from registrations.registration.corrections import registration_correct_email
from registrations.registration.errors import RegistrationError
from registrations.registration.forms import (
    DecisionForm,
    EmailCorrectionForm,
    InvitationBatchForm,
)
from registrations.registration.invitations import (
    invitation_create_shared,
    invitation_emails_parse,
    invitations_create_for_emails,
)
from registrations.registration.jobs import registrations_export_queue
from registrations.registration.models import Status
from registrations.registration.selectors import registration_by_reference, registration_list
from registrations.registration.services import (
    registration_approve,
    registration_reject,
    registration_revoke,
    registration_waitlist,
)
from registrations.registration.workflow import (
    OFFICER_DECISIONS,
    Action,
    registration_allowed_actions,
)
from registrations.vetting.services import vetting_withdraw_clearance

FILTERS = ("status", "category", "country", "delegation", "search", "rank", "order")


def _filtered(request, event):
    chosen = {name: request.GET.get(name, "").strip() for name in FILTERS}
    return registration_list(event=event, **chosen), chosen


@event_role_required(Role.ACCREDITATION)
def registration_index(request, event):
    registrations, chosen = _filtered(request, event)
    page = Paginator(registrations, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "event": event,
        "page": page,
        # The rows the bulk approval may select.
        "approvable": {
            registration.pk
            for registration in page
            if Action.APPROVE in registration_allowed_actions(registration)
        },
        "chosen": chosen,
        "query": query.urlencode(),
        "statuses": Status.choices,
        "categories": event.categories.all(),
        "delegations": event.delegations.all(),
        "ranks": event.protocol_ranks.all(),
        "countries": countries,
        "counts": dict(
            event.registrations.values_list("status").annotate(n=Count("pk")).order_by()
        ),
    }
    return render(request, "registrations/manage/list.html", context)


@event_role_required(Role.ACCREDITATION)
@recent_two_factor_required
def registration_export(request, event):
    """POST: the CSV of the filtered registrations, made by a job; this redirects to the
    job's page. A GET starts nothing (a link followed twice must not export twice): it
    shows the list with the same filters, where the button is."""
    list_url = reverse("manage_registrations:index", kwargs={"slug": event.slug})
    if request.method != "POST":
        query = request.GET.urlencode()
        return redirect(f"{list_url}?{query}" if query else list_url)
    job = registrations_export_queue(
        event=event, actor=Actor.from_request(request), filters=request.POST.dict()
    )
    job_enqueue(job)
    return redirect("manage:job", slug=event.slug, job_id=job.pk)


@event_role_required(Role.ACCREDITATION)
def registration_detail(request, event, reference: str):
    registration = registration_by_reference(event=event, reference=reference)
    if registration is None:
        raise Http404
    audit_record(
        event=event,
        actor=Actor.from_request(request),
        action="registration.viewed",
        obj=registration,
    )
    return _detail_page(request, event, registration, email_form=EmailCorrectionForm())


def _detail_page(request, event, registration, *, email_form, status=200):
    actions = registration_allowed_actions(registration)
    context = {
        "event": event,
        "registration": registration,
        "answers": answer_rows(registration),
        "history": AuditEntry.objects.filter(
            event=event, object_type="registrations.registration", object_id=registration.reference
        ).exclude(action="registration.viewed"),
        "form": DecisionForm(),
        "decisions": [decision for decision in OFFICER_DECISIONS if decision in actions],
        "badge_printable": Action.PRINT_BADGE in actions,
        "protocol_form": ProtocolForm(
            event=event,
            initial={
                "rank": registration.protocol_rank.slug if registration.protocol_rank else "",
                "order": registration.protocol_order,
            },
        ),
        "form_of_address_form": FormOfAddressForm(
            initial={"title": registration.title, "gender": registration.gender}
        ),
        "address_forms": forms_of_address.address_forms(registration),
        "email_form": email_form,
        "failed_messages": messages_failed_to(
            scope=event_message_scope(event), recipient=registration.email
        ).count(),
    }
    return render(request, "registrations/manage/detail.html", context, status=status)


@require_POST
@event_role_required(Role.ACCREDITATION)
def registration_correct_email_view(request, event, reference: str):
    registration = registration_by_reference(event=event, reference=reference)
    if registration is None:
        raise Http404
    form = EmailCorrectionForm(request.POST)
    if form.is_valid():
        try:
            correction = registration_correct_email(
                registration_id=registration.pk,
                email=form.cleaned_data["email"],
                actor=Actor.from_request(request),
            )
        except RegistrationError as error:
            form.add_error("email" if error.field == "email" else None, error.message)
        else:
            messages.success(
                request,
                ngettext(
                    "Email address corrected; %(count)d failed message queued again "
                    "to the new address.",
                    "Email address corrected; %(count)d failed messages queued again "
                    "to the new address.",
                    correction.messages_sent_again,
                )
                % {"count": correction.messages_sent_again},
            )
            return redirect("manage_registrations:detail", slug=event.slug, reference=reference)
    registration.refresh_from_db()
    return _detail_page(request, event, registration, email_form=form, status=400)


# Lazy: the message is shown in the officer's language, not the one active at import.
DECISIONS = {
    Action.APPROVE: (registration_approve, gettext_lazy("Registration approved.")),
    Action.REJECT: (registration_reject, gettext_lazy("Registration rejected.")),
    Action.WAITLIST: (
        registration_waitlist,
        gettext_lazy("Registration moved to the waiting list."),
    ),
    Action.REVOKE: (registration_revoke, gettext_lazy("Accreditation revoked.")),
    Action.WITHDRAW_CLEARANCE: (
        vetting_withdraw_clearance,
        gettext_lazy("Security clearance withdrawn; the accreditation and badge are revoked."),
    ),
}


# Decisions that cannot be undone: their button opens a confirmation page first (a POST
# without `confirm=yes` shows it and changes nothing).
CONFIRMED_DECISIONS = frozenset({Action.REJECT, Action.REVOKE, Action.WITHDRAW_CLEARANCE})


@require_POST
@event_role_required(Role.ACCREDITATION)
def registration_decide(request, event, reference: str, decision: str):
    registration = registration_by_reference(event=event, reference=reference)
    if registration is None or decision not in DECISIONS:
        raise Http404
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The reason is too long."))
        return redirect("manage_registrations:detail", slug=event.slug, reference=reference)
    if decision in CONFIRMED_DECISIONS and request.POST.get("confirm") != "yes":
        # Not undone: the reason typed on the registration's page comes along, to be
        # read (and corrected) before the officer confirms.
        context = {
            "event": event,
            "registration": registration,
            "decision": decision,
            "form": form,
            "badge_works": registration.status == Status.APPROVED,
        }
        return render(request, "registrations/manage/decision_confirm.html", context)
    step, done = DECISIONS[decision]
    options = {"reason": form.cleaned_data["reason"]}
    if decision == Action.REJECT:
        options["reason_visible"] = form.cleaned_data["reason_visible"]
    try:
        step(registration_id=registration.pk, actor=Actor.from_request(request), **options)
    except RegistrationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, str(done))
    return redirect("manage_registrations:detail", slug=event.slug, reference=reference)


@require_POST
@event_role_required(Role.ACCREDITATION)
def registration_bulk_approve(request, event):
    references = request.POST.getlist("reference")[:500]
    if not references:
        messages.error(request, _("Select the registrations to approve."))
        return redirect("manage_registrations:index", slug=event.slug)
    result = registrations_bulk_approve(
        event=event, references=references, actor=Actor.from_request(request)
    )
    summary = _("%(approved)d approved, %(refused)d not approved.") % {
        "approved": len(result.approved),
        "refused": len(result.refused),
    }
    (messages.success if not result.refused else messages.warning)(request, summary)
    for reference, reason in result.refused.items():
        messages.error(
            request,
            _("%(reference)s not approved: %(reason)s")
            % {"reference": reference, "reason": reason},
        )
    for reference, reason in result.messages_failed.items():
        messages.warning(
            request,
            _(
                "%(reference)s approved, but the approval message was not sent: %(reason)s "
                "Correct the address on the registration."
            )
            % {"reference": reference, "reason": reason},
        )
    index = reverse("manage_registrations:index", kwargs={"slug": event.slug})
    return redirect(same_origin_next(request, default=index))


def _report_invitations(request, batch) -> None:
    (messages.success if not batch.refused else messages.warning)(
        request,
        _("%(count)d invitations created and queued for sending.") % {"count": len(batch.created)},
    )
    for email, reason in batch.refused.items():
        messages.error(request, f"{email}: {reason}")
    for email, reason in batch.messages_failed.items():
        messages.warning(
            request,
            _("The invitation to %(email)s was not sent: %(reason)s")
            % {"email": email, "reason": reason},
        )


@event_role_required(Role.ACCREDITATION)
def invitation_index(request, event):
    form = InvitationBatchForm(request.POST or None, request.FILES or None, event=event)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        common = {
            "event": event,
            "category": data["category"],
            "actor": Actor.from_request(request),
            "expires_at": data["expires_at"],
            "skips_approval": data["skips_approval"],
            "delegation": data["delegation"],
        }
        try:
            if data["shared_uses"]:
                invitation = invitation_create_shared(max_uses=data["shared_uses"], **common)
                messages.success(
                    request, _("Shared code %(code)s created.") % {"code": invitation.code}
                )
            else:
                parsed = invitation_emails_parse(data["emails"] + "\n" + data["emails_file"])
                if parsed.errors:
                    for error in parsed.errors:
                        form.add_error("emails", error)
                    raise RegistrationError(_("Nothing was created; correct the list first."))
                batch = invitations_create_for_emails(
                    emails=parsed.emails, language=data["language"], **common
                )
                _report_invitations(request, batch)
        except RegistrationError as error:
            if error.field in form.fields:
                form.add_error(error.field, error.message)
            else:
                form.add_error(None, error.message)
        else:
            return redirect("manage_registrations:invitations", slug=event.slug)
    invitations = event.invitations.select_related("category", "delegation")[:500]
    return render(
        request,
        "registrations/manage/invitations.html",
        {"event": event, "form": form, "invitations": invitations},
        status=400 if form.errors else 200,
    )
