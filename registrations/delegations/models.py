"""Delegations: a country's or an organization's party, with its head's secret page."""

from django.db import models
from django.db.models.fields.json import KT
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from events.summit.models import Event, RegistrationCategory, TimeStamped
from events.translated.fields import TranslatedField
from registrations.registration.models import new_secret_token, random_code


def new_join_code() -> str:
    return f"DEL-{random_code()}"


class Delegation(TimeStamped):
    """A country's or an organization's party, led by a head of delegation."""

    class Kind(models.TextChoices):
        COUNTRY = "country", _("Country")
        ORGANIZATION = "organization", _("Organization")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="delegations")
    name = TranslatedField(_("name"), max_length=200)
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

    class Meta:
        ordering = ["event", KT("name__en")]
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        constraints = [
            models.UniqueConstraint(
                "event", Lower(KT("name__en")), name="delegation_name_unique_per_event"
            ),
        ]

    def __str__(self) -> str:
        return str(self.name)

    @property
    def main_language(self) -> str:
        return self.event.main_language

    def get_absolute_url(self) -> str:
        return reverse("registrations:delegation", kwargs={"token": self.secret_token})


class DelegationQuota(TimeStamped):
    """How many of a delegation's members may hold a place in one category.

    A category without a row has no limit for the delegation (its total `quota` still
    applies). The members counted are those holding a place (`HOLDS_A_PLACE`, as for
    a category's capacity); `registrations.delegations.quotas` reads and enforces it.
    """

    delegation = models.ForeignKey(Delegation, on_delete=models.CASCADE, related_name="quotas")
    category = models.ForeignKey(
        RegistrationCategory,
        on_delete=models.CASCADE,
        related_name="delegation_quotas",
        verbose_name=_("category"),
    )
    allowed = models.PositiveIntegerField(
        _("places allowed"), help_text=_("How many members may hold a place in this category.")
    )

    class Meta:
        ordering = ["delegation", "category__position", "category__slug"]
        verbose_name = _("delegation quota")
        verbose_name_plural = _("delegation quotas")
        constraints = [
            models.UniqueConstraint(
                fields=["delegation", "category"], name="delegation_quota_unique_per_category"
            ),
            models.CheckConstraint(
                condition=models.Q(allowed__gte=0), name="delegation_quota_allowed_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.delegation}: {self.category} ≤ {self.allowed}"
