"""`{% in_active_language english arabic %}`: the language pick of events/bilingual.py in
templates, for text kept side by side outside a model (the speakers of a release)."""

from django import template

from events import bilingual

register = template.Library()


@register.simple_tag
def in_active_language(english: str, arabic: str) -> str:
    """The Arabic for an Arabic reader when there is one, else the English (escaped)."""
    return bilingual.in_active_language(english, arabic)
