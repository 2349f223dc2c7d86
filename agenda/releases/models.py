"""Released versions of the programme: each release, and each session as it published it."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.fields.json import KT
from django.utils.translation import gettext_lazy as _

from agenda.programme.interpretation import interpretation_language_name, languages_offered
from agenda.programme.models import Room, Session, SessionKind, SessionStatus, Track, Visibility
from events.summit.models import Event
from events.translated.fields import TranslatedField


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
    # A digest of everything the release's session snapshots hold, set when the release
    # is made (agenda.releases.services.release_content_digest): the calendar feeds are
    # cached under it.
    content_digest = models.CharField(_("content digest"), max_length=64, editable=False)

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
    title = TranslatedField(max_length=250)
    abstract = TranslatedField(blank=True)
    kind = models.CharField(max_length=20, choices=SessionKind.choices)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    room = models.ForeignKey(Room, on_delete=models.SET_NULL, null=True, related_name="+")
    room_slug = models.CharField(max_length=50, blank=True)
    room_name = TranslatedField(max_length=120, blank=True)
    track = models.ForeignKey(Track, on_delete=models.SET_NULL, null=True, related_name="+")
    track_slug = models.CharField(max_length=50, blank=True)
    track_name = TranslatedField(max_length=120, blank=True)
    track_colour = models.CharField(max_length=7, blank=True)
    status = models.CharField(max_length=12, choices=SessionStatus.choices)
    # The language spoken on the floor ("" in releases made before interpretation was
    # recorded, until the migration filled in the event's main language).
    floor_language = models.CharField(max_length=15, blank=True, default="")
    # [{"language": "fr", "channel": "3", "stream_url": "https://…"}, …] in order
    interpretation = models.JSONField(default=list)
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

    class Meta:
        ordering = ["release", "starts_at", KT("room_name__en"), "session_id"]
        verbose_name = _("released session")
        verbose_name_plural = _("released sessions")
        constraints = [
            models.UniqueConstraint(fields=["release", "session"], name="session_once_per_release"),
        ]
        indexes = [models.Index(fields=["release", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.title} (v{self.release_id})"

    @property
    def main_language(self) -> str:
        return self.release.event.main_language

    @property
    def is_cancelled(self) -> bool:
        return self.status == SessionStatus.CANCELLED

    @property
    def speaker_ids(self) -> set[int]:
        return {speaker["registration"] for speaker in self.speakers}

    @property
    def floor_language_name(self) -> str:
        return interpretation_language_name(self.floor_language)

    @property
    def interpretation_rows(self) -> list[dict]:
        """The channels with each language's name in the active language, for pages."""
        return [
            {**row, "name": interpretation_language_name(row["language"])}
            for row in self.interpretation
        ]

    @property
    def languages(self) -> set[str]:
        """The languages one can follow the session in (floor and interpretation)."""
        return languages_offered(
            floor_language=self.floor_language, interpretation=self.interpretation
        )

    @property
    def shows_languages(self) -> bool:
        """Pages and calendars name the languages when there is interpretation, or when
        the floor speaks another language than the summit's main one."""
        if self.interpretation:
            return True
        return bool(self.floor_language) and self.floor_language != self.main_language
