"""The agenda's organizer pages under /manage/, in the `manage_agenda` namespace (unchanged):
one include per subpackage."""

from django.urls import include, path

from agenda.bilaterals import manage_urls as bilateral_urls
from agenda.programme import manage_urls as programme_urls
from agenda.releases import manage_urls as release_urls
from events.urlconf import namespace

urlpatterns = [
    path("", include(namespace("manage_agenda", programme_urls, release_urls, bilateral_urls))),
]
