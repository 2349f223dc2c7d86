"""Bilateral meeting API routes, included under /api/v1/ (agenda/api_urls.py)."""

from django.urls import path

from agenda.bilaterals import api

urlpatterns = [
    path(
        "delegations/<str:token>/bilaterals/",
        api.DelegationBilateralListView.as_view(),
        name="api-delegation-bilaterals",
    ),
    path(
        "delegations/<str:token>/bilaterals/<int:meeting_id>/",
        api.DelegationBilateralDetailView.as_view(),
        name="api-delegation-bilateral",
    ),
    path(
        "delegations/<str:token>/bilaterals/<int:meeting_id>/accept/",
        api.DelegationBilateralAcceptView.as_view(),
        name="api-delegation-bilateral-accept",
    ),
    path(
        "delegations/<str:token>/bilaterals/<int:meeting_id>/decline/",
        api.DelegationBilateralDeclineView.as_view(),
        name="api-delegation-bilateral-decline",
    ),
    path(
        "delegations/<str:token>/bilaterals/<int:meeting_id>/counter/",
        api.DelegationBilateralCounterView.as_view(),
        name="api-delegation-bilateral-counter",
    ),
    path(
        "delegations/<str:token>/bilaterals/<int:meeting_id>/cancel/",
        api.DelegationBilateralCancelView.as_view(),
        name="api-delegation-bilateral-cancel",
    ),
    path(
        "events/<slug:slug>/bilaterals/",
        api.EventBilateralListView.as_view(),
        name="api-bilaterals",
    ),
    path(
        "events/<slug:slug>/bilaterals/<int:meeting_id>/",
        api.EventBilateralDetailView.as_view(),
        name="api-bilateral",
    ),
    path(
        "events/<slug:slug>/bilaterals/<int:meeting_id>/room/",
        api.EventBilateralRoomView.as_view(),
        name="api-bilateral-room",
    ),
    path(
        "events/<slug:slug>/bilaterals/<int:meeting_id>/move/",
        api.EventBilateralMoveView.as_view(),
        name="api-bilateral-move",
    ),
    path(
        "events/<slug:slug>/bilaterals/<int:meeting_id>/cancel/",
        api.EventBilateralCancelView.as_view(),
        name="api-bilateral-cancel",
    ),
]
