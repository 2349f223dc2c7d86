"""Access to organizer pages: signed in, and holding a role on the URL's event."""

from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.http import url_has_allowed_host_and_scheme

from events.permissions import event_roles_held, roles_allowing
from events.summit.models import Event


def event_role_required(*roles: str):
    """Wraps a view `(request, slug, …)` into `(request, event, …)`.

    Anonymous visitors are sent to sign in; signed-in users without one of
    `roles` (or admin) on the event get 403; an unknown event is 404.
    """
    allowed = roles_allowing(roles)

    def decorator(view):
        @wraps(view)
        def wrapper(request, slug, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            event = get_object_or_404(Event, slug=slug)
            held = event_roles_held(request.user, event)
            if not held & allowed:
                raise PermissionDenied
            request.event_roles = held
            return view(request, event, *args, **kwargs)

        return wrapper

    return decorator


def same_origin_next(request, *, default: str) -> str:
    """The `next` address of the request when it stays on this site, else `default`.

    Same host and same scheme as the request (a path is best), and https only in
    production (`DEBUG` off) or on a secure request: an `http://` address of our
    own host would send the browser off TLS.
    """
    target = request.POST.get("next") or request.GET.get("next") or ""
    require_https = request.is_secure() or not settings.DEBUG
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=require_https
    ) and urlsplit(target).scheme in ("", request.scheme):
        return target
    return default
