"""The tokens page; in the `manage` namespace (events/manage_urls.py)."""

from django.urls import path

from events.tokens import views

urlpatterns = [
    path("<slug:slug>/settings/tokens/", views.tokens, name="tokens"),
    path(
        "<slug:slug>/settings/tokens/<int:token_id>/revoke/",
        views.token_revoke,
        name="token-revoke",
    ),
]
