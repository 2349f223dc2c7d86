"""Registration API: public submission; listing and decisions for accreditation.

A refusal (closed, full, duplicate, a step the state forbids) propagates to the API's
exception handler, which answers 409 `{detail, code}` or 400 naming the field.
"""

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from events.api_fields import query_params
from events.api_views import EventAPIView, RefusalSerializer
from events.audit.services import Actor, audit_record
from events.permissions import HasEventRole, may_act_as
from events.teams.models import Role
from events.throttling import ClientRateThrottle, EventRateThrottle
from registrations.questions.display import ANSWERS_PREFETCH
from registrations.registration.api_views import RegistrationAPIView
from registrations.registration.selectors import registration_list
from registrations.registration.serializers import (
    DecisionSerializer,
    RegistrationCreatedSerializer,
    RegistrationCreateSerializer,
    RegistrationListQuerySerializer,
    RegistrationSerializer,
)
from registrations.registration.services import (
    registration_approve,
    registration_reject,
    registration_revoke,
    registration_submit,
    registration_submit_public,
)

RECEIVED_DETAIL = gettext_lazy(
    "Thank you. We have sent a message to this email address: it says what happens next."
)


class RegistrationReceivedSerializer(serializers.Serializer):
    """The anonymous answer: it says nothing about whether the address was known."""

    status = serializers.ChoiceField(choices=["received"])
    detail = serializers.CharField()


class RegistrationListCreateView(EventAPIView):
    serializer_class = RegistrationSerializer
    required_roles = (Role.ACCREDITATION,)
    throttle_scope = "registration"

    @property
    def published_only(self) -> bool:
        """Anyone may register, for a published event only; officers list any event's."""
        return self.request.method == "POST"

    def get_permissions(self):
        return [AllowAny()] if self.request.method == "POST" else [HasEventRole()]

    def get_throttles(self):
        if self.request.method == "POST":
            return [ClientRateThrottle(), EventRateThrottle()]
        return []

    def _caller_is_officer(self, request) -> bool:
        """An accreditation or admin token (or session) of this event may learn who is
        registered; everyone else gets the same answer for a new and a known address."""
        return may_act_as(request.user, self.event, self.required_roles)

    @extend_schema(
        request=RegistrationCreateSerializer,
        responses={
            201: OpenApiResponse(
                RegistrationCreatedSerializer,
                description="Registered (accreditation or admin token).",
            ),
            202: OpenApiResponse(
                RegistrationReceivedSerializer,
                description=(
                    "Received (anonymous callers), the same for a new and an already "
                    "registered address: the email says which."
                ),
            ),
            409: OpenApiResponse(
                RefusalSerializer,
                description="Closed or full; with an officer's token also a duplicate address.",
            ),
            429: OpenApiResponse(description="Too many requests; see Retry-After."),
        },
        auth=[{"bearerToken": []}, {}],
        operation_id="registrations_create",
        summary="Register for an event (public, throttled)",
    )
    def post(self, request, slug: str):
        body = RegistrationCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        officer = self._caller_is_officer(request)
        submit = registration_submit if officer else registration_submit_public
        registration = submit(
            event=self.event, data=body.to_input(), actor=Actor.from_request(request)
        )
        if not officer:
            return Response(
                RegistrationReceivedSerializer(
                    {"status": "received", "detail": RECEIVED_DETAIL}
                ).data,
                status=status.HTTP_202_ACCEPTED,
            )
        return Response(
            RegistrationCreatedSerializer(registration).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        parameters=[RegistrationListQuerySerializer],
        operation_id="registrations_list",
        responses=RegistrationSerializer(many=True),
        summary="List registrations (accreditation)",
    )
    def get(self, request, slug: str):
        params = request.query_params
        queryset = registration_list(
            event=self.event, **query_params(RegistrationListQuerySerializer, request)
        ).prefetch_related(ANSWERS_PREFETCH)
        page = self.paginate_queryset(queryset)
        audit_record(
            event=self.event,
            actor=Actor.from_request(request),
            action="registrations.listed",
            obj=self.event,
            data={"filters": dict(params.items())},
        )
        return self.get_paginated_response(RegistrationSerializer(page, many=True).data)


class RegistrationDetailView(RegistrationAPIView):
    serializer_class = RegistrationSerializer

    @extend_schema(
        operation_id="registrations_retrieve", summary="One registration (accreditation)"
    )
    def get(self, request, slug: str, reference: str):
        registration = self.get_registration()
        audit_record(
            event=registration.event,
            actor=Actor.from_request(request),
            action="registration.viewed",
            obj=registration,
        )
        return Response(RegistrationSerializer(registration).data)


class RegistrationDecisionView(RegistrationAPIView):
    """POST approve / reject / revoke, with an optional reason."""

    decision = None  # set by decision_view()
    serializer_class = DecisionSerializer
    http_method_names = ["post", "options"]

    def post(self, request, slug: str, reference: str):
        registration = self.get_registration()
        body = DecisionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        actor = Actor.from_request(request)
        steps = {
            "approve": lambda: registration_approve(
                registration_id=registration.pk, actor=actor, reason=body.validated_data["reason"]
            ),
            "reject": lambda: registration_reject(
                registration_id=registration.pk, actor=actor, **body.validated_data
            ),
            "revoke": lambda: registration_revoke(
                registration_id=registration.pk, actor=actor, reason=body.validated_data["reason"]
            ),
        }
        steps[self.decision]()
        registration.refresh_from_db()
        return Response(RegistrationSerializer(registration).data)


DECISION_RESPONSES = {
    200: RegistrationSerializer,
    409: RefusalSerializer,
    404: OpenApiResponse(description="No such registration"),
}


def decision_view(decision: str, summary: str):
    """The view for one decision, with its own operation in the API schema."""
    view = type(
        f"Registration{decision.title()}View", (RegistrationDecisionView,), {"decision": decision}
    )
    return extend_schema_view(
        post=extend_schema(
            request=DecisionSerializer,
            responses=DECISION_RESPONSES,
            operation_id=f"registrations_{decision}",
            summary=summary,
        )
    )(view)


RegistrationApproveView = decision_view("approve", "Approve a registration (accreditation)")
RegistrationRejectView = decision_view("reject", "Reject a registration (accreditation)")
RegistrationRevokeView = decision_view(
    "revoke", "Revoke an approved registration; its badge stops admitting (accreditation)"
)
