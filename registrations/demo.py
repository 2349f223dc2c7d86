"""Demo registrations for the Unity for Security summit: ~200 people, six delegations.

Deterministic (a fixed random seed) and idempotent (keyed by reference, `UFS-D00042`),
so running `seed_demo` again neither duplicates nor reshuffles anyone.

The addresses pass the registration form's own check (Django's `EmailValidator`,
ASCII before the @): the name part is folded to ASCII (`maria.garcia.163@…`).
Databases seeded before that have `maria.garcía.163@…`; seeding again corrects
those addresses in place, on the row with the same reference, and leaves every
other address (an officer's correction) alone.
"""

import random
import unicodedata
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from events.audit.services import Actor
from events.summit.models import Event
from registrations.badges.services import badges_issue_missing
from registrations.delegations.models import Delegation, DelegationQuota
from registrations.registration.forms_of_address import Gender
from registrations.registration.models import (
    Answer,
    Question,
    QuestionOption,
    Registration,
    Status,
)
from registrations.registration.services import event_reference_prefix, registration_approve
from registrations.vehicles.demo import seed_vehicles
from registrations.vetting.services import DecisionRow, vetting_batch_create, vetting_import

# Each delegation's places per category: its head, and delegates (four come in the demo).
DELEGATION_QUOTAS = {"head-of-delegation": 1, "delegate": 6}

