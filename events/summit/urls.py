"""The public pages: the list of summits and each summit's page."""

from django.urls import path

from events.summit import views

app_name = "public"

urlpatterns = [
    path("", views.home, name="home"),
    path("e/<slug:slug>/", views.event_detail, name="event"),
]
