"""Bilateral meetings between delegations, and the times proposed for them."""

import uuid

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from agenda.programme.models import Room
from events.summit.models import (
    Event,
    TimeStamped,
)


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
