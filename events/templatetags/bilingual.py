"""`{% in_active_language latin arabic %}`: a person's name kept in both scripts outside a
model (the speakers of a release), as the active language's reader sees it."""

from django import template

from events.translated.text import name_for_reader

register = template.Library()


@register.simple_tag
def in_active_language(latin: str, arabic: str) -> str:
    """The Arabic-script name for an Arabic reader when there is one, else the Latin (escaped)."""
    return name_for_reader(latin, arabic)
