"""The API view on one registration of the event, for accreditation: the URL names it
by `reference`. The registration's detail, decisions, precedence, clearance and badge
derive from it, so a reference of another event answers 404 everywhere alike."""

from django.http import Http404
from django.utils.translation import gettext as _

from events.api_views import EventAPIView
from events.teams.models import Role
from registrations.registration.models import Registration
from registrations.registration.selectors import registration_by_reference


# A comment, not a docstring: drf-spectacular would publish a docstring as the
# description of every operation deriving from this view.
class RegistrationAPIView(EventAPIView):
    required_roles = (Role.ACCREDITATION,)

    def get_registration(self) -> Registration:
        registration = registration_by_reference(
            event=self.event, reference=self.kwargs["reference"]
        )
        if registration is None:
            raise Http404(_("No such registration."))
        return registration
