from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django_otp import login as otp_login

from events.two_factor import (
    totp_device_confirm,
    totp_device_pending,
    totp_qr_data_uri,
    totp_secret_base32,
    two_factor_verify,
    user_has_confirmed_device,
)


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text"}),
    )


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return "/manage/"


@login_required
def two_factor_setup(request):
    """Pair an authenticator app; shows the recovery codes once, on success."""
    device = totp_device_pending(user=request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = totp_device_confirm(user=request.user, code=form.cleaned_data["code"])
        if codes is None:
            form.add_error(
                "code", _("This code is not right. Enter the current code from your app.")
            )
        else:
            otp_login(request, request.user.totpdevice_set.get(confirmed=True))
            return render(
                request,
                "manage/two_factor_codes.html",
                {"codes": codes, "next": _next_url(request)},
            )
    context = {
        "form": form,
        "qr": totp_qr_data_uri(device),
        "secret": totp_secret_base32(device),
        "next": _next_url(request),
        "replacing": user_has_confirmed_device(user=request.user),
    }
    return render(
        request, "manage/two_factor_setup.html", context, status=400 if form.errors else 200
    )


@login_required
def two_factor_verify_view(request):
    if not user_has_confirmed_device(user=request.user):
        return redirect("manage:two-factor-setup")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = two_factor_verify(user=request.user, code=form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            return redirect(_next_url(request))
        form.add_error(
            "code", _("This code is not right. Try the current code or a recovery code.")
        )
    return render(
        request,
        "manage/two_factor_verify.html",
        {"form": form, "next": _next_url(request)},
        status=400 if form.errors else 200,
    )
