"""Vehicle pass API routes, included under /api/v1/ from config/urls.py."""

from django.urls import path

from registrations import vehicle_api

urlpatterns = [
    path(
        "events/<slug:slug>/vehicles/",
        vehicle_api.VehicleListCreateView.as_view(),
        name="api-vehicles",
    ),
    path(
        "events/<slug:slug>/vehicles/<int:vehicle_id>/",
        vehicle_api.VehicleDetailView.as_view(),
        name="api-vehicle",
    ),
    path(
        "events/<slug:slug>/vehicles/<int:vehicle_id>/approve/",
        vehicle_api.VehicleApproveView.as_view(),
        name="api-vehicle-approve",
    ),
    path(
        "events/<slug:slug>/vehicles/<int:vehicle_id>/reject/",
        vehicle_api.VehicleRejectView.as_view(),
        name="api-vehicle-reject",
    ),
    path(
        "events/<slug:slug>/vehicles/<int:vehicle_id>/revoke/",
        vehicle_api.VehicleRevokeView.as_view(),
        name="api-vehicle-revoke",
    ),
    path(
        "events/<slug:slug>/vehicles/<int:vehicle_id>/reissue/",
        vehicle_api.VehicleReissueView.as_view(),
        name="api-vehicle-reissue",
    ),
    path(
        "events/<slug:slug>/vehicles/<int:vehicle_id>/pass.pdf",
        vehicle_api.VehiclePassFileView.as_view(kind="pdf"),
        name="api-vehicle-pass-pdf",
    ),
    path(
        "events/<slug:slug>/vehicles/<int:vehicle_id>/pass.png",
        vehicle_api.VehiclePassFileView.as_view(kind="png"),
        name="api-vehicle-pass-png",
    ),
]
