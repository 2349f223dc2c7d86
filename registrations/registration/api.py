"""Registration API: public submission; listing and decisions for accreditation."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import serializers, status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from events.audit.services import Actor, audit_record
from events.permissions import HasEventRole, event_for_view
from events.summit.models import Event
from events.teams.models import Role
from events.throttling import ClientRateThrottle, EventRateThrottle
from registrations.registration.errors import RegistrationError
from registrations.registration.selectors import registration_by_reference, registration_list
from registrations.registration.serializers import (
    DecisionSerializer,
    RegistrationCreatedSerializer,
    RegistrationCreateSerializer,
    RegistrationSerializer,
)
from registrations.registration.services import (
    registration_approve,
    registration_reject,
    registration_revoke,
    registration_submit,
    registration_submit_public,
)

ConflictSerializer = inline_serializer(
    "Conflict", {"detail": serializers.CharField(), "code": serializers.CharField()}
)


RECEIVED_DETAIL = gettext_lazy(
    "Thank you. We have sent a message to this email address: it says what happens next."
)


class RegistrationReceivedSerializer(serializers.Serializer):
    """The anonymous answer: it says nothing about whether the address was known."""

    status = serializers.ChoiceField(choices=["received"])
    detail = serializers.CharField()


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT


def raise_refusal(error: RegistrationError):
    """409 for a conflict (closed, full, duplicate, forbidden step); 400 names the field."""
    if error.conflict:
        raise Conflict({"detail": error.message, "code": error.code}) from error
    raise ValidationError({error.field or "non_field_errors": [error.message]}) from error


class RegistrationListCreateView(GenericAPIView):
    serializer_class = RegistrationSerializer
    required_role = Role.ACCREDITATION
    throttle_scope = "registration"

    def get_permissions(self):
        return [AllowAny()] if self.request.method == "POST" else [HasEventRole()]

    def get_throttles(self):
        if self.request.method == "POST":
            return [ClientRateThrottle(), EventRateThrottle()]
        return []

    def _caller_is_officer(self, request) -> bool:
        """An accreditation or admin token (or session) of this event may learn who is
        registered; everyone else gets the same answer for a new and a known address."""
        return request.user.is_authenticated and HasEventRole().has_permission(request, self)

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
                ConflictSerializer,
                description="Closed or full; with an officer's token also a duplicate address.",
            ),
            429: OpenApiResponse(description="Too many requests; see Retry-After."),
        },
        auth=[{"bearerToken": []}, {}],
        operation_id="registrations_create",
        summary="Register for an event (public, throttled)",
    )
    def post(self, request, slug: str):
        event = get_object_or_404(Event.objects.published(), slug=slug)
        body = RegistrationCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        officer = self._caller_is_officer(request)
        submit = registration_submit if officer else registration_submit_public
        try:
            registration = submit(
                event=event, data=body.to_input(), actor=Actor.from_request(request)
            )
        except RegistrationError as error:
            raise_refusal(error)
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
        parameters=[
            OpenApiParameter(
                "email", str, description="The registration of this address (any letter case)"
            ),
            OpenApiParameter("status", str),
            OpenApiParameter("category", str),
            OpenApiParameter("country", str),
            OpenApiParameter("delegation", str),
            OpenApiParameter("search", str),
            OpenApiParameter("rank", str, description="A protocol rank's slug"),
            OpenApiParameter(
                "order", str, enum=["", "precedence"], description="precedence: protocol order"
            ),
        ],
        operation_id="registrations_list",
        responses=RegistrationSerializer(many=True),
        summary="List registrations (accreditation)",
    )
    def get(self, request, slug: str):
        event = event_for_view(self)
        params = request.query_params
        queryset = registration_list(
            event=event,
            email=params.get("email", ""),
            status=params.get("status", ""),
            category=params.get("category", ""),
            country=params.get("country", ""),
            delegation=params.get("delegation", ""),
            search=params.get("search", ""),
            rank=params.get("rank", ""),
            order=params.get("order", ""),
        )
        page = self.paginate_queryset(queryset)
        audit_record(
            event=event,
            actor=Actor.from_request(request),
            action="registrations.listed",
            obj=event,
            data={"filters": dict(params.items())},
        )
        return self.get_paginated_response(RegistrationSerializer(page, many=True).data)


class RegistrationDetailView(GenericAPIView):
    serializer_class = RegistrationSerializer
    permission_classes = [HasEventRole]
    required_role = Role.ACCREDITATION

    def get_registration(self):
        registration = registration_by_reference(
            event=event_for_view(self), reference=self.kwargs["reference"]
        )
        if registration is None:
            from django.http import Http404

            raise Http404(_("No such registration."))
        return registration

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


class RegistrationDecisionView(RegistrationDetailView):
    """POST approve / reject / revoke, with an optional reason."""

    decision = None  # set by as_view(decision=...)
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
        try:
            steps[self.decision]()
        except RegistrationError as error:
            raise_refusal(error)
        registration.refresh_from_db()
        return Response(RegistrationSerializer(registration).data)


DECISION_RESPONSES = {
    200: RegistrationSerializer,
    409: ConflictSerializer,
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


# Accreditation's document views (vetting batches, the seating list). A comment, not a
# docstring: drf-spectacular would publish a docstring as each operation's description.
class AccreditationView(GenericAPIView):
    permission_classes = [HasEventRole]
    required_role = Role.ACCREDITATION
    # Lists here are whole documents (a batch, the seating plan), not pages.
    pagination_class = None


def csv_response(text: str, filename: str) -> HttpResponse:
    """A CSV download that no cache keeps (vetting batches, the seating list)."""
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
