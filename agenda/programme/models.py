"""The programme: rooms, tracks, sessions and their speakers (the released versions are
agenda/releases/models.py).

Organizers edit the *draft* (`Session`, `SessionSpeaker`); nobody outside the
programme team sees it. Publishing makes a numbered `ScheduleRelease` holding a
`SessionRelease` snapshot of every session: public pages, the sessions API,
calendar feeds and reminders read only the snapshots of the current release.
"""

import uuid

from django.db import models
from django.db.models import F, Q
from django.db.models.fields.json import KT
from django.utils.translation import gettext_lazy as _

from events.summit.models import (
    AccessZone,
    Event,
    RegistrationCategory,
    TimeStamped,
    colour_validator,
)
from events.translated.fields import TranslatedField


class SessionKind(models.TextChoices):
    OPENING = "opening", _("Opening ceremony")
    KEYNOTE = "keynote", _("Keynote")
    PLENARY = "plenary", _("Plenary")
    PANEL = "panel", _("Panel")
    WORKSHOP = "workshop", _("Workshop")
    BILATERAL = "bilateral", _("Bilateral meeting")
    BREAK = "break", _("Break")
    RECEPTION = "reception", _("Reception")


class SessionStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    CANCELLED = "cancelled", _("Cancelled")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Open to every registrant")
    INVITATION = "invitation", _("By invitation only")


class SpeakerRole(models.TextChoices):
    SPEAKER = "speaker", _("Speaker")
    MODERATOR = "moderator", _("Moderator")
    CHAIR = "chair", _("Chair")


class Room(TimeStamped):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="rooms")
    slug = models.SlugField(_("slug"), max_length=50)
    name = TranslatedField(_("name"), max_length=120)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Seats; empty for no limit.")
    )
    zone = models.ForeignKey(
        AccessZone,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="rooms",
        verbose_name=_("access zone"),
        help_text=_("The zone whose badge scan admits to this room."),
    )
    is_bilateral = models.BooleanField(
        _("for bilateral meetings"),
        default=False,
        help_text=_("Reserved for bilateral meetings between delegations."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["event", "position", KT("name__en")]
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        constraints = [
            models.UniqueConstraint(fields=["event", "slug"], name="room_slug_unique_per_event"),
        ]

    def __str__(self) -> str:
        return str(self.name)

    @property
    def main_language(self) -> str:
        return self.event.main_language


class Track(TimeStamped):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="tracks")
    slug = models.SlugField(_("slug"), max_length=50)
    name = TranslatedField(_("name"), max_length=120)
    colour = models.CharField(
        _("colour"), max_length=7, default="#1F4E79", validators=[colour_validator]
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["event", "position", KT("name__en")]
        verbose_name = _("track")
        verbose_name_plural = _("tracks")
        constraints = [
            models.UniqueConstraint(fields=["event", "slug"], name="track_slug_unique_per_event"),
        ]

    def __str__(self) -> str:
        return str(self.name)

    @property
    def main_language(self) -> str:
        return self.event.main_language


class Session(TimeStamped):
    """A session as the programme team is editing it (the draft)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    # Calendar UID: fixed at creation, never reused, whatever happens to the row.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = TranslatedField(_("title"), max_length=250)
    abstract = TranslatedField(_("abstract"), blank=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=SessionKind.choices, default=SessionKind.PANEL
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    room = models.ForeignKey(
        Room,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sessions",
        verbose_name=_("room"),
    )
    track = models.ForeignKey(
        Track,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sessions",
        verbose_name=_("track"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=SessionStatus.choices, default=SessionStatus.CONFIRMED
    )
    # A code of a language Django knows (agenda/programme/interpretation.py), not only one
    # of the interface's: a summit interprets Russian or Chinese without pages in them.
    floor_language = models.CharField(
        _("floor language"),
        max_length=15,
        blank=True,
        help_text=_("The language spoken in the room; empty: the summit's main language."),
    )
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        help_text=_("Places in personal agendas; empty: the room's capacity."),
    )
    visibility = models.CharField(
        _("who may attend"), max_length=12, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    invited_categories = models.ManyToManyField(
        RegistrationCategory,
        blank=True,
        related_name="+",
        verbose_name=_("invited categories"),
        help_text=_(
            "For invitation-only sessions: every registrant of these categories is invited."
        ),
    )

    class Meta:
        ordering = ["event", "starts_at", "room__position", "pk"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="session_ends_after_start",
                violation_error_message=_("The session must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=SessionStatus.values), name="session_status_valid"
            ),
        ]
        indexes = [models.Index(fields=["event", "starts_at"])]

    def __str__(self) -> str:
        return str(self.title)

    @property
    def main_language(self) -> str:
        return self.event.main_language

    @property
    def effective_capacity(self) -> int | None:
        if self.capacity is not None:
            return self.capacity
        return self.room.capacity if self.room_id else None


class InterpretationChannel(TimeStamped):
    """A language the session is interpreted into: a receiver channel, a stream, or both."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="interpretation")
    language = models.CharField(_("language"), max_length=15)
    channel = models.CharField(
        _("channel"),
        max_length=20,
        blank=True,
        help_text=_("As on the receivers in the room, for example 2."),
    )
    stream_url = models.URLField(_("stream address"), max_length=500, blank=True)

    class Meta:
        ordering = ["session", "pk"]
        verbose_name = _("interpretation channel")
        verbose_name_plural = _("interpretation channels")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "language"], name="one_channel_per_language_per_session"
            ),
            models.CheckConstraint(
                condition=~Q(channel="", stream_url=""), name="interpretation_channel_or_stream"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session} — {self.language}"


class SessionSpeaker(TimeStamped):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="speakers")
    registration = models.ForeignKey(
        "registrations.Registration",
        on_delete=models.CASCADE,
        related_name="session_roles",
        verbose_name=_("registrant"),
    )
    role = models.CharField(
        _("role"), max_length=12, choices=SpeakerRole.choices, default=SpeakerRole.SPEAKER
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["session", "order", "pk"]
        verbose_name = _("speaker on a session")
        verbose_name_plural = _("speakers on sessions")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "registration"], name="one_role_per_speaker_per_session"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.registration} — {self.get_role_display()}"


class SpeakerProfile(TimeStamped):
    """What the public programme says about a speaker, beyond the name."""

    registration = models.OneToOneField(
        "registrations.Registration",
        on_delete=models.CASCADE,
        related_name="speaker_profile",
        verbose_name=_("registrant"),
    )
    bio = TranslatedField(_("biography"), blank=True)
    photo = models.ImageField(_("photo"), upload_to="speakers/", blank=True)
    is_public = models.BooleanField(
        _("shown publicly"),
        default=True,
        help_text=_("Off: the public programme shows the name only, no biography or photo."),
    )

    class Meta:
        verbose_name = _("speaker profile")
        verbose_name_plural = _("speaker profiles")

    def __str__(self) -> str:
        return str(self.registration)

    @property
    def main_language(self) -> str:
        return self.registration.event.main_language


class SessionInvitation(TimeStamped):
    """A registrant invited by name to an invitation-only session."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="invitations")
    registration = models.ForeignKey(
        "registrations.Registration",
        on_delete=models.CASCADE,
        related_name="session_invitations",
        verbose_name=_("registrant"),
    )

    class Meta:
        verbose_name = _("session invitation")
        verbose_name_plural = _("session invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "registration"], name="one_invitation_per_session"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.registration} → {self.session}"
