"""A summit whose content is written in all four languages, for the printed documents."""

from tests.factories import AccessZoneFactory, CategoryFactory, DelegationFactory, EventFactory


def four_language_event(*, slug: str = "unity", badge_languages):
    """An event whose content is written in all four languages."""
    event = EventFactory(
        slug=slug,
        name={
            "en": "Unity Summit",
            "ar": "قمة الاتحاد",
            "fr": "Sommet de l'unité",
            "es": "Cumbre de la Unidad",
        },
        languages=["en", "ar", "fr", "es"],
        badge_languages=badge_languages,
    )
    plenary = AccessZoneFactory(
        event=event,
        slug="plenary",
        is_main_entrance=True,
        name={
            "en": "Plenary hall",
            "ar": "القاعة العامة",
            "fr": "Salle plénière",
            "es": "Sala plenaria",
        },
    )
    category = CategoryFactory(
        event=event,
        slug="head",
        name={
            "en": "Head of delegation",
            "ar": "رئيس الوفد",
            "fr": "Chef de délégation",
            "es": "Jefe de delegación",
        },
    )
    category.zones.set([plenary])
    delegation = DelegationFactory(
        event=event,
        name={"en": "Jordan", "ar": "الأردن", "fr": "Jordanie", "es": "Jordania"},
    )
    return event, category, delegation
