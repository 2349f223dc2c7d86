"""The setup API's routes for categories, zones and ranks, under /api/v1/ (events/api_urls.py)."""

from django.urls import path

from events.setup import api

urlpatterns = [
    path("events/<slug:slug>/categories/", api.CategoryListView.as_view(), name="api-categories"),
    path(
        "events/<slug:slug>/categories/<int:category_id>/",
        api.CategoryDetailView.as_view(),
        name="api-category",
    ),
    path("events/<slug:slug>/zones/", api.ZoneListView.as_view(), name="api-zones"),
    path("events/<slug:slug>/zones/<int:zone_id>/", api.ZoneDetailView.as_view(), name="api-zone"),
    path("events/<slug:slug>/ranks/", api.RankListView.as_view(), name="api-ranks"),
    path("events/<slug:slug>/ranks/<int:rank_id>/", api.RankDetailView.as_view(), name="api-rank"),
]
