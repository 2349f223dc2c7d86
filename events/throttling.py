"""API throttles per client and per event, counted in the shared cache (Redis in production)."""

from rest_framework.throttling import ScopedRateThrottle


class EventRateThrottle(ScopedRateThrottle):
    """All clients of one event together: `<throttle_scope>-event` in the rates.

    A per-client limit alone lets many addresses flood one summit; this caps the
    event's total, well above what its real traffic needs.
    """

    def allow_request(self, request, view):
        scope = getattr(view, "throttle_scope", None)
        if not scope:
            return True
        self.scope = f"{scope}-event"
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super(ScopedRateThrottle, self).allow_request(request, view)

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": view.kwargs.get("slug", "")}
