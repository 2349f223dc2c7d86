"""The programme: rooms, tracks, sessions and their speakers, and its released versions.

Organizers edit the *draft* (`Session`, `SessionSpeaker`); nobody outside the
programme team sees it. Publishing makes a numbered `ScheduleRelease` holding a
`SessionRelease` snapshot of every session: public pages, the sessions API,
calendar feeds and reminders read only the snapshots of the current release.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from events.bilingual import Bilingual
from events.models import AccessZone, Event, RegistrationCategory, TimeStamped, colour_validator


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
    name_en = models.CharField(_("name (English)"), max_length=120)
    name_ar = models.CharField(_("name (Arabic)"), max_length=120, blank=True)
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

    name = Bilingual()

    class Meta:
        ordering = ["event", "position", "name_en"]
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        constraints = [
            models.UniqueConstraint(fields=["event", "slug"], name="room_slug_unique_per_event"),
        ]

    def __str__(self) -> str:
        return self.name_en


class Track(TimeStamped):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="tracks")
    slug = models.SlugField(_("slug"), max_length=50)
    name_en = models.CharField(_("name (English)"), max_length=120)
    name_ar = models.CharField(_("name (Arabic)"), max_length=120, blank=True)
    colour = models.CharField(
        _("colour"), max_length=7, default="#1F4E79", validators=[colour_validator]
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    name = Bilingual()

    class Meta:
        ordering = ["event", "position", "name_en"]
        verbose_name = _("track")
        verbose_name_plural = _("tracks")
        constraints = [
            models.UniqueConstraint(fields=["event", "slug"], name="track_slug_unique_per_event"),
        ]

    def __str__(self) -> str:
        return self.name_en


class Session(TimeStamped):
    """A session as the programme team is editing it (the draft)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    # Calendar UID: fixed at creation, never reused, whatever happens to the row.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title_en = models.CharField(_("title (English)"), max_length=250)
    title_ar = models.CharField(_("title (Arabic)"), max_length=250, blank=True)
    abstract_en = models.TextField(_("abstract (English)"), blank=True)
    abstract_ar = models.TextField(_("abstract (Arabic)"), blank=True)
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

    title = Bilingual()
    abstract = Bilingual()

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
        return self.title_en

    @property
    def effective_capacity(self) -> int | None:
        if self.capacity is not None:
            return self.capacity
        return self.room.capacity if self.room_id else None


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
    bio_en = models.TextField(_("biography (English)"), blank=True)
    bio_ar = models.TextField(_("biography (Arabic)"), blank=True)
    photo = models.ImageField(_("photo"), upload_to="speakers/", blank=True)
    is_public = models.BooleanField(
        _("shown publicly"),
        default=True,
        help_text=_("Off: the public programme shows the name only, no biography or photo."),
    )

    bio = Bilingual()

    class Meta:
        verbose_name = _("speaker profile")
        verbose_name_plural = _("speaker profiles")

    def __str__(self) -> str:
        return str(self.registration)


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


class PersonalAgendaItem(models.Model):
    registration = models.ForeignKey(
        "registrations.Registration", on_delete=models.CASCADE, related_name="agenda_items"
    )
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="agenda_items")
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        ordering = ["registration", "session__starts_at"]
        verbose_name = _("personal agenda entry")
        verbose_name_plural = _("personal agenda entries")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "session"], name="session_once_per_personal_agenda"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.registration} → {self.session}"


class PersonalAgendaChange(models.Model):
    """When a registrant last added or removed a session: their feed's Last-Modified.

    A removed entry leaves no row behind, so the feed could not tell otherwise
    that it changed.
    """

    registration = models.OneToOneField(
        "registrations.Registration", on_delete=models.CASCADE, related_name="agenda_change"
    )
    changed_at = models.DateTimeField(_("changed at"))

    class Meta:
        verbose_name = _("personal agenda change")
        verbose_name_plural = _("personal agenda changes")

    def __str__(self) -> str:
        return f"{self.registration} @ {self.changed_at:%Y-%m-%d %H:%M:%S}"


