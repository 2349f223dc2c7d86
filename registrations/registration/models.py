"""Registrations: the registrant, the invitation that let them in, the questions they answer."""

import secrets

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from events.summit.models import (
    Event,
    ProtocolRank,
    RegistrationCategory,
    TimeStamped,
    language_choices,
)
from events.translated.fields import TranslatedField
from registrations.registration import forms_of_address
from registrations.registration.forms_of_address import Gender, Honorific

# Letters and digits that cannot be mistaken for one another when read aloud or
# typed from a printed badge: no 0/O, 1/I/L, U/V.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ"
REFERENCE_LENGTH = 6


def new_secret_token() -> str:
    return secrets.token_urlsafe(32)


def random_code(length: int = REFERENCE_LENGTH) -> str:
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(length))


TITLE_CONTRADICTS_GENDER = _(
    "This form of address does not match the title (Mr, Ms, Sheikh…); change one of them."
)


class Status(models.TextChoices):
    PENDING = "pending", _("Pending")
    VETTING = "vetting", _("In security vetting")
    APPROVED = "approved", _("Approved")
    WAITLISTED = "waitlisted", _("Waiting list")
    REJECTED = "rejected", _("Rejected")
    CANCELLED = "cancelled", _("Cancelled")
    REVOKED = "revoked", pgettext_lazy("registration", "Revoked")


# Statuses that hold one of the event's and the category's places.
HOLDS_A_PLACE = (Status.PENDING, Status.VETTING, Status.APPROVED)


class VettingState(models.TextChoices):
    """Where a registration stands with the host country's security service."""

    NOT_REQUIRED = "", _("Not required")
    AWAITING_EXPORT = "awaiting_export", _("Waiting to be sent")
    SUBMITTED = "submitted", _("Sent to the security service")
    MORE_INFORMATION = "more_information", _("More information requested")
    CLEARED = "cleared", _("Cleared")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Clearance withdrawn")


class Invitation(TimeStamped):
    """A code that opens an invitation-only category, for one address or for several uses."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="invitations")
    code = models.CharField(_("code"), max_length=20, unique=True)
    category = models.ForeignKey(
        RegistrationCategory,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("category"),
    )
    email = models.EmailField(
        _("locked to address"), blank=True, help_text=_("Empty: anyone with the code may use it.")
    )
    delegation = models.ForeignKey(
        "Delegation", on_delete=models.SET_NULL, null=True, blank=True, related_name="invitations"
    )
    max_uses = models.PositiveIntegerField(_("uses allowed"), default=1)
    uses = models.PositiveIntegerField(_("uses"), default=0)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    skips_approval = models.BooleanField(
        _("approve at once"),
        default=False,
        help_text=_("Registrations with this code need no review."),
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["event", "-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.CheckConstraint(
                condition=Q(uses__lte=models.F("max_uses")), name="invitation_not_overused"
            ),
            models.CheckConstraint(condition=Q(max_uses__gte=1), name="invitation_usable"),
        ]

    def __str__(self) -> str:
        return self.code


class Registration(TimeStamped):
    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="registrations")
    category = models.ForeignKey(
        RegistrationCategory,
        on_delete=models.PROTECT,
        related_name="registrations",
        verbose_name=_("category"),
    )
    reference = models.CharField(_("reference"), max_length=16, unique=True)
    secret_token = models.CharField(max_length=64, unique=True, default=new_secret_token)
    # The personal calendar feed: read-only, so a calendar provider that learns it
    # can open nothing else (the page's `secret_token` edits, cancels, holds the badge).
    feed_secret = models.CharField(max_length=64, unique=True, default=new_secret_token)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    status_changed_at = models.DateTimeField(_("status changed at"), auto_now_add=True)
    decision_reason = models.TextField(_("reason"), blank=True)
    reason_visible = models.BooleanField(_("reason shown to the registrant"), default=False)

    title = models.CharField(_("title"), max_length=20, choices=Honorific.choices, blank=True)
    gender = models.CharField(
        _("form of address"),
        max_length=10,
        choices=Gender.choices,
        blank=True,
        default=Gender.NOT_GIVEN,
        help_text=_("So that titles and greetings agree: Madam or Sir, السيدة or السيد."),
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    name_ar = models.CharField(_("name in Arabic script"), max_length=200, blank=True)
    email = models.EmailField(_("email"), max_length=254)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    organization = models.CharField(_("organization"), max_length=200)
    job_title = models.CharField(_("job title"), max_length=200)
    country = CountryField(_("country"))
    language = models.CharField(
        _("preferred language"), max_length=2, choices=language_choices, default="en"
    )
    consent_at = models.DateTimeField(_("consent given at"))
    photo = models.ImageField(_("photo"), upload_to="photos/", blank=True)
    dietary_needs = models.CharField(_("dietary needs"), max_length=300, blank=True)
    accessibility_needs = models.CharField(_("accessibility needs"), max_length=300, blank=True)
    delegation = models.ForeignKey(
        "Delegation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("delegation"),
    )
    invitation = models.ForeignKey(
        Invitation, on_delete=models.SET_NULL, null=True, blank=True, related_name="registrations"
    )
    personal_data_erased_at = models.DateTimeField(
        _("personal data erased at"), null=True, blank=True
    )

    protocol_rank = models.ForeignKey(
        ProtocolRank,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registrations",
        verbose_name=_("protocol rank"),
    )
    protocol_order = models.PositiveIntegerField(
        _("order within rank"),
        null=True,
        blank=True,
        help_text=_("Used when the event orders each rank explicitly; lower comes first."),
    )

    vetting_state = models.CharField(
        _("security vetting"),
        max_length=20,
        choices=VettingState.choices,
        blank=True,
        default=VettingState.NOT_REQUIRED,
    )
    vetting_batch = models.ForeignKey(
        "VettingBatch",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registrations",
        verbose_name=_("last vetting batch"),
    )
    vetting_note = models.TextField(_("security service's note"), blank=True)
    vetting_decided_at = models.DateTimeField(_("vetting decided at"), null=True, blank=True)

    class Meta:
        ordering = ["event", "last_name", "first_name"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                "event", Lower("email"), name="one_registration_per_email_per_event"
            ),
        ]
        indexes = [
            models.Index(fields=["event", "status", "category"]),
            models.Index(fields=["event", "status", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.full_name}"

    def get_absolute_url(self) -> str:
        return reverse("registrations:me", kwargs={"token": self.secret_token})

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def clean(self) -> None:
        if forms_of_address.gender_contradicts_title(title=self.title, gender=self.gender):
            raise ValidationError({"gender": TITLE_CONTRADICTS_GENDER})

    @property
    def title_en(self) -> str:
        return forms_of_address.honorific(title=self.title, gender=self.gender, language="en")

    @property
    def title_ar(self) -> str:
        return forms_of_address.honorific(title=self.title, gender=self.gender, language="ar")

    @property
    def display_name(self) -> str:
        """The Latin-script name with its honorific, as on the badge: “H.E. Amina Al-Sayed”."""
        return f"{self.title_en} {self.full_name}".strip()

    @property
    def display_name_ar(self) -> str:
        """The Arabic-script name with the Arabic form of address: “معالي أمينة السيد”."""
        if not self.name_ar:
            return ""
        return f"{self.title_ar} {self.name_ar}".strip()

    @property
    def addressed_name(self) -> str:
        """Title and name as the active language writes them: “السيدة فاطمة الكعبي”."""
        return forms_of_address.addressed_name(self, get_language())

    @property
    def formal_address(self) -> str:
        """The protocol form in the active language: “Son Excellence Madame la Présidente …”."""
        return forms_of_address.formal_address(self, get_language())

    @property
    def salutation(self) -> str:
        """A letter's opening line in the active language: “السيدة ليلى حداد المحترمة،”."""
        return forms_of_address.salutation(self, get_language())


