"""Who is asking: the one place that decides a request's client address.

Throttles, the form rate limits, the sign-in lockout and the audit log all ask
`client_ip`, so they can never disagree about who a client is.

`X-Forwarded-For` is written by whoever sends the request; only the entries our
own proxies appended can be believed. Each proxy appends the address it got the
request from, so with TRUSTED_PROXY_COUNT = N proxies in front, the N-th entry
from the right is the address the outermost proxy saw: the client. Entries left
of it are the client's own claims and are never read. With N = 0 (nothing in
front) the header is ignored altogether, whatever it says.
"""

import ipaddress

from django.conf import settings


def client_ip(request) -> str:
    """The client's address; the peer's (REMOTE_ADDR) when the proxies vouch for none."""
    peer = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return peer
    entries = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    if len(entries) < proxies:
        # Fewer hops than proxies: the request did not come the documented way.
        return peer
    try:
        # Normalized, so that one address is one throttle and one lockout key.
        return str(ipaddress.ip_address(entries[-proxies].strip()))
    except ValueError:
        return peer
