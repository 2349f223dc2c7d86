"""Filters that keep left-to-right values and typed names in order on right-to-left pages.

In HTML: `{{ value|ltr }}` gives `<bdi dir="ltr">value</bdi>` for values that are left
to right by nature (phone numbers, email addresses, references, codes, URLs, file
names, times with offsets, plate numbers), `{{ value|isolate }}` gives
`<bdi>value</bdi>` for text a person typed (names, organizations), whose direction
the browser takes from its first letter. Both escape the value (a safe string
stays as it is) and give "" for an empty value, so `|default:"—"` still works
after them.

In plain text (the `.txt` part of an email): `{{ value|ltr_text }}` and
`{{ value|isolate_text }}` wrap the value in the Unicode isolates instead
(events/bidi.py). `ltr_text` does so only in a right-to-left language: on a
left-to-right line such a value is in order already, and a link left without
invisible characters around it is one that every mail client turns into a link.

`{{ field|ltr_input }}` renders a form field whose input takes an email address, a
phone number or a URL with `dir="ltr"`, so what is typed shows in the order typed.
"""

from django import template
from django.utils import translation
from django.utils.html import format_html

from events import bidi

register = template.Library()

LTR_INPUT_TYPES = frozenset({"email", "tel", "url"})


@register.filter
def ltr(value) -> str:
    if value is None or value == "":
        return ""
    return format_html('<bdi dir="ltr">{}</bdi>', value)


@register.filter
def isolate(value) -> str:
    if value is None or value == "":
        return ""
    return format_html("<bdi>{}</bdi>", value)


@register.filter
def ltr_text(value) -> str:
    if not translation.get_language_bidi():
        return "" if value is None else str(value)
    return bidi.ltr_isolated(value)


@register.filter
def isolate_text(value) -> str:
    return bidi.first_strong_isolated(value)


@register.filter
def ltr_input(field):
    """The bound field's widget, with `dir="ltr"` when it takes an address, a phone or a URL."""
    if getattr(field.field.widget, "input_type", None) in LTR_INPUT_TYPES:
        return field.as_widget(attrs={"dir": "ltr"})
    return field
