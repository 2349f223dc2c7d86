"""Every public page of the agenda, in the `agenda` namespace: one include per subpackage.

The namespace is what templates and `reverse()` name, so it stays as it was before
the subpackages; it gathers the programme's pages, the calendar feeds, the personal
agenda's forms and the delegation's bilateral meetings.
"""

from django.urls import include, path

from agenda.bilaterals import urls as bilateral_urls
from agenda.calendars import urls as calendar_urls
from agenda.personal import urls as personal_urls
from agenda.programme import urls as programme_urls
from events.urlconf import namespace

urlpatterns = [
    path(
        "",
        include(namespace("agenda", programme_urls, calendar_urls, personal_urls, bilateral_urls)),
    ),
]
