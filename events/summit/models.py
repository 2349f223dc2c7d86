"""The summit itself: the event, its access zones, registration categories and protocol ranks."""

import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.summit.time_zones import time_zone_label
from events.translated.fields import TranslatedField
from events.translated.text import language_codes

colour_validator = RegexValidator(
    r"^#[0-9A-Fa-f]{6}$", _("Enter a colour as # followed by six hexadecimal digits.")
)


def validate_timezone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("“%(value)s” is not an IANA time zone such as Asia/Dubai."),
            params={"value": value},
        )


# The category, zone and event labels of a badge: one line per language, two at most.
MAX_BADGE_LANGUAGES = 2


def language_choices() -> list[tuple[str, str]]:
    return list(settings.LANGUAGES)


class TimeStamped(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class BadgeFormat(models.TextChoices):
    CR80 = "cr80", _("Card, CR80 / ID-1 (85.6 × 54 mm)")
    A6 = "a6", _("A6 (105 × 148 mm)")


class EventQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class Event(TimeStamped):
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = TranslatedField(_("name"), max_length=200)
    description = TranslatedField(_("description"), blank=True)
    venue_name = TranslatedField(_("venue"), max_length=200)
    venue_address = models.TextField(_("venue address"), blank=True)
    timezone = models.CharField(
        _("time zone"),
        max_length=64,
        default="UTC",
        validators=[validate_timezone],
        help_text=_("IANA name, used to show times and in calendar exports."),
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    registration_opens_at = models.DateTimeField(_("registration opens at"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(
        _("registration closes at"), null=True, blank=True
    )
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Empty for no limit.")
    )
    is_published = models.BooleanField(
        _("published"), default=False, help_text=_("Draft events are invisible to the public.")
    )
    badge_format = models.CharField(
        _("badge format"), max_length=10, choices=BadgeFormat.choices, default=BadgeFormat.CR80
    )
    summit_reminder_hours = models.PositiveSmallIntegerField(
        _("summit reminder (hours before)"),
        default=24,
        help_text=_("0 sends no summit reminder."),
    )
    session_reminder_minutes = models.PositiveSmallIntegerField(
        _("session reminder (minutes before)"),
        default=30,
        help_text=_("For sessions in a personal agenda; also the calendar alarm. 0: none."),
    )
    speaker_reminder_minutes = models.PositiveSmallIntegerField(
        _("speaker reminder (minutes before)"), default=60, help_text=_("0 sends none.")
    )
    retention_days = models.PositiveSmallIntegerField(
        _("keep personal data (days after the event)"),
        default=90,
        help_text=_("Registrants' personal data is erased this many days after the event ends."),
    )
    # blank: `clean()` says what an empty list lacks.
    languages = models.JSONField(
        _("languages"),
        blank=True,
        default=language_codes,
        help_text=_("The languages the event's pages, emails and content are offered in."),
    )
    main_language = models.CharField(
        _("main language"),
        max_length=2,
        choices=language_choices,
        default="en",
        help_text=_(
            "Content missing in a reader's language is shown in this one; protocol lists "
            "order delegations by their name in it."
        ),
    )
    # Empty: the default (`badge_language_codes`). A list, not two columns: the order is
    # the order of the lines, and "one language" is a list of one.
    badge_languages = models.JSONField(
        _("badge languages"),
        blank=True,
        default=list,
        help_text=_(
            "Up to two of the event's languages for the category, zone and event labels on "
            "badges and vehicle passes, first line first. Empty: the main language, then "
            "Arabic (English when the main language is Arabic)."
        ),
    )
    precedence_within_rank = models.CharField(
        _("order within a protocol rank"),
        max_length=20,
        choices=[
            ("delegation", _("By delegation name")),
            ("explicit", _("Explicit order")),
        ],
        default="delegation",
        help_text=_(
            "Explicit: the order number given to each registration; "
            "those without one follow by delegation name."
        ),
    )

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "slug"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="event_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(registration_opens_at__isnull=True)
                | Q(registration_closes_at__isnull=True)
                | Q(registration_closes_at__gt=F("registration_opens_at")),
                name="event_registration_closes_after_opening",
            ),
        ]

    def __str__(self) -> str:
        return str(self.name)

    def get_absolute_url(self) -> str:
        return reverse("public:event", kwargs={"slug": self.slug})

    @property
    def language_options(self) -> list[tuple[str, str]]:
        """(code, name) of the event's languages, in the order Summit offers them."""
        return [(code, name) for code, name in settings.LANGUAGES if code in self.languages]

    def clean(self) -> None:
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The event must end after it starts.")
        if (
            self.registration_opens_at
            and self.registration_closes_at
            and self.registration_closes_at <= self.registration_opens_at
        ):
            errors["registration_closes_at"] = _("Registration must close after it opens.")
        errors.update(self._language_errors() or self._badge_language_errors())
        if errors:
            raise ValidationError(errors)

    def _language_errors(self) -> dict:
        offered = language_codes()
        languages = self.languages
        if not isinstance(languages, list) or not languages:
            return {"languages": _("Choose at least one language.")}
        unknown = [code for code in languages if code not in offered]
        if unknown:
            return {
                "languages": _("Summit does not offer: %(codes)s.")
                % {"codes": ", ".join(map(str, unknown))}
            }
        if self.main_language not in languages:
            return {"main_language": _("The main language must be one of the event's languages.")}
        return {}

    def _badge_language_errors(self) -> dict:
        chosen = self.badge_languages
        if chosen in (None, ""):
            return {}
        if not isinstance(chosen, list) or not all(isinstance(code, str) for code in chosen):
            return {"badge_languages": _("Enter a list of language codes, such as “fr”.")}
        if len(chosen) > MAX_BADGE_LANGUAGES:
            return {
                "badge_languages": _("A badge prints at most two languages: choose one or two.")
            }
        if len(set(chosen)) != len(chosen):
            return {"badge_languages": _("Choose each badge language once.")}
        foreign = [code for code in chosen if code not in self.languages]
        if foreign:
            return {
                "badge_languages": _("Not one of the event's languages: %(codes)s.")
                % {"codes": ", ".join(foreign)}
            }
        return {}

    @property
    def badge_language_codes(self) -> list[str]:
        """The languages badges and vehicle passes print their labels in, first line first.

        The chosen ones that the event still offers; else the main language and Arabic (or
        English for an Arabic main language), or the event's next language when it offers
        neither.
        """
        offered = [code for code in language_codes() if code in (self.languages or [])]
        chosen = self.badge_languages if isinstance(self.badge_languages, list) else []
        kept = [code for code in dict.fromkeys(chosen) if code in offered]
        if kept:
            return kept[:MAX_BADGE_LANGUAGES]
        main = self.main_language if self.main_language in offered else None
        first = main or (offered[0] if offered else settings.LANGUAGE_CODE)
        partner = "en" if first == "ar" else "ar"
        others = [code for code in offered if code != first]
        second = partner if partner in others else next(iter(others), None)
        return [first, second] if second else [first]

    @property
    def tzinfo(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    @property
    def timezone_label(self) -> str:
        """`Dubai (UTC+04:00)` in the active language: the zone's city and its offset when the
        event starts."""
        return time_zone_label(self.timezone, at=self.starts_at)

    def registration_state(self, at=None) -> str:
        """`not_yet_open`, `open` or `closed` (after closing time or once the event ended)."""
        at = at or timezone.now()
        if self.registration_opens_at and at < self.registration_opens_at:
            return "not_yet_open"
        if (
            self.registration_closes_at and at >= self.registration_closes_at
        ) or at >= self.ends_at:
            return "closed"
        return "open"

    def is_registration_open(self, at=None) -> bool:
        return self.registration_state(at) == "open"


class ZoneKind(models.TextChoices):
    PERSON = "person", _("People (badges)")
    VEHICLE = "vehicle", _("Vehicles (vehicle passes)")


class AccessZone(TimeStamped):
    """An area behind a door where badges are scanned: plenary hall, VIP lounge…"""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="zones")
    slug = models.SlugField(_("slug"), max_length=50)
    name = TranslatedField(_("name"), max_length=120)
    colour = models.CharField(
        _("colour"), max_length=7, default="#1F4E79", validators=[colour_validator]
    )
    is_main_entrance = models.BooleanField(
        _("main entrance"),
        default=False,
        help_text=_("Scans that name no zone are checked against this one."),
    )
    kind = models.CharField(
        _("kind"),
        max_length=10,
        choices=ZoneKind.choices,
        default=ZoneKind.PERSON,
        help_text=_("A vehicle gate admits vehicle passes only; every other zone badges only."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["event", "position", "slug"]
        verbose_name = _("access zone")
        verbose_name_plural = _("access zones")
        constraints = [
            models.UniqueConstraint(fields=["event", "slug"], name="zone_slug_unique_per_event"),
            models.UniqueConstraint(
                fields=["event"],
                condition=Q(is_main_entrance=True),
                name="one_main_entrance_per_event",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event.slug}/{self.slug}"

    @property
    def main_language(self) -> str:
        return self.event.main_language


class RegistrationCategory(TimeStamped):
    """What a registrant comes as (delegate, speaker, media…): badge colour and zones."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="categories")
    slug = models.SlugField(_("slug"), max_length=50)
    name = TranslatedField(_("name"), max_length=120)
    badge_colour = models.CharField(
        _("badge colour"), max_length=7, default="#1F4E79", validators=[colour_validator]
    )
    zones = models.ManyToManyField(
        AccessZone, related_name="categories", blank=True, verbose_name=_("zones granted")
    )
    requires_approval = models.BooleanField(_("requires approval"), default=True)
    requires_vetting = models.BooleanField(
        _("requires security vetting"),
        default=False,
        help_text=_(
            "Approved registrations wait for the security service's clearance "
            "before a badge is issued."
        ),
    )
    invitation_only = models.BooleanField(_("invitation only"), default=False)
    is_public = models.BooleanField(
        _("open to public registration"),
        default=True,
        help_text=_("Shown on the public registration form and accepted by the public API."),
    )
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Empty for no limit.")
    )
    allows_waitlist = models.BooleanField(
        _("waiting list when full"),
        default=True,
        help_text=_("When full, new registrations wait for a place instead of being refused."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["event", "position", "slug"]
        verbose_name = _("registration category")
        verbose_name_plural = _("registration categories")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "slug"], name="category_slug_unique_per_event"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event.slug}/{self.slug}"

    @property
    def main_language(self) -> str:
        return self.event.main_language


class ProtocolRank(TimeStamped):
    """A step of the event's order of precedence: head of state, minister, ambassador…"""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="protocol_ranks")
    slug = models.SlugField(_("slug"), max_length=50)
    name = TranslatedField(_("name"), max_length=120)
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Lower comes first.")
    )

    class Meta:
        ordering = ["event", "position", "slug"]
        verbose_name = _("protocol rank")
        verbose_name_plural = _("protocol ranks")
        constraints = [
            models.UniqueConstraint(fields=["event", "slug"], name="rank_slug_unique_per_event"),
        ]

    def __str__(self) -> str:
        return str(self.name)

    @property
    def main_language(self) -> str:
        return self.event.main_language