class Question(TimeStamped):
    """An organizer's extra question on the registration form."""

    class Kind(models.TextChoices):
        TEXT = "text", _("Text")
        LONG_TEXT = "long_text", _("Long text")
        CHOICE = "choice", _("One choice")
        MULTIPLE = "multiple", _("Several choices")
        YES_NO = "yes_no", _("Yes or no")
        DATE = "date", _("Date")
        FILE = "file", _("File")

    # Kinds answered by picking among the question's options.
    KINDS_WITH_OPTIONS = (Kind.CHOICE, Kind.MULTIPLE)

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="questions")
    label = TranslatedField(_("question"), max_length=300)
    help_text = TranslatedField(
        _("help text"),
        max_length=500,
        blank=True,
        help_text=_("Shown under the question on the registration form."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.TEXT)
    required = models.BooleanField(_("required"), default=False)
    categories = models.ManyToManyField(
        RegistrationCategory,
        blank=True,
        related_name="questions",
        verbose_name=_("asked of"),
        help_text=_("Empty: asked of every category."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["event", "position", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return str(self.label)

    @property
    def main_language(self) -> str:
        return self.event.main_language


class QuestionOption(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    value = models.SlugField(_("value"), max_length=50)
    label = TranslatedField(_("label"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["question", "position", "pk"]
        verbose_name = _("option")
        verbose_name_plural = _("options")
        constraints = [
            models.UniqueConstraint(fields=["question", "value"], name="option_value_unique"),
        ]

    def __str__(self) -> str:
        return str(self.label)

    @property
    def main_language(self) -> str:
        return self.question.event.main_language


class Answer(models.Model):
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    # A string, a list of option values, a boolean or an ISO date, by question kind; for a
    # file, `{"name": stored name, "original_name": …, "size": bytes, "content_type": …}`
    # (registrations/questions/files.py).
    value = models.JSONField(_("answer"))

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "question"], name="one_answer_per_question"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question}: {self.value}"