class ScheduleRelease(models.Model):
    """A published version of an event's programme, numbered from 1."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="schedule_releases")
    number = models.PositiveIntegerField(_("version"))
    released_at = models.DateTimeField(_("released at"))
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    released_by_label = models.CharField(_("released by"), max_length=150)
    comment = models.TextField(_("comment"), blank=True)
    is_current = models.BooleanField(_("current"), default=True)

    class Meta:
        ordering = ["event", "-number"]
        verbose_name = _("schedule release")
        verbose_name_plural = _("schedule releases")
        constraints = [
            models.UniqueConstraint(fields=["event", "number"], name="release_number_unique"),
            models.UniqueConstraint(
                fields=["event"], condition=Q(is_current=True), name="one_current_release"
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="release_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.event.slug} v{self.number}"


class SessionRelease(models.Model):
    """A session exactly as one release published it.

    Denormalized on purpose (room and track names, speakers): a feed or page is
    built from these rows alone, so it changes only when a release changes it.
    """

    release = models.ForeignKey(ScheduleRelease, on_delete=models.CASCADE, related_name="sessions")
    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="releases")
    session_uid = models.UUIDField()
    title_en = models.CharField(max_length=250)
    title_ar = models.CharField(max_length=250, blank=True)
    abstract_en = models.TextField(blank=True)
    abstract_ar = models.TextField(blank=True)
    kind = models.CharField(max_length=20, choices=SessionKind.choices)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    room = models.ForeignKey(Room, on_delete=models.SET_NULL, null=True, related_name="+")
    room_slug = models.CharField(max_length=50, blank=True)
    room_name_en = models.CharField(max_length=120, blank=True)
    room_name_ar = models.CharField(max_length=120, blank=True)
    track = models.ForeignKey(Track, on_delete=models.SET_NULL, null=True, related_name="+")
    track_slug = models.CharField(max_length=50, blank=True)
    track_name_en = models.CharField(max_length=120, blank=True)
    track_name_ar = models.CharField(max_length=120, blank=True)
    track_colour = models.CharField(max_length=7, blank=True)
    status = models.CharField(max_length=12, choices=SessionStatus.choices)
    capacity = models.PositiveIntegerField(null=True)
    visibility = models.CharField(max_length=12, choices=Visibility.choices)
    # [{"registration": id, "name": "H.E. …", "name_ar": "…", "organization": "…",
    #   "role": "speaker", "order": 0}, …] in order
    speakers = models.JSONField(default=list)
    # iCalendar SEQUENCE: grows with each release that changes time, room or status.
    sequence = models.PositiveIntegerField(default=0)
    # The release that last changed anything in this session: the feed's DTSTAMP.
    last_modified_at = models.DateTimeField()
    # What this release changed compared to the previous one ("new", "moved", …).
    changes = models.JSONField(default=list)

    title = Bilingual()
    abstract = Bilingual()
    room_name = Bilingual()
    track_name = Bilingual()

    class Meta:
        ordering = ["release", "starts_at", "room_name_en", "session_id"]
        verbose_name = _("released session")
        verbose_name_plural = _("released sessions")
        constraints = [
            models.UniqueConstraint(fields=["release", "session"], name="session_once_per_release"),
        ]
        indexes = [models.Index(fields=["release", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.title_en} (v{self.release_id})"

    @property
    def is_cancelled(self) -> bool:
        return self.status == SessionStatus.CANCELLED

    @property
    def speaker_ids(self) -> set[int]:
        return {speaker["registration"] for speaker in self.speakers}


# --- Bilateral meetings between delegations --------------------------------------------


class BilateralStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    COUNTER_PROPOSED = "counter_proposed", _("Other times proposed")
    CONFIRMED = "confirmed", _("Confirmed")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")


# Waiting for an answer: the side that did not make the open proposal answers.
BILATERAL_OPEN = (BilateralStatus.REQUESTED, BilateralStatus.COUNTER_PROPOSED)
BILATERAL_MAX_SLOTS = 3


class BilateralMeeting(TimeStamped):
    """A meeting one delegation asks of another, from request to confirmation.

    The requester proposes up to three slots; the counterpart accepts one,
    declines, or proposes others (then the requester answers, and so on). A
    confirmed meeting holds `starts_at`/`ends_at` and a bilateral room, and is in
    the personal calendar feeds of both delegations: `sequence` and `changed_at`
    are its iCalendar SEQUENCE and DTSTAMP, changed with its time, room or status.
    """

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="bilaterals")
    # Calendar UID: fixed at creation, never reused.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    requester = models.ForeignKey(
        "registrations.Delegation",
        on_delete=models.CASCADE,
        related_name="bilaterals_requested",
        verbose_name=_("requested by"),
    )
    counterpart = models.ForeignKey(
        "registrations.Delegation",
        on_delete=models.CASCADE,
        related_name="bilaterals_received",
        verbose_name=_("requested of"),
    )
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=BilateralStatus.choices,
        default=BilateralStatus.REQUESTED,
        db_index=True,
    )
    # Who made the open proposal (requested or counter-proposed): the other side answers.
    proposed_by = models.ForeignKey(
        "registrations.Delegation",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("last proposal by"),
    )
    # The proposals' round: the slots of this round are the open ones.
    round = models.PositiveSmallIntegerField(_("proposal round"), default=1)
    starts_at = models.DateTimeField(_("starts at"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    room = models.ForeignKey(
        Room,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bilaterals",
        verbose_name=_("room"),
        limit_choices_to={"is_bilateral": True},
    )
    reason = models.TextField(_("reason"), blank=True)
    # iCalendar SEQUENCE, and the time of the last change a calendar shows (DTSTAMP).
    sequence = models.PositiveIntegerField(default=0)
    changed_at = models.DateTimeField(_("changed at"))
    # Every step counts one: it names each step's messages (dedupe keys).
    revision = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["event", "starts_at", "pk"]
        verbose_name = _("bilateral meeting")
        verbose_name_plural = _("bilateral meetings")
        constraints = [
            models.CheckConstraint(
                condition=~Q(requester=F("counterpart")),
                name="bilateral_between_two_delegations",
                violation_error_message=_("A delegation cannot meet itself."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=BilateralStatus.values), name="bilateral_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(starts_at__isnull=True, ends_at__isnull=True)
                | Q(ends_at__gt=F("starts_at")),
                name="bilateral_ends_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(status=BilateralStatus.CONFIRMED) | Q(starts_at__isnull=False),
                name="bilateral_confirmed_has_time",
            ),
            models.CheckConstraint(
                condition=Q(round__gte=1, revision__gte=1), name="bilateral_counters_positive"
            ),
        ]
        indexes = [
            models.Index(fields=["requester", "status"]),
            models.Index(fields=["counterpart", "status"]),
            models.Index(fields=["room", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.requester} — {self.counterpart}"

    @property
    def is_open(self) -> bool:
        return self.status in BILATERAL_OPEN

    @property
    def is_confirmed(self) -> bool:
        return self.status == BilateralStatus.CONFIRMED

    @property
    def is_cancelled(self) -> bool:
        return self.status == BilateralStatus.CANCELLED

    @property
    def delegation_ids(self) -> tuple[int, int]:
        return (self.requester_id, self.counterpart_id)

    def other_side(self, delegation_id: int):
        return self.counterpart if delegation_id == self.requester_id else self.requester

    def awaiting_id(self) -> int | None:
        """The delegation that must answer the open proposal (None when nothing is open)."""
        if not self.is_open:
            return None
        if self.proposed_by_id == self.requester_id:
            return self.counterpart_id
        return self.requester_id

    def open_slots(self):
        return [slot for slot in self.slots.all() if slot.round == self.round]


class BilateralSlot(models.Model):
    """A time one side proposed for a bilateral meeting."""

    meeting = models.ForeignKey(BilateralMeeting, on_delete=models.CASCADE, related_name="slots")
    round = models.PositiveSmallIntegerField(_("proposal round"))
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    proposed_by = models.ForeignKey(
        "registrations.Delegation",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    created_at = models.DateTimeField(_("proposed at"), auto_now_add=True)

    class Meta:
        ordering = ["meeting", "round", "starts_at", "pk"]
        verbose_name = _("proposed time")
        verbose_name_plural = _("proposed times")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="bilateral_slot_ends_after_start"
            ),
            models.UniqueConstraint(
                fields=["meeting", "round", "starts_at", "ends_at"],
                name="bilateral_slot_once_per_round",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d %H:%M} to {self.ends_at:%H:%M}"
