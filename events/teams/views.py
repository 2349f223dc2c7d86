"""The team page, `/manage/<slug>/settings/team/`, and the invitation's page.

Rules (the last administrator stays, who may accept an invitation) live in
events.teams.services and events.teams.invitations; these views read forms and answer.
Removing a member and cancelling an invitation ask for confirmation on a page of
their own (a plain form, no script needed).
"""

from django.contrib import messages
from django.contrib.auth import login
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from events.access import event_role_required
from events.audit.services import Actor
from events.errors import DomainError
from events.permissions import event_roles_held
from events.teams.forms import AccountForm, InviteForm, RoleForm
from events.teams.invitations import (
    GONE_MESSAGES,
    InvitationGone,
    invitation_needs_two_factor,
    team_invitation_accept,
    team_invitation_account,
    team_invitation_create,
    team_invitation_find,
    team_invitation_resend,
    team_invitation_revoke,
)
from events.teams.models import InvitationStatus, Role, TeamInvitation, TeamMembership
from events.teams.selectors import team_invitations_open, team_members
from events.teams.services import member_name, team_member_remove, team_member_role_change
from events.two_factor.services import user_has_confirmed_device

# The account was just made with a password: the backend that checks passwords signs it in.
PASSWORD_BACKEND = "django.contrib.auth.backends.ModelBackend"  # noqa: S105 - a class path


def _refuse(form, error: DomainError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


def _people(event) -> list[dict]:
    """One entry per person, with each of their memberships (one per role)."""
    people: dict[int, dict] = {}
    for membership in team_members(event=event):
        person = people.setdefault(
            membership.user_id,
            {"user": membership.user, "name": member_name(membership.user), "roles": []},
        )
        person["roles"].append(membership)
    return list(people.values())


@event_role_required(Role.ADMIN)
def team(request, event):
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = team_invitation_create(
                event=event,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                actor=Actor.from_request(request),
                language=translation.get_language(),
            )
        except DomainError as error:
            _refuse(form, error)
        else:
            messages.success(
                request,
                _("An invitation is on its way to %(email)s.") % {"email": invitation.email},
            )
            return redirect("manage:team", slug=event.slug)
    context = {
        "event": event,
        "form": form,
        "people": _people(event),
        "invitations": team_invitations_open(event=event),
        "roles": Role.choices,
        "now": timezone.now(),
    }
    return render(request, "manage/team.html", context, status=400 if form.errors else 200)


@event_role_required(Role.ADMIN)
def team_member_role(request, event, member_id: int):
    membership = get_object_or_404(TeamMembership, pk=member_id, event=event)
    if request.method != "POST":
        return redirect("manage:team", slug=event.slug)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the roles."))
        return redirect("manage:team", slug=event.slug)
    try:
        team_member_role_change(
            event=event,
            membership_id=membership.pk,
            role=form.cleaned_data["role"],
            actor=Actor.from_request(request),
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("%(name)s is now %(role)s.")
            % {"name": member_name(membership.user), "role": Role(form.cleaned_data["role"]).label},
        )
    return _back(request, event)


@event_role_required(Role.ADMIN)
def team_member_delete(request, event, member_id: int):
    membership = get_object_or_404(
        TeamMembership.objects.select_related("user"), pk=member_id, event=event
    )
    yourself = membership.user_id == request.user.pk
    if request.method == "POST":
        try:
            team_member_remove(
                event=event, membership_id=membership.pk, actor=Actor.from_request(request)
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("%(name)s is no longer %(role)s.")
                % {"name": member_name(membership.user), "role": membership.get_role_display()},
            )
        return _back(request, event)
    context = {"event": event, "membership": membership, "yourself": yourself}
    return render(request, "manage/team_member_remove.html", context)


def _back(request, event):
    """To the team page, or to the organizer home once the user is no longer an admin here."""
    if Role.ADMIN in event_roles_held(request.user, event):
        return redirect("manage:team", slug=event.slug)
    return redirect("manage:home")


def _invitation_step(request, event, invitation: TeamInvitation, step, done: str):
    """Run `step` (a service) on the invitation, then back to the team page saying how it went."""
    try:
        step(event=event, invitation_id=invitation.pk, actor=Actor.from_request(request))
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done % {"email": invitation.email})
    return redirect("manage:team", slug=event.slug)


