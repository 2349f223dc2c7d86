"""Calendar feeds; in the `agenda` namespace (agenda/urls.py)."""

from django.urls import path

from agenda.calendars import views

urlpatterns = [
    path("e/<slug:slug>/agenda.ics", views.agenda_ics, name="agenda-ics"),
    path("e/<slug:slug>/sessions/<int:session_id>.ics", views.session_ics, name="session-ics"),
    path("me/<str:token>/calendar.ics", views.personal_ics, name="personal-ics"),
    path("feeds/<str:feed_secret>/calendar.ics", views.personal_feed_ics, name="personal-feed"),
]
