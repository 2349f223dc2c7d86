"""Organizer sessions: two factors for sensitive roles, and an idle timeout."""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from events.two_factor.services import (
    two_factor_page_url,
    user_has_confirmed_device,
    user_needs_two_factor,
)

SESSION_LAST_SEEN = "summit:last_seen"
PROTECTED_PREFIXES = ("/manage/", "/admin/", "/api/")


class OrganizerSessionMiddleware:
    """For signed-in organizers (session, not API tokens):

    - holders of the admin or accreditation role (and superusers) must pass
      two-factor verification before any organizer page, the admin or a
      session-authenticated API call; until then a session reaches only the
      code page, sign-out (and sign-in), and the setup page while no app is
      paired yet;
    - a session idle for longer than its timeout (15 minutes for those roles)
      is signed out.

    Both are decided from the user's roles on every request (one query), never
    remembered in the session: a role granted mid-session asks for the second
    factor and shortens the idle limit at the next request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        sensitive = user_needs_two_factor(user=user)
        if self._idle_too_long(request, sensitive):
            logout(request)
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": _("Your session expired.")}, status=401)
            return redirect(f"{reverse('manage:login')}?{urlencode({'next': request.path})}")
        if sensitive and self._needs_verification(request):
            if request.path.startswith("/api/"):
                if request.META.get("HTTP_AUTHORIZATION", "").lower().startswith("bearer "):
                    return self.get_response(request)  # a token, not this session, is used
                return JsonResponse(
                    {"detail": _("Two-factor verification is required.")}, status=403
                )
            return redirect(two_factor_page_url(request))
        return self.get_response(request)

    @staticmethod
    def _idle_too_long(request, sensitive: bool) -> bool:
        limit = (
            settings.SESSION_IDLE_TIMEOUT_SENSITIVE if sensitive else settings.SESSION_IDLE_TIMEOUT
        )
        now = int(time.time())
        last_seen = request.session.get(SESSION_LAST_SEEN, now)
        request.session[SESSION_LAST_SEEN] = now
        return now - last_seen > limit

    @staticmethod
    def _needs_verification(request) -> bool:
        if not request.path.startswith(PROTECTED_PREFIXES) or request.user.is_verified():
            return False
        open_before_verification = (
            reverse("manage:login"),
            reverse("manage:logout"),
            reverse("manage:two-factor-verify"),
        )
        if request.path in open_before_verification:
            return False
        if request.path == reverse("manage:two-factor-setup"):
            # The first app is paired with the password alone; replacing one is not.
            return user_has_confirmed_device(user=request.user)
        return True