@event_role_required(Role.ADMIN)
def team_invitation_send_again(request, event, invitation_id: int):
    invitation = get_object_or_404(TeamInvitation, pk=invitation_id, event=event)
    if request.method != "POST":
        return redirect("manage:team", slug=event.slug)
    done = _("A new link is on its way to %(email)s; the earlier one no longer works.")
    return _invitation_step(request, event, invitation, team_invitation_resend, done)


@event_role_required(Role.ADMIN)
def team_invitation_cancel(request, event, invitation_id: int):
    invitation = get_object_or_404(TeamInvitation, pk=invitation_id, event=event)
    if request.method == "POST":
        done = _("The invitation of %(email)s is cancelled.")
        return _invitation_step(request, event, invitation, team_invitation_revoke, done)
    context = {"event": event, "invitation": invitation}
    return render(request, "manage/team_invitation_cancel.html", context)


# --- The invited person's page --------------------------------------------------------------


def _gone(request, invitation, status: str):
    context = {"event": invitation.event, "message": GONE_MESSAGES[status]}
    return render(request, "manage/team_invitation_gone.html", context, status=410)


def _after_accepting(request, invitation):
    """A role that needs a second factor pairs an app first (when none is paired yet)."""
    event = invitation.event
    home = reverse("dashboard:index", args=[event.slug])
    messages.success(
        request,
        _("Welcome to the team of %(event)s as %(role)s.")
        % {"event": event.name, "role": invitation.get_role_display()},
    )
    if invitation_needs_two_factor(invitation) and not user_has_confirmed_device(user=request.user):
        setup = reverse("manage:two-factor-setup")
        return redirect(f"{setup}?{urlencode({'next': home})}")
    return redirect(home)


@never_cache
def team_invitation(request, token: str):
    invitation = team_invitation_find(raw=token)
    if invitation is None:
        raise Http404
    status = invitation.status
    if status != InvitationStatus.PENDING:
        return _gone(request, invitation, status)
    account = team_invitation_account(invitation)
    signed_in = request.user if request.user.is_authenticated else None
    form = AccountForm(request.POST or None) if account is None else None
    refusal = None
    if request.method == "POST" and (form is None or form.is_valid()):
        fields = form.cleaned_data if form is not None else {}
        try:
            team_invitation_accept(
                invitation_id=invitation.pk,
                actor=Actor.from_request(request),
                user=signed_in if account is not None else None,
                password=fields.get("password1", ""),
                first_name=fields.get("first_name", ""),
                last_name=fields.get("last_name", ""),
            )
        except InvitationGone as error:
            return _gone(request, invitation, error.invitation_status)
        except DomainError as error:
            if form is not None:
                _refuse(form, error)
            else:
                refusal = error.message
        else:
            invitation.refresh_from_db()
            if account is None:
                login(request, invitation.accepted_by, backend=PASSWORD_BACKEND)
            return _after_accepting(request, invitation)
    context = {
        "event": invitation.event,
        "invitation": invitation,
        "form": form,
        "account": account,
        "signed_in": signed_in,
        "right_account": signed_in is not None
        and account is not None
        and signed_in.pk == account.pk,
        "refusal": refusal,
        "login_url": f"{reverse('manage:login')}?{urlencode({'next': request.path})}",
        "needs_two_factor": invitation_needs_two_factor(invitation),
    }
    failed = request.method == "POST"
    return render(request, "manage/team_invitation.html", context, status=400 if failed else 200)
