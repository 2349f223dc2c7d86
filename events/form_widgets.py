"""Form widgets shared by the organizer forms of every app."""

from django import forms


class DateTimeLocalInput(forms.DateTimeInput):
    """`<input type="datetime-local">`: the view activates the event's time zone."""

    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)
