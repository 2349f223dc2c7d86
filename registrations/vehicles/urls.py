"""Vehicle pass pages, included at the root (registrations/urls.py):
officers under /manage/<slug>/vehicles/, heads of delegation under /d/<token>/vehicles/."""

from django.urls import path

from registrations.vehicles import views

app_name = "vehicles"

urlpatterns = [
    path("manage/<slug:slug>/vehicles/", views.vehicles_index, name="index"),
    path(
        "manage/<slug:slug>/vehicles/<int:vehicle_id>/",
        views.vehicle_detail,
        name="detail",
    ),
    path(
        "manage/<slug:slug>/vehicles/<int:vehicle_id>/vehicle-pass.pdf",
        views.vehicle_print,
        name="print",
    ),
    path(
        "manage/<slug:slug>/vehicles/<int:vehicle_id>/qr.png",
        views.vehicle_qr,
        name="qr",
    ),
    path(
        "manage/<slug:slug>/vehicles/<int:vehicle_id>/<str:decision>/",
        views.vehicle_decide,
        name="decide",
    ),
    path("d/<str:token>/vehicles/", views.delegation_vehicles, name="delegation"),
    path(
        "d/<str:token>/vehicles/<int:vehicle_id>/withdraw/",
        views.delegation_vehicle_cancel,
        name="delegation-withdraw",
    ),
    path(
        "d/<str:token>/vehicles/<int:vehicle_id>/vehicle-pass.pdf",
        views.delegation_vehicle_pass,
        name="delegation-pass",
    ),
]
