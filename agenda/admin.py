"""Admin for the programme. Session edits run the services' checks (dates, overlaps)."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models

from agenda.bilaterals.models import BilateralMeeting
from agenda.personal.models import PersonalAgendaItem
from agenda.programme.errors import AgendaError
from agenda.programme.interpretation import ChannelInput, channel_problems
from agenda.programme.models import (
    InterpretationChannel,
    Room,
    Session,
    SessionInvitation,
    SessionSpeaker,
    SpeakerProfile,
    Track,
)
from agenda.programme.services import SESSION_FIELDS, session_check, speaker_check
from agenda.releases.models import ScheduleRelease, SessionRelease
from events.translated.admin import TranslatedSearchMixin


@admin.register(Room)
class RoomAdmin(TranslatedSearchMixin, admin.ModelAdmin):
    list_display = ["name", "event", "slug", "capacity", "zone", "is_bilateral", "position"]
    list_filter = ["event", "is_bilateral"]
    search_fields = ["slug"]
    translated_search_fields = ["name"]


@admin.register(Track)
class TrackAdmin(TranslatedSearchMixin, admin.ModelAdmin):
    list_display = ["name", "event", "slug", "colour", "position"]
    list_filter = ["event"]
    search_fields = ["slug"]
    translated_search_fields = ["name"]


class SessionSpeakerFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        session = self.instance
        speaker_ids = []
        for form in self.forms:
            if not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue
            registration = form.cleaned_data.get("registration")
            if registration is None:
                continue
            try:
                speaker_check(registration=registration, event=session.event)
            except AgendaError as error:
                raise ValidationError(error.message) from error
            speaker_ids.append(registration.pk)
        if session.event_id and session.starts_at and session.ends_at:
            try:
                session_check(session=session, speaker_ids=speaker_ids)
            except AgendaError as error:
                raise ValidationError(error.message) from error


class InterpretationChannelFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        session = self.instance
        rows = [
            form for form in self.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        if not session.event_id:
            return
        channels = [
            ChannelInput(
                form.cleaned_data.get("language", ""),
                form.cleaned_data.get("channel", ""),
                form.cleaned_data.get("stream_url", ""),
            )
            for form in rows
        ]
        floor = session.floor_language or session.event.main_language
        for index, field, message in channel_problems(floor_language=floor, channels=channels):
            rows[index].add_error(field, message)


class InterpretationChannelInline(admin.TabularInline):
    model = InterpretationChannel
    formset = InterpretationChannelFormSet
    extra = 0
    # As the programme's own form: an address typed without a scheme is https.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class SessionSpeakerInline(admin.TabularInline):
    model = SessionSpeaker
    formset = SessionSpeakerFormSet
    extra = 0
    autocomplete_fields = ["registration"]


class SessionInvitationInline(admin.TabularInline):
    model = SessionInvitation
    extra = 0
    autocomplete_fields = ["registration"]


class SessionAdminForm(forms.ModelForm):
    class Meta:
        model = Session
        fields = ["event", *SESSION_FIELDS, "invited_categories"]

    def _post_clean(self):
        # Runs once the instance holds the form's values: check it as the services do.
        super()._post_clean()
        if self.errors:
            return
        session = self.instance
        speaker_ids = (
            list(session.speakers.values_list("registration_id", flat=True)) if session.pk else []
        )
        try:
            session_check(session=session, speaker_ids=speaker_ids)
        except AgendaError as error:
            field = error.field if error.field in self.fields else None
            self.add_error(field, error.message)


@admin.register(Session)
class SessionAdmin(TranslatedSearchMixin, admin.ModelAdmin):
    form = SessionAdminForm
    list_display = ["title", "event", "kind", "starts_at", "ends_at", "room", "track", "status"]
    list_filter = ["event", "kind", "status", "visibility", "track"]
    translated_search_fields = ["title"]
    list_select_related = ["event", "room", "track"]
    readonly_fields = ["uid", "created_at", "updated_at"]
    filter_horizontal = ["invited_categories"]
    inlines = [SessionSpeakerInline, InterpretationChannelInline, SessionInvitationInline]


@admin.register(SpeakerProfile)
class SpeakerProfileAdmin(admin.ModelAdmin):
    list_display = ["registration", "is_public"]
    list_filter = ["is_public"]
    search_fields = ["registration__first_name", "registration__last_name"]
    autocomplete_fields = ["registration"]


@admin.register(PersonalAgendaItem)
class PersonalAgendaItemAdmin(admin.ModelAdmin):
    list_display = ["registration", "session", "created_at"]
    list_select_related = ["registration", "session"]
    search_fields = ["registration__reference", "session__title__en"]
    raw_id_fields = ["registration", "session"]


class SessionReleaseInline(admin.TabularInline):
    model = SessionRelease
    extra = 0
    can_delete = False
    fields = [
        "session",
        "title",
        "starts_at",
        "ends_at",
        "room_name",
        "status",
        "sequence",
        "changes",
    ]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ScheduleRelease)
class ScheduleReleaseAdmin(admin.ModelAdmin):
    """Releases are made by publishing (the action below or the programme page), never edited."""

    list_display = ["event", "number", "released_at", "released_by_label", "is_current"]
    list_filter = ["event"]
    readonly_fields = [
        "event",
        "number",
        "released_at",
        "released_by",
        "released_by_label",
        "comment",
        "is_current",
    ]
    inlines = [SessionReleaseInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(BilateralMeeting)
class BilateralMeetingAdmin(admin.ModelAdmin):
    """Read-only: meetings change through the delegations' and organizers' pages."""

    list_display = ["requester", "counterpart", "status", "starts_at", "room", "sequence"]
    list_filter = ["event", "status"]
    list_select_related = ["requester", "counterpart", "room"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
