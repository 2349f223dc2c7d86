"""Vehicle pass pages, included at the root from config/urls.py:
officers under /manage/<slug>/vehicles/, heads of delegation under /d/<token>/vehicles/."""

from django.urls import path

from registrations import vehicle_views

app_name = "vehicles"

urlpatterns = [
    path("manage/<slug:slug>/vehicles/", vehicle_views.vehicles_index, name="index"),
    path(
        "manage/<slug:slug>/vehicles/<int:vehicle_id>/",
        vehicle_views.vehicle_detail,
        name="detail",
    ),
    path(
        "manage/<slug:slug>/vehicles/<int:vehicle_id>/vehicle-pass.pdf",
        vehicle_views.vehicle_print,
        name="print",
    ),
    path(
        "manage/<slug:slug>/vehicles/<int:vehicle_id>/qr.png",
        vehicle_views.vehicle_qr,
        name="qr",
    ),
    path(
        "manage/<slug:slug>/vehicles/<int:vehicle_id>/<str:decision>/",
        vehicle_views.vehicle_decide,
        name="decide",
    ),
    path("d/<str:token>/vehicles/", vehicle_views.delegation_vehicles, name="delegation"),
    path(
        "d/<str:token>/vehicles/<int:vehicle_id>/withdraw/",
        vehicle_views.delegation_vehicle_cancel,
        name="delegation-withdraw",
    ),
    path(
        "d/<str:token>/vehicles/<int:vehicle_id>/vehicle-pass.pdf",
        vehicle_views.delegation_vehicle_pass,
        name="delegation-pass",
    ),
]
