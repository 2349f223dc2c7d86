"""The personal agenda's input."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from events.api_fields import StrictIntegerField


class PersonalAgendaAddSerializer(serializers.Serializer):
    session = StrictIntegerField(
        help_text="The id of a released session.",
        error_messages={"invalid": _("Give the number of a session.")},
    )
