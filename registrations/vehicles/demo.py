"""Demo vehicles: a vehicle gate and a dozen delegation cars in every state of the workflow.

Idempotent: the gate is keyed by its slug and each vehicle by its plate, so
running `seed_demo` again changes nothing. Call after the demo delegations exist.
"""

from django.db import transaction
from django.db.models.fields.json import KT

from events.audit.services import Actor
from events.summit.models import AccessZone, Event
from registrations.checkin.layout import event_layout_forget
from registrations.vehicles.models import VehiclePass, VehiclePassStatus
from registrations.vehicles.services import (
    VehicleInput,
    plate_normalise,
    vehicle_approve,
    vehicle_register,
    vehicle_reject,
    vehicle_revoke,
)

GATE_SLUG = "vehicle-gate"

# Per demo delegation (in name order): (plate, make, colour, driver's name, final status).
VEHICLES = [
    ("AD 1 23456", "Toyota Land Cruiser", "White", "Saeed Al Ketbi", VehiclePassStatus.APPROVED),
    ("AD 5 77120", "Lexus LX 600", "Black", "Hamdan Al Mazrouei", VehiclePassStatus.APPROVED),
    ("RUH 4821", "GMC Yukon", "Black", "Fahad Al Otaibi", VehiclePassStatus.APPROVED),
    ("RUH 9034", "Chevrolet Tahoe", "Silver", "Nasser Al Harbi", VehiclePassStatus.REQUESTED),
    ("CAI 7 3310", "Mercedes-Benz S 500", "Black", "Karim Mansour", VehiclePassStatus.APPROVED),
    ("CAI 7 3311", "Hyundai H-1", "White", "Tarek Fawzy", VehiclePassStatus.REJECTED),
    ("AMM 20-45871", "Nissan Patrol", "Grey", "Yazan Haddad", VehiclePassStatus.APPROVED),
    ("AMM 20-45872", "Toyota Hiace", "White", "Rami Khoury", VehiclePassStatus.REVOKED),
    ("CD-075-FR", "Renault Espace", "Dark blue", "Luc Martin", VehiclePassStatus.APPROVED),
    ("CD-075-FS", "Peugeot 5008", "Grey", "Julien Moreau", VehiclePassStatus.REQUESTED),
    ("CD 81-204", "Toyota Alphard", "Pearl white", "Kenji Sato", VehiclePassStatus.APPROVED),
]

DEMO = Actor(label="demo data")


def seed_vehicles(event: Event) -> dict[str, int]:
    """The vehicle gate and the demo cars of `event`'s delegations; counts what was created."""
    with transaction.atomic():
        _gate, gate_created = AccessZone.objects.update_or_create(
            event=event,
            slug=GATE_SLUG,
            defaults={
                "name": {
                    "en": "Vehicle gate",
                    "ar": "بوابة المركبات",
                    "fr": "Accès véhicules",
                    "es": "Acceso de vehículos",
                },
                "colour": "#6B7280",
                "kind": "vehicle",
                "is_main_entrance": False,
                "position": 90,
            },
        )
        delegations = list(event.delegations.order_by(KT("name__en")))
        created = 0
        if delegations:
            for index, (plate, make, colour, driver, status) in enumerate(VEHICLES):
                delegation = delegations[(index // 2) % len(delegations)]
                if VehiclePass.objects.filter(
                    event=event, plate_normalised=plate_normalise(plate)
                ).exists():
                    continue
                vehicle = vehicle_register(
                    delegation=delegation,
                    data=VehicleInput(plate=plate, make=make, colour=colour, driver_name=driver),
                    actor=DEMO,
                )
                if status in (VehiclePassStatus.APPROVED, VehiclePassStatus.REVOKED):
                    vehicle_approve(vehicle_id=vehicle.pk, actor=DEMO)
                if status == VehiclePassStatus.REVOKED:
                    vehicle_revoke(vehicle_id=vehicle.pk, actor=DEMO, reason="Vehicle replaced")
                if status == VehiclePassStatus.REJECTED:
                    vehicle_reject(
                        vehicle_id=vehicle.pk, actor=DEMO, reason="Delegation limited to two cars"
                    )
                created += 1
    if gate_created:
        event_layout_forget(event_id=event.pk)
    return {"gate_created": int(gate_created), "vehicles_created": created}