DELEGATIONS = [
    # name, country
    (
        {
            "en": "United Arab Emirates",
            "ar": "الإمارات العربية المتحدة",
            "fr": "Émirats arabes unis",
            "es": "Emiratos Árabes Unidos",
        },
        "AE",
    ),
    (
        {
            "en": "Kingdom of Saudi Arabia",
            "ar": "المملكة العربية السعودية",
            "fr": "Royaume d'Arabie saoudite",
            "es": "Reino de Arabia Saudí",
        },
        "SA",
    ),
    (
        {
            "en": "Arab Republic of Egypt",
            "ar": "جمهورية مصر العربية",
            "fr": "République arabe d'Égypte",
            "es": "República Árabe de Egipto",
        },
        "EG",
    ),
    (
        {
            "en": "Hashemite Kingdom of Jordan",
            "ar": "المملكة الأردنية الهاشمية",
            "fr": "Royaume hachémite de Jordanie",
            "es": "Reino Hachemita de Jordania",
        },
        "JO",
    ),
    (
        {
            "en": "French Republic",
            "ar": "الجمهورية الفرنسية",
            "fr": "République française",
            "es": "República Francesa",
        },
        "FR",
    ),
    ({"en": "Japan", "ar": "اليابان", "fr": "Japon", "es": "Japón"}, "JP"),
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
# Which demo first names are women's: titles (Ms, السيدة, Mme, Sra.) and greetings agree.
WOMEN = {
    "Fatima", "Aisha", "Mariam", "Layla", "Noura", "Salma",
    "Claire", "Yuki", "Anna", "Maria", "Priya", "Sofia", "Elena", "Amara",
}  # fmt: skip
# Titles drawn for a registrant without an office, by gender (four each: the draw
# stays the one older seeds made).
PLAIN_TITLES = {
    Gender.MALE: ["mr", "mr", "dr", ""],
    Gender.FEMALE: ["ms", "ms", "dr", ""],
}
# The language a registrant from these countries registers in (Arab countries: Arabic
# for half of those who gave an Arabic name, as before).
COUNTRY_LANGUAGES = {
    "FR": "fr", "MA": "fr", "TN": "fr", "SN": "fr", "CI": "fr", "BE": "fr",
    "ES": "es", "MX": "es", "AR": "es", "CO": "es", "CL": "es", "PE": "es",
}  # fmt: skip
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

# Heads of the first delegations by office: (honorific, protocol rank).
HEADS = [
    ("he_state", "head-of-state"),
    ("he_government", "head-of-government"),
    ("he", "minister"),
    ("he", "minister"),
    ("he", "minister"),
    ("he", "head-of-delegation"),
]

# Security officials (a category that requires vetting) and where each stands.
VETTING_PLAN = [
    ("cleared", 3),
    ("submitted", 3),
    ("more_information", 1),
    ("refused", 1),
    ("awaiting_export", 2),
]
VETTING_NOTES = {
    "more_information": "Passport copy unreadable; send a new scan.",
    "refused": "Not cleared.",
}

# category slug → how many, and the statuses to spread over them
PLAN = [
    ("delegate", 110, [Status.APPROVED] * 6 + [Status.PENDING] * 3 + [Status.REJECTED]),
    ("speaker", 30, [Status.APPROVED] * 9 + [Status.PENDING]),
    ("media", 25, [Status.APPROVED] * 5 + [Status.PENDING] * 3 + [Status.WAITLISTED] * 2),
    ("private-sector", 29, [Status.APPROVED] * 5 + [Status.PENDING] * 4 + [Status.CANCELLED]),
]


def _language(rng: random.Random, country: str, name_ar: str) -> str:
    if name_ar and rng.random() < 0.5:
        return "ar"
    return COUNTRY_LANGUAGES.get(country, "en")


def demo_email(first: str, last: str, number: int) -> str:
    """`maria.garcia.163@demo.summit.example`: letters folded to ASCII, no spaces or quotes."""
    folded = unicodedata.normalize("NFKD", legacy_demo_email(first, last, number))
    return folded.encode("ascii", "ignore").decode("ascii")


def legacy_demo_email(first: str, last: str, number: int) -> str:
    """The address seeds before the ASCII folding gave (`maria.garcía.163@…`)."""
    email = f"{first}.{last}.{number}@demo.summit.example".lower().replace(" ", "")
    return email.replace("'", "")


@transaction.atomic
def seed(stdout) -> None:
    event = Event.objects.get(slug="unity-for-security")
    rng = random.Random(2026)  # noqa: S311 - demo data, reproducible on purpose
    categories = {category.slug: category for category in event.categories.all()}
    delegations = _seed_delegations(event)
    prefix = event_reference_prefix(event)
    created = 0
    number = 0
    names_taken: set[tuple[str, str]] = set()

    def add(category_slug, status, country, delegation=None, title="", arab=None):
        nonlocal created, number
        number += 1
        arabic = arab or (
            arab is None and country in {"AE", "SA", "EG", "JO", "OM", "QA", "BH", "KW"}
        )
        # Two people of the same name read as one person listed twice (on the speakers'
        # page, in a delegation): draw again until the name is new.
        for _attempt in range(100):
            if arabic:
                (first, first_ar), (last, last_ar) = (
                    rng.choice(ARAB_NAMES),
                    rng.choice(ARAB_FAMILIES),
                )
                name_ar = f"{first_ar} {last_ar}"
            else:
                first, last, name_ar = rng.choice(OTHER_NAMES), rng.choice(OTHER_FAMILIES), ""
            if (first, last) not in names_taken:
                break
        names_taken.add((first, last))
        organization, job_title = rng.choice(ORGANIZATIONS)
        gender = Gender.FEMALE if first in WOMEN else Gender.MALE
        email = demo_email(first, last, number)
        registration, was_created = Registration.objects.get_or_create(
            event=event,
            reference=f"{prefix}-D{number:05d}",
            defaults={
                "category": categories[category_slug],
                "email": email,
                "status": status,
                "title": title or rng.choice(PLAIN_TITLES[gender]),
                "gender": gender,
                "first_name": first,
                "last_name": last,
                "name_ar": name_ar,
                "organization": organization,
                "job_title": job_title,
                "country": country,
                "language": _language(rng, country, name_ar),
                "consent_at": timezone.now() - timedelta(days=rng.randint(1, 30)),
                "delegation": delegation,
            },
        )
        created += was_created
        if registration.email != email and registration.email == legacy_demo_email(
            first, last, number
        ):
            Registration.objects.filter(pk=registration.pk).update(email=email)
            registration.email = email
        return registration

    ranks = {rank.slug: rank for rank in event.protocol_ranks.all()}
    for index, delegation in enumerate(delegations):
        title, rank = HEADS[index] if index < len(HEADS) else ("he", "minister")
        head = add(
            "head-of-delegation", Status.APPROVED, delegation.country.code, delegation, title=title
        )
        _rank(head, ranks[rank])
        if delegation.head_id is None:
            Delegation.objects.filter(pk=delegation.pk).update(head=head)
        for member in range(4):
            registration = add("delegate", Status.APPROVED, delegation.country.code, delegation)
            # An ambassador in each delegation, the others delegates.
            if member == 0:
                Registration.objects.filter(pk=registration.pk, title="").update(
                    title="he_ambassador"
                )
            _rank(registration, ranks["ambassador" if member == 0 else "delegate"])

    # Before the waiting list exists: a refusal frees a place, which would promote it.
    vetting_plan = [state for state, count in VETTING_PLAN for _ in range(count)]
    officials = [
        add("security-official", Status.PENDING, rng.choice(OTHER_COUNTRIES), title="general")
        for _ in vetting_plan
    ]
    _seed_vetting(event, officials, vetting_plan, stdout)

    for category_slug, count, statuses in PLAN:
        for index in range(count):
            add(category_slug, statuses[index % len(statuses)], rng.choice(OTHER_COUNTRIES))

    answered = _seed_questions(event, rng)
    total = Registration.objects.filter(event=event).count()
    stdout.write(f"Demo registrations: {total} ({created} new), {len(delegations)} delegations")
    stdout.write(f"Demo questions: {len(WORKSHOPS)} workshops to choose from, {answered} answers")
    issued = badges_issue_missing(event=event, actor=Actor.system())
    stdout.write(f"Demo badges: {issued} issued for approved registrations without one")
    vehicles = seed_vehicles(event)
    stdout.write(f"Demo vehicles: {vehicles}")


# The demo's question (optional, so every journey without it still registers): the
# workshop a delegate attends, which a mailing or the CSV can pick people by.
WORKSHOP_QUESTION = {
    "en": "Which workshop will you attend?",
    "ar": "أي ورشة عمل ستحضر؟",
    "fr": "À quel atelier participerez-vous ?",
    "es": "¿A qué taller asistirá?",
}
WORKSHOPS = {
    "maritime": {
        "en": "Maritime borders",
        "ar": "الحدود البحرية",
        "fr": "Frontières maritimes",
        "es": "Fronteras marítimas",
    },
    "cyber": {
        "en": "Cybercrime",
        "ar": "الجرائم الإلكترونية",
        "fr": "Cybercriminalité",
        "es": "Ciberdelincuencia",
    },
    "finance": {
        "en": "Illicit finance",
        "ar": "التمويل غير المشروع",
        "fr": "Financement illicite",
        "es": "Financiación ilícita",
    },
}


def _seed_questions(event: Event, rng: random.Random) -> int:
    """The workshop question, asked of delegates and heads, and most of them answering
    it; seeded once (an organizer's later changes stay). The number of answers."""
    question = event.questions.filter(label__en=WORKSHOP_QUESTION["en"]).first()
    if question is None:
        question = Question.objects.create(
            event=event, label=WORKSHOP_QUESTION, kind=Question.Kind.CHOICE, position=0
        )
        question.categories.set(
            event.categories.filter(slug__in=["delegate", "head-of-delegation"])
        )
        for position, (value, label) in enumerate(WORKSHOPS.items()):
            QuestionOption.objects.create(
                question=question, value=value, label=label, position=position
            )
        asked = Registration.objects.filter(
            event=event, category__in=question.categories.all()
        ).order_by("pk")
        Answer.objects.bulk_create(
            Answer(registration=registration, question=question, value=rng.choice(list(WORKSHOPS)))
            for registration in asked
            if rng.random() < 0.8
        )
    return question.answers.count()


def _rank(registration: Registration, rank) -> None:
    """Give a rank to a registration that has none (an officer's later choice stays)."""
    Registration.objects.filter(pk=registration.pk, protocol_rank__isnull=True).update(
        protocol_rank=rank
    )


def _seed_vetting(event: Event, officials: list[Registration], plan: list[str], stdout) -> None:
    """Walk the security officials through vetting, each to the state the plan gives.

    Through the services, as an officer would: approve (→ vetting), export a batch,
    import the security service's decisions. Only officials still pending move, so
    a second seed changes nothing.
    """
    actor = Actor(label="demo seed")
    fresh = [
        (registration, state)
        for registration, state in zip(officials, plan, strict=True)
        if registration.status == Status.PENDING
    ]
    if not fresh:
        return
    sent = [(registration, state) for registration, state in fresh if state != "awaiting_export"]
    for registration, _state in sent:
        registration_approve(registration_id=registration.pk, actor=actor)
    vetting_batch_create(event=event, actor=actor)
    # Approved after the export, so they wait for the next batch.
    for registration, state in fresh:
        if state == "awaiting_export":
            registration_approve(registration_id=registration.pk, actor=actor)
    decisions = [
        DecisionRow(line=line, reference=registration.reference, decision=state, note=note)
        for line, (registration, state) in enumerate(sent, start=2)
        if state != "submitted"
        for note in [VETTING_NOTES.get(state, "")]
    ]
    report = vetting_import(event=event, rows=decisions, actor=actor, dry_run=False)
    stdout.write(f"Demo vetting: {len(fresh)} security officials, decisions {report.counts()}")


def _seed_delegations(event: Event) -> list[Delegation]:
    delegations = []
    for name, country in DELEGATIONS:
        delegation, _created = Delegation.objects.update_or_create(
            event=event,
            name__en=name["en"],
            defaults={
                "name": name,
                "country": country,
                "kind": Delegation.Kind.COUNTRY,
                "quota": 8,
            },
        )
        for slug, allowed in DELEGATION_QUOTAS.items():
            category = event.categories.filter(slug=slug).first()
            if category is not None:
                # Left as an organizer changed it on a second run.
                DelegationQuota.objects.get_or_create(
                    delegation=delegation, category=category, defaults={"allowed": allowed}
                )
        delegations.append(delegation)
    return delegations
