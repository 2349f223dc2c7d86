"""Security vetting pages under /manage/; in the `protocol` namespace (registrations/urls.py)."""

from django.urls import path

from registrations.vetting import views

urlpatterns = [
    path("<slug:slug>/vetting/", views.vetting_index, name="vetting"),
    path(
        "<slug:slug>/vetting/batches/<int:number>.csv",
        views.vetting_batch_download,
        name="vetting-batch",
    ),
]
