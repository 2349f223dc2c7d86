"""The "Unity for Security" demo summit: event, zones, categories, an organizer.

Idempotent: running it again updates the same rows and creates nothing new.
"""

import secrets
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from events.summit.models import AccessZone, Event, ProtocolRank, RegistrationCategory
from events.teams.models import Role
from events.teams.services import team_member_add
from events.two_factor.services import recovery_codes_regenerate, totp_secret_base32

DEMO_SLUG = "unity-for-security"
DEMO_TIMEZONE = "Asia/Dubai"
ORGANIZER_USERNAME = "organizer"

ZONES = [
    # slug, name, colour, main entrance
    (
        "plenary",
        {
            "en": "Plenary hall",
            "ar": "القاعة العامة",
            "fr": "Salle plénière",
            "es": "Sala plenaria",
        },
        "#1F4E79",
        True,
    ),
    (
        "vip-lounge",
        {
            "en": "VIP lounge",
            "ar": "صالة كبار الشخصيات",
            "fr": "Salon VIP",
            "es": "Sala VIP",
        },
        "#B08D3C",
        False,
    ),
    (
        "press-area",
        {"en": "Press area", "ar": "منطقة الصحافة", "fr": "Espace presse", "es": "Zona de prensa"},
        "#6B2C91",
        False,
    ),
    (
        "interpretation-booths",
        {
            "en": "Interpretation booths",
            "ar": "مقصورات الترجمة الفورية",
            "fr": "Cabines d'interprétation",
            "es": "Cabinas de interpretación",
        },
        "#2E7D7A",
        False,
    ),
]

CATEGORIES = [
    # slug, name, badge colour, zones, requires approval, invitation only, public
    (
        "delegate",
        {"en": "Delegate", "ar": "مندوب", "fr": "Délégué", "es": "Delegado"},
        "#1F4E79",
        ["plenary"],
        True,
        False,
        True,
    ),
    (
        "speaker",
        {"en": "Speaker", "ar": "متحدث", "fr": "Intervenant", "es": "Ponente"},
        "#B3261E",
        ["plenary", "vip-lounge"],
        True,
        False,
        True,
    ),
    (
        "media",
        {"en": "Media", "ar": "إعلام", "fr": "Médias", "es": "Medios de comunicación"},
        "#6B2C91",
        ["plenary", "press-area"],
        True,
        False,
        True,
    ),
    (
        "head-of-delegation",
        {
            "en": "Head of delegation",
            "ar": "رئيس الوفد",
            "fr": "Chef de délégation",
            "es": "Jefe de delegación",
        },
        "#B08D3C",
        ["plenary", "vip-lounge"],
        True,
        True,
        True,
    ),
    (
        "private-sector",
        {
            "en": "Private sector",
            "ar": "القطاع الخاص",
            "fr": "Secteur privé",
            "es": "Sector privado",
        },
        "#1E7B34",
        ["plenary"],
        True,
        False,
        True,
    ),
    (
        "security-official",
        {
            "en": "Security official",
            "ar": "مسؤول أمني",
            "fr": "Responsable de la sécurité",
            "es": "Responsable de seguridad",
        },
        "#174A73",
        ["plenary", "vip-lounge"],
        True,
        False,
        True,
    ),
    # Conference interpreters: hired by the organizers, so invited, never public.
    (
        "interpreter",
        {"en": "Interpreter", "ar": "مترجم فوري", "fr": "Interprète", "es": "Intérprete"},
        "#2E7D7A",
        ["plenary", "interpretation-booths"],
        True,
        True,
        False,
    ),
]
# Categories whose approved registrations wait for the host country's security clearance.
VETTED_CATEGORIES = {"security-official"}

# The order of precedence: slug, name.
PROTOCOL_RANKS = [
    (
        "head-of-state",
        {"en": "Head of state", "ar": "رئيس دولة", "fr": "Chef d'État", "es": "Jefe de Estado"},
    ),
    (
        "head-of-government",
        {
            "en": "Head of government",
            "ar": "رئيس حكومة",
            "fr": "Chef de gouvernement",
            "es": "Jefe de Gobierno",
        },
    ),
    ("minister", {"en": "Minister", "ar": "وزير", "fr": "Ministre", "es": "Ministro"}),
    (
        "head-of-delegation",
        {
            "en": "Head of delegation",
            "ar": "رئيس وفد",
            "fr": "Chef de délégation",
            "es": "Jefe de delegación",
        },
    ),
    ("ambassador", {"en": "Ambassador", "ar": "سفير", "fr": "Ambassadeur", "es": "Embajador"}),
    ("delegate", {"en": "Delegate", "ar": "مندوب", "fr": "Délégué", "es": "Delegado"}),
]


def demo_dates() -> dict[str, datetime]:
    """The summit runs two days, some weeks from now, so registration is open."""
    dubai = ZoneInfo(DEMO_TIMEZONE)
    first_day = (timezone.now().astimezone(dubai) + timedelta(days=45)).date()
    starts = datetime.combine(first_day, datetime.min.time(), dubai).replace(hour=9)
    ends = starts + timedelta(days=1, hours=9)
    return {
        "starts_at": starts,
        "ends_at": ends,
        "registration_opens_at": starts - timedelta(days=90),
        "registration_closes_at": starts - timedelta(days=2),
    }


