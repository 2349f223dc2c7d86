"""The setup pages of categories, zones and ranks; in the `manage` namespace
(events/manage_urls.py)."""

from django.urls import path

from events.setup import views

urlpatterns = [
    path("<slug:slug>/settings/categories/", views.categories, name="categories"),
    path("<slug:slug>/settings/categories/new/", views.category_create, name="category-create"),
    path("<slug:slug>/settings/categories/<int:category_id>/", views.category, name="category"),
    path("<slug:slug>/settings/zones/", views.zones, name="zones"),
    path("<slug:slug>/settings/zones/new/", views.zone_create, name="zone-create"),
    path("<slug:slug>/settings/zones/<int:zone_id>/", views.zone, name="zone"),
    path("<slug:slug>/settings/ranks/", views.ranks, name="ranks"),
    path("<slug:slug>/settings/ranks/new/", views.rank_create, name="rank-create"),
    path("<slug:slug>/settings/ranks/<int:rank_id>/", views.rank, name="rank"),
]
