"""Delegations: a country's or an organization's party, with its head's secret page."""

from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from events.bilingual import Bilingual
from events.summit.models import Event, TimeStamped
from registrations.registration.models import new_secret_token, random_code


def new_join_code() -> str:
    return f"DEL-{random_code()}"


class Delegation(TimeStamped):
    """A country's or an organization's party, led by a head of delegation."""

    class Kind(models.TextChoices):
        COUNTRY = "country", _("Country")
        ORGANIZATION = "organization", _("Organization")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="delegations")
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.COUNTRY)
    country = CountryField(_("country"), blank=True)
    head = models.OneToOneField(
        "Registration",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="delegation_led",
        verbose_name=_("head of delegation"),
    )
    quota = models.PositiveIntegerField(
        _("quota"), default=10, help_text=_("How many members, the head included.")
    )
    secret_token = models.CharField(max_length=64, unique=True, default=new_secret_token)
    # The head's calendar feed: read-only, so a calendar provider that learns it
    # can open nothing else (the page's `secret_token` manages the delegation).
    feed_secret = models.CharField(max_length=64, unique=True, default=new_secret_token)
    join_code = models.CharField(
        _("joining code"),
        max_length=16,
        unique=True,
        default=new_join_code,
        help_text=_("Members give this code when they register to join the delegation."),
    )

    name = Bilingual()

    class Meta:
        ordering = ["event", "name_en"]
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        constraints = [
            models.UniqueConstraint(
                "event", Lower("name_en"), name="delegation_name_unique_per_event"
            ),
        ]

    def __str__(self) -> str:
        return self.name_en

    def get_absolute_url(self) -> str:
        return reverse("registrations:delegation", kwargs={"token": self.secret_token})
