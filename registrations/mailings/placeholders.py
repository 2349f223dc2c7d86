"""The placeholders a mailing may hold, checked when written, filled in per recipient.

`{first_name}` and its siblings are Python's format fields, so `{{` and `}}` write a
brace; anything else in braces is refused with the names the officer may use, rather
than sent as "Dear {firstname}" to three hundred ministers.
"""

from string import Formatter

from django.utils.translation import gettext as _

from registrations.registration.forms_of_address import honorific

PLACEHOLDERS = ("title", "first_name", "last_name", "reference", "personal_link")


def placeholder_errors(text: str) -> list[str]:
    """What is wrong with the placeholders of `text`, in words; [] when it can be sent."""
    try:
        fields = [name for _literal, name, spec, conversion in Formatter().parse(text) if name]
    except ValueError:
        return [_("A brace is not closed: write {{ and }} for a brace itself.")]
    unknown = sorted({name for name in fields if name not in PLACEHOLDERS})
    if unknown:
        return [
            _("Unknown placeholder: %(names)s. You may use: %(allowed)s.")
            % {
                "names": ", ".join(f"{{{name}}}" for name in unknown),
                "allowed": ", ".join(f"{{{name}}}" for name in PLACEHOLDERS),
            }
        ]
    return []


def placeholders_fill(text: str, *, registration, language: str, personal_link: str) -> str:
    values = {
        "title": honorific(title=registration.title, gender=registration.gender, language=language),
        "first_name": registration.first_name,
        "last_name": registration.last_name,
        "reference": registration.reference,
        "personal_link": personal_link,
    }
    return text.format_map(values)
