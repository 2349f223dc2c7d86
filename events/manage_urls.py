"""Organizer pages of the events app under /manage/, in the `manage` namespace.

One include per subpackage; the namespace (what templates and `reverse()` name)
is unchanged.
"""

from django.urls import include, path

from events.audit import urls as audit_urls
from events.jobs import urls as jobs_urls
from events.outbox import urls as outbox_urls
from events.setup import manage_urls as setup_manage_urls
from events.summit import manage_urls as summit_manage_urls
from events.teams import manage_urls as team_urls
from events.tokens import manage_urls as token_urls
from events.two_factor import urls as two_factor_urls
from events.urlconf import namespace

urlpatterns = [
    path(
        "",
        include(
            namespace(
                "manage",
                summit_manage_urls,
                setup_manage_urls,
                two_factor_urls,
                audit_urls,
                outbox_urls,
                jobs_urls,
                team_urls,
                token_urls,
            )
        ),
    ),
]
