"""Answers to addresses that hold a secret: no cache keeps them, no Referer hands them on.

The secret in `/me/<token>/…`, `/d/<token>/…` and their API twins opens a
registration or a delegation. A browser's disk cache, a shared proxy, or the
Referer header of the next request (a link followed, an image loaded) would pass
it on, so these answers carry `Cache-Control: no-store` and
`Referrer-Policy: no-referrer`, whatever the view answered (a 404, a redirect or
a form's error page included).

The personal calendar feed (`/feeds/<feed_secret>/calendar.ics`) is read-only and
made to be handed to a calendar client that polls it. `private, no-cache` lets
that client keep its copy and revalidate it with the feed's ETag and
Last-Modified (a 304 of a few bytes), while no shared cache may store it;
`no-store` would only make every poll download the whole feed again.

`no-referrer` has one more effect: a browser then sends `Origin: null` with the
forms of these pages (the Fetch standard ties the Origin of a form post to the
referrer policy), which Django's CSRF origin check refuses.
`SecretAddressCsrfMiddleware` takes that `null` for what our own policy asked
for on these addresses, and only there; the CSRF token (cookie and form field)
is still required, so a post forged from another site still fails.

The rule is keyed on the name of the URL's capture (`token`, `feed_secret`), not
on a list of views, so a page added later under such an address is covered too
(tests/registrations/registration/test_secret_addresses.py walks every route to prove it).
"""

from django.middleware.csrf import CsrfViewMiddleware

# Names of URL captures, not secrets.
PAGE_SECRET = "token"  # noqa: S105
FEED_SECRET = "feed_secret"  # noqa: S105
PAGE_CACHE_CONTROL = "no-store"
FEED_CACHE_CONTROL = "private, no-cache"


def page_secret_in_address(request) -> bool:
    match = getattr(request, "resolver_match", None)
    return match is not None and PAGE_SECRET in match.captured_kwargs


class SecretAddressCsrfMiddleware(CsrfViewMiddleware):
    """Django's CSRF protection, with the `Origin: null` of secret pages' forms allowed."""

    def _origin_verified(self, request):
        # Overrides Django 5.2's origin check (its token check runs after it, unchanged).
        if request.META.get("HTTP_ORIGIN") == "null" and page_secret_in_address(request):
            return True
        return super()._origin_verified(request)


class SecretAddressMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        captured = match.captured_kwargs if match is not None else {}
        if page_secret_in_address(request):
            response["Cache-Control"] = PAGE_CACHE_CONTROL
        elif FEED_SECRET in captured:
            response["Cache-Control"] = FEED_CACHE_CONTROL
        else:
            return response
        # Set before SecurityMiddleware's same-origin default, which keeps it.
        response["Referrer-Policy"] = "no-referrer"
        return response
