"""The tokens API's routes, under /api/v1/ (events/api_urls.py)."""

from django.urls import path

from events.tokens import api

urlpatterns = [
    path("events/<slug:slug>/tokens/", api.TokenListView.as_view(), name="api-tokens"),
    path(
        "events/<slug:slug>/tokens/<int:token_id>/",
        api.TokenDetailView.as_view(),
        name="api-token",
    ),
]
