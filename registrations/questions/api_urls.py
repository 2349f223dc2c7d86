"""The questions' API routes, under /api/v1/ (registrations/api_urls.py)."""

from django.urls import path

from registrations.questions import api

urlpatterns = [
    path("events/<slug:slug>/questions/", api.QuestionListView.as_view(), name="api-questions"),
    path(
        "events/<slug:slug>/questions/<int:question_id>/",
        api.QuestionDetailView.as_view(),
        name="api-question",
    ),
]
