"""Demo registrations for the Unity for Security summit: ~200 people, six delegations.

Deterministic (a fixed random seed) and idempotent (keyed by email), so running
`seed_demo` again neither duplicates nor reshuffles anyone.
"""

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from events.models import Event
from registrations.models import Delegation, Registration, Status
from registrations.services.registration import event_reference_prefix

DELEGATIONS = [
    # English, Arabic, country
    ("United Arab Emirates", "الإمارات العربية المتحدة", "AE"),
    ("Kingdom of Saudi Arabia", "المملكة العربية السعودية", "SA"),
    ("Arab Republic of Egypt", "جمهورية مصر العربية", "EG"),
    ("Hashemite Kingdom of Jordan", "المملكة الأردنية الهاشمية", "JO"),
    ("French Republic", "الجمهورية الفرنسية", "FR"),
    ("Japan", "اليابان", "JP"),
]

ARAB_NAMES = [
    ("Ahmed", "أحمد"),
    ("Fatima", "فاطمة"),
    ("Mohammed", "محمد"),
    ("Aisha", "عائشة"),
    ("Khalid", "خالد"),
    ("Mariam", "مريم"),
    ("Omar", "عمر"),
    ("Layla", "ليلى"),
    ("Saeed", "سعيد"),
    ("Noura", "نورة"),
    ("Hamdan", "حمدان"),
    ("Salma", "سلمى"),
]
ARAB_FAMILIES = [
    ("Al Mansouri", "المنصوري"),
    ("Al Nahyan", "آل نهيان"),
    ("Al Qahtani", "القحطاني"),
    ("Haddad", "حداد"),
    ("El-Sayed", "السيد"),
    ("Al Shamsi", "الشامسي"),
    ("Nasser", "ناصر"),
    ("Al Harbi", "الحربي"),
    ("Khoury", "خوري"),
    ("Al Zaabi", "الزعابي"),
]
OTHER_NAMES = [
    "Claire",
    "Jean",
    "Yuki",
    "Hiroshi",
    "Anna",
    "Lukas",
    "Maria",
    "David",
    "Priya",
    "Chen",
    "Sofia",
    "Kwame",
    "Elena",
    "James",
    "Amara",
    "Mateo",
]
OTHER_FAMILIES = [
    "Dubois",
    "Martin",
    "Tanaka",
    "Sato",
    "Müller",
    "Rossi",
    "García",
    "Smith",
    "Okafor",
    "Kowalski",
    "Novak",
    "Lindqvist",
    "Fernandes",
    "O'Brien",
    "Singh",
]
ORGANIZATIONS = [
    ("Ministry of Interior", "Minister's Office"),
    ("National Police", "Chief of Police"),
    ("INTERPOL", "Director"),
    ("UNODC", "Programme Officer"),
    ("Financial Intelligence Unit", "Head of Analysis"),
    ("Cyber Security Council", "Advisor"),
    ("Customs Authority", "Director General"),
    ("Ministry of Culture", "Heritage Protection Lead"),
    ("SecureNet Systems", "Chief Executive Officer"),
    ("Gulf Logistics", "Head of Security"),
    ("Global Press Agency", "Correspondent"),
    ("Al Khaleej Daily", "Editor"),
]
OTHER_COUNTRIES = [
    "AE",
    "SA",
    "EG",
    "JO",
    "FR",
    "JP",
    "DE",
    "IT",
    "GB",
    "US",
    "IN",
    "CN",
    "BR",
    "NG",
    "KE",
    "ES",
    "PL",
    "SE",
    "OM",
    "QA",
    "BH",
    "KW",
    "MA",
    "TN",
]

# category slug → how many, and the statuses to spread over them
PLAN = [
    ("delegate", 110, [Status.APPROVED] * 6 + [Status.PENDING] * 3 + [Status.REJECTED]),
    ("speaker", 30, [Status.APPROVED] * 9 + [Status.PENDING]),
    ("media", 25, [Status.APPROVED] * 5 + [Status.PENDING] * 3 + [Status.WAITLISTED] * 2),
    ("private-sector", 29, [Status.APPROVED] * 5 + [Status.PENDING] * 4 + [Status.CANCELLED]),
]


@transaction.atomic
def seed(stdout) -> None:
    event = Event.objects.get(slug="unity-for-security")
    rng = random.Random(2026)  # noqa: S311 - demo data, reproducible on purpose
    categories = {category.slug: category for category in event.categories.all()}
    delegations = _seed_delegations(event)
    prefix = event_reference_prefix(event)
    created = 0
    number = 0

    def add(category_slug, status, country, delegation=None, title="", arab=None):
        nonlocal created, number
        number += 1
        if arab or (arab is None and country in {"AE", "SA", "EG", "JO", "OM", "QA", "BH", "KW"}):
            (first, first_ar), (last, last_ar) = rng.choice(ARAB_NAMES), rng.choice(ARAB_FAMILIES)
            name_ar = f"{first_ar} {last_ar}"
        else:
            first, last, name_ar = rng.choice(OTHER_NAMES), rng.choice(OTHER_FAMILIES), ""
        organization, job_title = rng.choice(ORGANIZATIONS)
        email = f"{first}.{last}.{number}@demo.summit.example".lower().replace(" ", "")
        email = email.replace("'", "")
        registration, was_created = Registration.objects.get_or_create(
            event=event,
            email=email,
            defaults={
                "category": categories[category_slug],
                "reference": f"{prefix}-D{number:05d}",
                "status": status,
                "title": title or rng.choice(["mr", "ms", "dr", ""]),
                "first_name": first,
                "last_name": last,
                "name_ar": name_ar,
                "organization": organization,
                "job_title": job_title,
                "country": country,
                "language": "ar" if name_ar and rng.random() < 0.5 else "en",
                "consent_at": timezone.now() - timedelta(days=rng.randint(1, 30)),
                "delegation": delegation,
            },
        )
        created += was_created
        return registration

    for delegation in delegations:
        head = add(
            "head-of-delegation", Status.APPROVED, delegation.country.code, delegation, title="he"
        )
        if delegation.head_id is None:
            Delegation.objects.filter(pk=delegation.pk).update(head=head)
        for _member in range(4):
            add("delegate", Status.APPROVED, delegation.country.code, delegation)

    for category_slug, count, statuses in PLAN:
        for index in range(count):
            add(category_slug, statuses[index % len(statuses)], rng.choice(OTHER_COUNTRIES))

    total = Registration.objects.filter(event=event).count()
    stdout.write(f"Demo registrations: {total} ({created} new), {len(delegations)} delegations")
    from events.services import Actor
    from registrations.services.badges import badges_issue_missing

    issued = badges_issue_missing(event=event, actor=Actor.system())
    stdout.write(f"Demo badges: {issued} issued for approved registrations without one")


def _seed_delegations(event: Event) -> list[Delegation]:
    delegations = []
    for name_en, name_ar, country in DELEGATIONS:
        delegation, _created = Delegation.objects.update_or_create(
            event=event,
            name_en=name_en,
            defaults={
                "name_ar": name_ar,
                "country": country,
                "kind": Delegation.Kind.COUNTRY,
                "quota": 8,
            },
        )
        delegations.append(delegation)
    return delegations
