"""Left-to-right values kept in order inside right-to-left text, in plain text.

The Unicode bidi algorithm lays out a value with no letter of its own, or with
neutral characters at its ends, by the direction around it: on an Arabic line
"+971 50 123 4567" reads "4567 123 50 971+", "(.ics)" reads "(ics.)" and
"ahmed@example.org" starts with "@". An isolate lays the value out on its own and
then places it as one block: U+2066 LRI … U+2069 PDI for a value that is left to
right by nature (phone numbers, addresses, references, codes, URLs, file names,
times with offsets), U+2068 FSI … PDI for text a person typed (a name is Arabic
or Latin, and takes the direction of its first letter).

Plain-text emails and printed documents use these; HTML pages isolate with
`<bdi>` instead (events/templatetags/bidi.py). Mail clients and the badge fonts
draw the isolates as nothing: Noto Sans has zero-width glyphs for them.
"""

LRI = "\u2066"
FSI = "\u2068"
PDI = "\u2069"


def ltr_isolated(value: object) -> str:
    """`value` as left-to-right text isolated from its surroundings; "" stays ""."""
    text = "" if value is None else str(value)
    return f"{LRI}{text}{PDI}" if text else ""


def first_strong_isolated(value: object) -> str:
    """`value` isolated, in the direction of its first letter; "" stays ""."""
    text = "" if value is None else str(value)
    return f"{FSI}{text}{PDI}" if text else ""
