"""The two-factor pages: pair an app, enter a code, new recovery codes, turn it off.

Rules (who may change what, and with which proof) live in events.two_factor.services;
OrganizerSessionMiddleware decides which pages a session not yet verified may open.
"""

from functools import wraps

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from events.access import same_origin_next
from events.audit.services import Actor
from events.two_factor.services import (
    REMOVAL_REFUSED,
    TwoFactorError,
    recovery_codes_replace,
    session_forget_verification,
    session_mark_verified,
    totp_device_pair,
    totp_device_pending,
    totp_device_remove,
    totp_qr_data_uri,
    totp_secret_base32,
    two_factor_page_url,
    two_factor_verify,
    user_has_confirmed_device,
    user_needs_two_factor,
)


def code_field(label) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text"}),
    )


class CodeForm(forms.Form):
    code = code_field(gettext_lazy("Code"))


PROOF_LABEL = gettext_lazy("A code from your current app, or a recovery code")


class ProofForm(forms.Form):
    """What proves, before a change, that the owner of the paired app is asking."""

    proof = code_field(PROOF_LABEL)


class PairForm(forms.Form):
    code = code_field(gettext_lazy("Code from the new app"))

    def __init__(self, *args, replacing: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if replacing:
            self.fields["proof"] = code_field(PROOF_LABEL)
            self.order_fields(["proof", "code"])


def next_url(request) -> str:
    return same_origin_next(request, default=reverse("manage:home"))


def verified_session_required(view):
    """Changing a paired second factor needs a session verified with it, whatever the role."""

    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if user_has_confirmed_device(user=request.user) and not request.user.is_verified():
            return redirect(two_factor_page_url(request))
        return view(request, *args, **kwargs)

    return wrapper


def _show_codes(request, codes: list[str]):
    return render(
        request, "manage/two_factor_codes.html", {"codes": codes, "next": next_url(request)}
    )


def _refuse(form: forms.Form, error: TwoFactorError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


@never_cache  # the page shows a secret: the app's key, or recovery codes
@verified_session_required
def two_factor_setup(request):
    """Pair an authenticator app, the first or one in place of the old; shows new recovery codes."""
    replacing = user_has_confirmed_device(user=request.user)
    device = totp_device_pending(user=request.user)
    form = PairForm(request.POST or None, replacing=replacing)
    if request.method == "POST" and form.is_valid():
        try:
            change = totp_device_pair(
                user=request.user,
                code=form.cleaned_data["code"],
                proof=form.cleaned_data.get("proof", ""),
                actor=Actor.from_request(request),
                language=translation.get_language(),
            )
        except TwoFactorError as error:
            _refuse(form, error)
        else:
            session_mark_verified(request, change.device)
            return _show_codes(request, change.recovery_codes)
    context = {
        "form": form,
        "qr": totp_qr_data_uri(device),
        "secret": totp_secret_base32(device),
        "next": next_url(request),
        "replacing": replacing,
        "may_remove": replacing and not user_needs_two_factor(user=request.user),
    }
    return render(
        request, "manage/two_factor_setup.html", context, status=400 if form.errors else 200
    )


@never_cache  # the page shows a secret: the app's key, or recovery codes
@verified_session_required
def two_factor_recovery_codes(request):
    """New recovery codes, in place of the old ones."""
    form = ProofForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            change = recovery_codes_replace(
                user=request.user,
                proof=form.cleaned_data["proof"],
                actor=Actor.from_request(request),
                language=translation.get_language(),
            )
        except TwoFactorError as error:
            _refuse(form, error)
        else:
            session_mark_verified(request, change.device)
            return _show_codes(request, change.recovery_codes)
    context = {
        "form": form,
        "title": _("New recovery codes"),
        "intro": _("Your current recovery codes stop working and you get ten new ones."),
        "button": _("Make new recovery codes"),
    }
    return render(
        request, "manage/two_factor_confirm.html", context, status=400 if form.errors else 200
    )


@verified_session_required
def two_factor_remove(request):
    """Turn two-factor sign-in off: for accounts whose roles no longer need it."""
    if user_needs_two_factor(user=request.user):
        messages.error(request, REMOVAL_REFUSED)
        return redirect("manage:two-factor-setup")
    form = ProofForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            totp_device_remove(
                user=request.user,
                proof=form.cleaned_data["proof"],
                actor=Actor.from_request(request),
                language=translation.get_language(),
            )
        except TwoFactorError as error:
            _refuse(form, error)
        else:
            session_forget_verification(request)
            messages.success(request, _("Two-factor sign-in is off."))
            return redirect("manage:home")
    context = {
        "form": form,
        "title": _("Turn off two-factor sign-in"),
        "intro": _(
            "Your authenticator app and your recovery codes are removed; signing in then "
            "needs your password only."
        ),
        "button": _("Turn off two-factor sign-in"),
    }
    return render(
        request, "manage/two_factor_confirm.html", context, status=400 if form.errors else 200
    )


@login_required
def two_factor_verify_view(request):
    if not user_has_confirmed_device(user=request.user):
        setup = reverse("manage:two-factor-setup")
        return redirect(f"{setup}?{urlencode({'next': next_url(request)})}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = two_factor_verify(user=request.user, code=form.cleaned_data["code"])
        if device is not None:
            session_mark_verified(request, device)
            return redirect(next_url(request))
        form.add_error(
            "code",
            _(
                "This code is not right. Enter the newest code shown in your app, "
                "or a recovery code."
            ),
        )
    return render(
        request,
        "manage/two_factor_verify.html",
        {"form": form, "next": next_url(request)},
        status=400 if form.errors else 200,
    )