@transaction.atomic
def seed(stdout) -> Event:
    event = Event.objects.filter(slug=DEMO_SLUG).first()
    fields = {
        "name": {
            "en": "Unity for Security Summit",
            "ar": "قمة الاتحاد من أجل الأمن",
            "fr": "Sommet Unis pour la sécurité",
            "es": "Cumbre Unidos por la Seguridad",
        },
        "description": {
            "en": (
                "Heads of state, ministers of interior, police chiefs and industry leaders "
                "meet in Abu Dhabi for two days on counter-terrorism, cybercrime, illicit "
                "markets and the protection of cultural heritage."
            ),
            "ar": (
                "يجتمع رؤساء الدول ووزراء الداخلية وقادة الشرطة وقادة القطاع الخاص في أبوظبي "
                "لمدة يومين لبحث مكافحة الإرهاب والجرائم الإلكترونية والأسواق غير المشروعة "
                "وحماية التراث الثقافي."
            ),
            "fr": (
                "Chefs d'État, ministres de l'Intérieur, chefs de police et dirigeants "
                "d'entreprise se réunissent deux jours à Abou Dhabi sur la lutte contre le "
                "terrorisme, la cybercriminalité, les marchés illicites et la protection du "
                "patrimoine culturel."
            ),
            "es": (
                "Jefes de Estado, ministros del Interior, jefes de policía y líderes del sector "
                "privado se reúnen dos días en Abu Dabi para tratar la lucha contra el "
                "terrorismo, la ciberdelincuencia, los mercados ilícitos y la protección del "
                "patrimonio cultural."
            ),
        },
        "venue_name": {
            "en": "Abu Dhabi National Exhibition Centre",
            "ar": "مركز أبوظبي الوطني للمعارض",
            "fr": "Centre national des expositions d'Abou Dhabi",
            "es": "Centro Nacional de Exposiciones de Abu Dabi",
        },
        "languages": ["en", "ar", "fr", "es"],
        "main_language": "en",
        # The languages of the venue's signs: the badges read as they always have.
        "badge_languages": ["en", "ar"],
        "venue_address": "Al Khaleej Al Arabi Street, Abu Dhabi, United Arab Emirates",
        "timezone": DEMO_TIMEZONE,
        "capacity": 2000,
        "is_published": True,
    }
    if event is None:
        # Dates are fixed when the demo is first created, so re-running the seed
        # does not move a programme that other data already hangs from.
        event = Event.objects.create(slug=DEMO_SLUG, **fields, **demo_dates())
    else:
        Event.objects.filter(pk=event.pk).update(**fields)
        event.refresh_from_db()

    zones = {}
    for position, (slug, name, colour, main) in enumerate(ZONES):
        zones[slug], _ = AccessZone.objects.update_or_create(
            event=event,
            slug=slug,
            defaults={
                "name": name,
                "colour": colour,
                "is_main_entrance": main,
                "position": position,
            },
        )
    for position, row in enumerate(CATEGORIES):
        slug, name, colour, zone_slugs, approval, invitation, public = row
        category, _ = RegistrationCategory.objects.update_or_create(
            event=event,
            slug=slug,
            defaults={
                "name": name,
                "badge_colour": colour,
                "requires_approval": approval,
                "invitation_only": invitation,
                "is_public": public,
                "requires_vetting": slug in VETTED_CATEGORIES,
                "position": position,
            },
        )
        category.zones.set([zones[zone] for zone in zone_slugs])
    for position, (slug, name) in enumerate(PROTOCOL_RANKS):
        ProtocolRank.objects.update_or_create(
            event=event,
            slug=slug,
            defaults={"name": name, "position": position},
        )

    _seed_organizer(event, stdout)
    return event


def _seed_organizer(event: Event, stdout) -> None:
    """One demo login with every role; its password is printed once, when created."""
    User = get_user_model()
    user = User.objects.filter(username=ORGANIZER_USERNAME).first()
    if user is None:
        password = secrets.token_urlsafe(12)
        user = User.objects.create_superuser(
            ORGANIZER_USERNAME, email="organizer@summit.local", password=password
        )
        # The organizer holds sensitive roles, so signing in needs a second factor:
        # an authenticator app with this key, or one of the recovery codes.
        device = TOTPDevice.objects.create(user=user, name="Demo authenticator", confirmed=True)
        recovery = recovery_codes_regenerate(user=user)
        secret = totp_secret_base32(device)
        credentials = settings.VAR_DIR / "demo-organizer.txt"
        credentials.parent.mkdir(parents=True, exist_ok=True)
        credentials.write_text(
            f"username: {ORGANIZER_USERNAME}\npassword: {password}\n"
            f"authenticator key (TOTP, SHA1, 6 digits, 30 s): {secret}\n"
            f"recovery codes (single use): {' '.join(recovery)}\n"
        )
        credentials.chmod(0o600)
        stdout.write(
            f"Demo organizer login: {ORGANIZER_USERNAME} / {password}\n"
            f"  authenticator key: {secret}\n"
            f"  recovery codes: {' '.join(recovery)}\n"
            f"  (all written to {credentials})"
        )
    for role in Role.values:
        team_member_add(event=event, user=user, role=role)
