"""Shared set-up for the badge and check-in tests: a small summit with zones and tokens."""

from dataclasses import dataclass

from events.audit.services import Actor
from events.teams.models import Role
from events.tokens.services import api_token_issue
from registrations.badges.services import badge_issue, badge_qr_text
from registrations.registration.models import Registration, Status
from tests.factories import AccessZoneFactory, CategoryFactory, EventFactory, RegistrationFactory

# A check-in token issued with `issue_token --offline`: the only kind that may
# download the offline package. A key of `Summit.tokens`, beside the roles.
OFFLINE_DEVICE = "offline-device"


@dataclass
class Summit:
    event: object
    plenary: object
    lounge: object
    delegate: object
    speaker: object
    tokens: dict

    def bearer(self, role: str = Role.CHECKIN) -> dict:
        return {"HTTP_AUTHORIZATION": f"Bearer {self.tokens[role]}"}

    def url(self, path: str = "checkins/") -> str:
        return f"/api/v1/events/{self.event.slug}/{path}"


def make_summit(slug: str = "unity") -> Summit:
    event = EventFactory(slug=slug, name={"en": "Unity Summit", "ar": "قمة الاتحاد"})
    plenary = AccessZoneFactory(
        event=event,
        slug="plenary",
        name={"en": "Plenary hall", "ar": "القاعة العامة"},
        is_main_entrance=True,
    )
    lounge = AccessZoneFactory(event=event, slug="vip-lounge", name={"en": "VIP lounge"})
    delegate = CategoryFactory(event=event, slug="delegate", name={"en": "Delegate", "ar": "مندوب"})
    delegate.zones.set([plenary])
    speaker = CategoryFactory(
        event=event, slug="speaker", name={"en": "Speaker"}, badge_colour="#B3261E"
    )
    speaker.zones.set([plenary, lounge])
    tokens = {
        role: api_token_issue(event=event, role=role, label=f"{role} device")[1]
        for role in Role.values
    }
    tokens[OFFLINE_DEVICE] = api_token_issue(
        event=event, role=Role.CHECKIN, label="offline scanner", offline=True
    )[1]
    return Summit(event, plenary, lounge, delegate, speaker, tokens)


def approved(summit: Summit, *, category=None, **fields) -> tuple[Registration, str]:
    """An approved registration with its badge, and the badge's QR text."""
    registration = RegistrationFactory(
        event=summit.event,
        category=category or summit.delegate,
        status=Status.APPROVED,
        **fields,
    )
    badge = badge_issue(registration=registration, actor=Actor.system())
    return registration, badge_qr_text(badge)
