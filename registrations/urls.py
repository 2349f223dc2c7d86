"""Every page of the registrations app: one include per subpackage, namespaces unchanged.

The namespaces are what templates and `reverse()` name, so they stay as they were
before the subpackages: `registrations` (the public form, the registrant's page,
the delegation's page) and `manage_registrations` (registrations, invitations and
delegations for officers) gather the patterns of two subpackages each, `protocol`
those of vetting and protocol; badges, privacy, vehicles and checkin name their own.
"""

from django.urls import include, path

from events.urlconf import namespace
from registrations.delegations import manage_urls as delegation_manage_urls
from registrations.delegations import urls as delegation_urls
from registrations.imports import urls as import_urls
from registrations.protocol import urls as protocol_urls
from registrations.questions import manage_urls as question_manage_urls
from registrations.registration import manage_urls as registration_manage_urls
from registrations.registration import urls as registration_urls
from registrations.vetting import urls as vetting_urls

urlpatterns = [
    path("", include(namespace("registrations", registration_urls, delegation_urls))),
    path("", include("registrations.badges.urls")),
    path("", include("registrations.privacy.urls")),
    path("", include("registrations.vehicles.urls")),
    path(
        "manage/",
        include(
            namespace(
                "manage_registrations",
                question_manage_urls,
                import_urls,
                registration_manage_urls,
                delegation_manage_urls,
            )
        ),
    ),
    path("manage/", include("registrations.checkin.urls")),
    path("manage/", include("registrations.mailings.urls")),
    path("manage/", include(namespace("protocol", vetting_urls, protocol_urls))),
]
