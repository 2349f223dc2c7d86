"""Vehicle pass API routes, included under /api/v1/ (registrations/api_urls.py)."""

from django.urls import path

from registrations.vehicles import api

urlpatterns = [
    path(
        "events/<slug:slug>/vehicles/",
        api.VehicleListCreateView.as_view(),
        name="api-vehicles",
    ),
    path(
        "events/<slug:slug>/vehicles/<int:vehicle_id>/",
        api.VehicleDetailView.as_view(),
        name="api-vehicle",
    ),
    path(
        "events/<slug:slug>/vehicles/<int:vehicle_id>/approve/",
        api.VehicleApproveView.as_view(),
        name="api-vehicle-approve",
    ),
    path(
        "events/<slug:slug>/vehicles/<int:vehicle_id>/reject/",
        api.VehicleRejectView.as_view(),
        name="api-vehicle-reject",
    ),
    path(
        "events/<slug:slug>/vehicles/<int:vehicle_id>/revoke/",
        api.VehicleRevokeView.as_view(),
        name="api-vehicle-revoke",
    ),
    path(
        "events/<slug:slug>/vehicles/<int:vehicle_id>/reissue/",
        api.VehicleReissueView.as_view(),
        name="api-vehicle-reissue",
    ),
    path(
        "events/<slug:slug>/vehicles/<int:vehicle_id>/pass.pdf",
        api.VehiclePassFileView.as_view(kind="pdf"),
        name="api-vehicle-pass-pdf",
    ),
    path(
        "events/<slug:slug>/vehicles/<int:vehicle_id>/pass.png",
        api.VehiclePassFileView.as_view(kind="png"),
        name="api-vehicle-pass-png",
    ),
]
