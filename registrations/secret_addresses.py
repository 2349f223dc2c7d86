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

The rule is keyed on the name of the URL's capture (`token`, `feed_secret`), not
on a list of views, so a page added later under such an address is covered too
(tests/registrations/test_secret_addresses.py walks every route to prove it).
"""

# Names of URL captures, not secrets.
PAGE_SECRET = "token"  # noqa: S105
FEED_SECRET = "feed_secret"  # noqa: S105
PAGE_CACHE_CONTROL = "no-store"
FEED_CACHE_CONTROL = "private, no-cache"


class SecretAddressMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        captured = match.captured_kwargs if match is not None else {}
        if PAGE_SECRET in captured:
            response["Cache-Control"] = PAGE_CACHE_CONTROL
        elif FEED_SECRET in captured:
            response["Cache-Control"] = FEED_CACHE_CONTROL
        else:
            return response
        # Set before SecurityMiddleware's same-origin default, which keeps it.
        response["Referrer-Policy"] = "no-referrer"
        return response
