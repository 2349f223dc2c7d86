"""The tokens page, `/manage/<slug>/settings/tokens/`: issue, list and revoke API tokens.

A new token's raw key is shown once, in the answer to the form that issued it (never in
an address, never stored: only its digest is kept), on a page no cache may keep.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from events.access import event_role_required
from events.audit.services import Actor
from events.errors import DomainError
from events.teams.models import Role
from events.tokens.console import api_token_create, api_token_withdraw
from events.tokens.forms import TokenForm
from events.tokens.models import ApiToken
from events.tokens.selectors import event_api_tokens


@never_cache
@event_role_required(Role.ADMIN)
def tokens(request, event):
    form = TokenForm(request.POST or None)
    issued = None
    if request.method == "POST" and form.is_valid():
        try:
            token, raw = api_token_create(
                event=event,
                actor=Actor.from_request(request),
                role=form.cleaned_data["role"],
                label=form.cleaned_data["label"],
                offline=form.cleaned_data["offline"],
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            issued = {"token": token, "raw": raw}
            form = TokenForm()
    context = {
        "event": event,
        "form": form,
        "issued": issued,
        "tokens": event_api_tokens(event=event),
    }
    return render(request, "manage/tokens.html", context, status=400 if form.errors else 200)


@event_role_required(Role.ADMIN)
def token_revoke(request, event, token_id: int):
    token = get_object_or_404(ApiToken, pk=token_id, event=event)
    if request.method == "POST":
        api_token_withdraw(event=event, token_id=token.pk, actor=Actor.from_request(request))
        messages.success(
            request,
            _("The token “%(name)s” is revoked: it no longer works.") % {"name": token.label},
        )
        return redirect("manage:tokens", slug=event.slug)
    if not token.is_active:
        messages.info(request, _("This token is already revoked."))
        return redirect("manage:tokens", slug=event.slug)
    return render(request, "manage/token_revoke.html", {"event": event, "token": token})
