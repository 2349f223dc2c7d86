"""Absolute addresses for links that leave the site: emails, calendar files, copied links."""

from django.conf import settings


def absolute_url(path: str) -> str:
    """`path` (from `reverse()` or `get_absolute_url()`) on the site's public address."""
    return settings.SITE_URL.rstrip("/") + path


def request_absolute_url(request, path: str) -> str:
    """`path` on the address `request` came to (an API answer's links), else on the site's.

    A serializer passes `self.context.get("request")`: answering a request, its links point
    where the client called; used off a request, they still are absolute.
    """
    return request.build_absolute_uri(path) if request is not None else absolute_url(path)
