"""The tokens API (admin): `GET`/`POST …/tokens/`, `GET`/`PATCH`/`DELETE …/tokens/<id>/`.

POST `{label, role, offline?}` issues a token and answers it once with its key
(`token`). PATCH renames it. DELETE revokes it: it stops authenticating at once and the
row stays, `revoked_at` set, `active` false.
"""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.response import Response

from events.setup.resources import SetupDetailView, SetupListView
from events.tokens.console import api_token_create, api_token_relabel, api_token_withdraw
from events.tokens.selectors import event_api_tokens
from events.tokens.serializers import (
    ApiTokenChangeSerializer,
    ApiTokenIssuedSerializer,
    ApiTokenSerializer,
)


class _Tokens:
    def rows(self):
        return event_api_tokens(event=self.event)


@extend_schema_view(
    get=extend_schema(
        summary="The event's API tokens, revoked ones too (admin)",
        responses=ApiTokenSerializer(many=True),
    ),
    post=extend_schema(
        summary="Issue an API token (admin); the answer holds its key, this once",
        request=ApiTokenSerializer,
        responses={201: ApiTokenIssuedSerializer},
    ),
)
class TokenListView(_Tokens, SetupListView):
    serializer_class = ApiTokenSerializer

    def post(self, request, slug: str):
        body = self.get_serializer(data=request.data)
        body.is_valid(raise_exception=True)
        token, raw = api_token_create(event=self.event, actor=self.actor, **body.validated_data)
        answer = ApiTokenIssuedSerializer(self.rows().get(pk=token.pk), context={"raw": raw})
        return Response(answer.data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    get=extend_schema(
        summary="One of the event's API tokens (admin)", responses=ApiTokenSerializer
    ),
    patch=extend_schema(
        summary="Rename an API token (admin)",
        request=ApiTokenChangeSerializer,
        responses=ApiTokenSerializer,
    ),
    delete=extend_schema(
        summary="Revoke an API token (admin): it stops working, the row stays",
        responses={204: None},
    ),
)
class TokenDetailView(_Tokens, SetupDetailView):
    serializer_class = ApiTokenChangeSerializer
    lookup_url_kwarg = "token_id"

    def update(self, row, changes):
        if "label" not in changes:
            return row
        return api_token_relabel(
            event=self.event, token_id=row.pk, actor=self.actor, label=changes["label"]
        )

    def remove(self, row):
        api_token_withdraw(event=self.event, token_id=row.pk, actor=self.actor)
