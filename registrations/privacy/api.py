"""Privacy API: a registrant's photo for the door's answer screen (check-in or
accreditation), served like every photo view, audited and kept by no cache."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema

from events.api_views import EventAPIView
from events.audit.services import Actor
from events.teams.models import Role
from registrations.privacy.views import photo_response
from registrations.registration.models import Registration


class RegistrationPhotoView(EventAPIView):
    """The registrant's photo, for the door's answer screen (check-in or accreditation)."""

    required_roles = (Role.CHECKIN, Role.ACCREDITATION)
    pagination_class = None

    @extend_schema(
        responses={(200, "image/jpeg"): OpenApiTypes.BINARY},
        summary="A registrant's photo",
        description=(
            "Every view is written to the event's audit log (`photo.viewed`); the answer "
            "carries `Cache-Control: private, no-store`."
        ),
    )
    def get(self, request, slug: str, reference: str):
        registration = Registration.objects.filter(
            event=self.event, reference=reference.upper()
        ).first()
        return photo_response(registration, actor=Actor.from_request(request), via="checkin-api")
