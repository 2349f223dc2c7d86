"""Who scans, the scan being answered, and the answer: shared by every step of a scan.

`DoorScan` carries one scan through its steps (registrations/checkin/scan.py decides
what was scanned, admission.py lets it through, replays.py answers a nonce again):
the door, the device, the time, and the scan log record filled in as the steps learn
more about it.
"""

from dataclasses import dataclass, field
from datetime import datetime

from events.summit.models import Event
from events.tokens.authentication import TokenPrincipal
from events.tokens.models import ApiToken
from registrations.checkin.layout import EventLayout, ZoneInfo
from registrations.checkin.models import CheckInScan
from registrations.registration.models import Registration
from registrations.vehicles.models import VehiclePass


@dataclass(frozen=True)
class ScanDevice:
    """The token or signed-in user at the door; its label goes into every scan log."""

    label: str
    token: ApiToken | None = None
    user: object | None = None

    @classmethod
    def from_request(cls, request) -> "ScanDevice":
        principal = request.user
        if isinstance(principal, TokenPrincipal):
            token = principal.token
            label = token.label or f"token {token.prefix}…"
            return cls(label=label[:150], token=token)
        return cls(label=principal.get_username()[:150], user=principal)


@dataclass
class ScanOutcome:
    result: str
    scan: CheckInScan
    zone: ZoneInfo
    layout: EventLayout
    registration: Registration | None = None
    first_checked_in_at: datetime | None = None
    first_device: str = ""
    replayed: bool = False
    detail: str = ""
    extra: dict = field(default_factory=dict)
    vehicle_pass: VehiclePass | None = None


@dataclass(frozen=True)
class DoorScan:
    """One scan being answered. `log` holds the scan log's fields known so far."""

    event: Event
    zone: ZoneInfo
    layout: EventLayout
    device: ScanDevice
    now: datetime
    log: dict

    @property
    def nonce(self) -> str:
        return self.log["nonce"]
