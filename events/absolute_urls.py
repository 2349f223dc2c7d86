"""Absolute addresses for links that leave the site: emails, calendar files, copied links."""

from django.conf import settings


def absolute_url(path: str) -> str:
    """`path` (from `reverse()` or `get_absolute_url()`) on the site's public address."""
    return settings.SITE_URL.rstrip("/") + path
