"""`…/events/<slug>/mailings/`: write to chosen registrants (202), then follow the counts."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from events.api_views import EventAPIView
from events.audit.services import Actor
from events.teams.models import Role
from registrations.mailings.models import Mailing
from registrations.mailings.serializers import MailingRequestSerializer, MailingSerializer
from registrations.mailings.services import MailingInvalid, mailing_check, mailing_send


class MailingAPIView(EventAPIView):
    required_roles = (Role.ACCREDITATION,)


class MailingListCreateView(MailingAPIView):
    serializer_class = MailingSerializer

    def get_queryset(self):
        return (
            Mailing.objects.filter(event=self.event)
            .select_related("event")
            .order_by("-created_at", "-pk")
        )

    @extend_schema(responses=MailingSerializer(many=True), summary="The event's mailings")
    def get(self, request, slug: str):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        request=MailingRequestSerializer,
        responses={
            202: OpenApiResponse(MailingSerializer, description="Queued: GET `url` for the counts.")
        },
        summary="Write to the registrants the filters choose",
    )
    def post(self, request, slug: str):
        body = MailingRequestSerializer(data=request.data, context={"event": self.event})
        body.is_valid(raise_exception=True)
        data = body.validated_data
        try:
            draft = mailing_check(
                event=self.event,
                filters=dict(data.get("filters") or {}),
                subject=data["subject"],
                body=data["body"],
            )
            mailing = mailing_send(event=self.event, draft=draft, actor=Actor.from_request(request))
        except MailingInvalid as error:
            raise serializers.ValidationError(_as_field_errors(error.errors)) from error
        answer = self.get_serializer(mailing).data
        return Response(
            answer, status=status.HTTP_202_ACCEPTED, headers={"Location": answer["url"]}
        )


def _as_field_errors(errors: dict) -> dict:
    answer = {}
    if errors.get("filters"):
        answer["filters"] = {
            (name or "non_field_errors"): [message] for name, message in errors["filters"].items()
        }
    for name in ("subject", "body"):
        if errors.get(name):
            answer[name] = list(errors[name])
    return answer


class MailingDetailView(MailingAPIView):
    serializer_class = MailingSerializer

    @extend_schema(responses=MailingSerializer, summary="A mailing and its counts")
    def get(self, request, slug: str, mailing_id: int):
        mailing = get_object_or_404(Mailing, event=self.event, pk=mailing_id)
        return Response(self.get_serializer(mailing).data)
