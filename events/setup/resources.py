"""The setup API's two views over one kind of row, for the event's admins.

`SetupListView` lists the rows (paginated) and adds one; `SetupDetailView` shows one,
changes it (PATCH) and deletes it. A resource names its rows (`rows()`, a selector),
its serializer and the service each write calls (`create`, `update`, `remove`); the
views only read the body and answer. Services refuse with `DomainError`s, answered by
the API's handler: 400 naming the field, 409 when the row is still in use
(`events.in_use`, body `InUse`). `setup_schema` documents both views of a resource.

Used for categories, zones and ranks (events/setup/api.py) and for rooms and tracks
(agenda/programme/setup_api.py).
"""

from django.db.models import Model, QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from drf_spectacular.utils import inline_serializer as inline
from rest_framework import serializers, status
from rest_framework.response import Response

from events.api_views import EventAPIView
from events.audit.services import Actor
from events.teams.models import Role

# The body of a 409 from DELETE: `events.in_use.InUseError.api_body`.
InUseSerializer = inline(
    "InUse",
    {
        "detail": serializers.CharField(),
        "code": serializers.CharField(),
        "uses": serializers.ListField(
            child=inline(
                "Use", {"what": serializers.CharField(), "count": serializers.IntegerField()}
            ),
            help_text="What still uses the row, and how many of each.",
        ),
    },
)


class SetupResource(EventAPIView):
    required_roles = (Role.ADMIN,)

    def rows(self) -> QuerySet:
        """The event's rows of this kind, in their order."""
        raise NotImplementedError

    def get_queryset(self):
        return self.rows()

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if not getattr(self, "swagger_fake_view", False):  # schema generation: no event
            context["event"] = self.event
        return context

    @property
    def actor(self) -> Actor:
        return Actor.from_request(self.request)

    def answer(self, row: Model, status_code: int = status.HTTP_200_OK) -> Response:
        """The row as a client reads it, fresh from `rows()`."""
        return Response(self.get_serializer(self.rows().get(pk=row.pk)).data, status=status_code)


class SetupListView(SetupResource):
    def create(self, data: dict) -> Model:
        raise NotImplementedError

    def get(self, request, slug: str):
        page = self.paginate_queryset(self.rows())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def post(self, request, slug: str):
        body = self.get_serializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self.answer(self.create(dict(body.validated_data)), status.HTTP_201_CREATED)


class SetupDetailView(SetupResource):
    lookup_url_kwarg = "id"

    def update(self, row: Model, changes: dict) -> Model:
        raise NotImplementedError

    def remove(self, row: Model) -> None:
        raise NotImplementedError

    def get_object(self) -> Model:
        return get_object_or_404(self.rows(), pk=self.kwargs[self.lookup_url_kwarg])

    def get(self, request, slug: str, **kwargs):
        return Response(self.get_serializer(self.get_object()).data)

    def patch(self, request, slug: str, **kwargs):
        row = self.get_object()
        body = self.get_serializer(row, data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        return self.answer(self.update(row, dict(body.validated_data)))

    def delete(self, request, slug: str, **kwargs):
        self.remove(self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


def setup_schema(serializer: type[serializers.Serializer], *, many: str):
    """The OpenAPI description of a resource's list view and detail view (decorators)."""
    list_schema = extend_schema_view(
        get=extend_schema(summary=f"The event's {many} (admin)", responses=serializer(many=True)),
        post=extend_schema(
            summary=f"Add to the event's {many} (admin)", responses={201: serializer}
        ),
    )
    detail_schema = extend_schema_view(
        get=extend_schema(summary=f"One of the event's {many} (admin)", responses=serializer),
        patch=extend_schema(
            summary=f"Change one of the event's {many} (admin)", responses=serializer
        ),
        delete=extend_schema(
            summary=f"Delete one of the event's {many} that nothing uses (admin)",
            responses={
                204: None,
                409: OpenApiResponse(InUseSerializer, description="Still in use: what uses it."),
            },
        ),
    )
    return list_schema, detail_schema
