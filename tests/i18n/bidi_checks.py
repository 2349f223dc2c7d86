"""Finding left-to-right values that a right-to-left page or email leaves unisolated.

A page is parsed with the standard library's HTML parser; every text node that holds
an email address, a phone number, a URL, a reference, a "UTC±hh:mm" offset, a file
name or one of the `known` values (plates, codes, typed names) must sit inside a
`<bdi>` or an element whose nearest `dir` is "ltr" or "auto" (or between Unicode
isolates in the text itself, as a translated string may hold them). A plain-text email must hold
each such value between an isolate (LRI or FSI) and its PDI.
"""

import re
from html.parser import HTMLParser

from events.bidi import FSI, LRI, PDI

LRM = "\u200e"

LTR_PATTERNS = {
    "email": r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+",
    "phone": r"\+\d[\d ()-]{6,}\d",
    "URL": r"https?://[^\s<>\"'\u2066-\u2069]+",
    "reference": r"\b[A-Z]{2,5}-[A-Z0-9]{5,}\b",
    "offset": r"UTC[+\u2212-]\d{1,2}(?::\d{2})?",
    "file name": r"[\w-]*\.(?:ics|pdf|csv|png|jpg)\b",
}
LTR_VALUE = re.compile("|".join(f"(?:{pattern})" for pattern in LTR_PATTERNS.values()))

VOID_ELEMENTS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
    | {"track", "wbr"}
)
# Text a browser shows without laying it out among the page's words, or that markup
# cannot isolate (an <option> holds text only).
UNCHECKED_ELEMENTS = frozenset({"script", "style", "title", "option", "template"})


class _TextNodes(HTMLParser):
    """Collects (text, isolated) for every text node, and the LTR inputs that lack dir."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict]] = []
        self.nodes: list[tuple[str, bool]] = []
        self.inputs_without_dir: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        kind = attributes.get("type", "text")
        typed_ltr = kind in {"email", "tel", "url"}
        shows_ltr = kind in {"text", "search"} and LTR_VALUE.search(attributes.get("value") or "")
        if (
            tag == "input"
            and (typed_ltr or shows_ltr)
            and not self._isolated([(tag, attributes), *reversed(self.stack)])
        ):
            self.inputs_without_dir.append(f'<input name="{attributes.get("name")}">')
        if tag not in VOID_ELEMENTS:
            self.stack.append((tag, attributes))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID_ELEMENTS:
            self.stack.pop()

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data):
        if not data.strip() or any(tag in UNCHECKED_ELEMENTS for tag, _ in self.stack):
            return
        self.nodes.append((data, self._isolated(reversed(self.stack))))

    @staticmethod
    def _isolated(elements) -> bool:
        """Whether the nearest <bdi> or `dir` among `elements` (innermost first) isolates LTR."""
        for tag, attributes in elements:
            if tag == "bdi":
                return True
            if "dir" in attributes:
                return attributes["dir"] in ("ltr", "auto")
        return False


def unisolated_in_html(html: str, known: frozenset[str] = frozenset()) -> list[str]:
    """The text nodes of `html` holding a left-to-right value outside an isolate, and the
    email, phone or URL inputs (or text inputs showing such a value) without `dir="ltr"`."""
    parser = _TextNodes()
    parser.feed(html)
    parser.close()
    offenders = list(parser.inputs_without_dir)
    offenders.extend(
        " ".join(text.split())
        for text, isolated in parser.nodes
        if not isolated and unisolated_in_text(text, known)
    )
    return offenders


def unisolated_in_text(text: str, known: frozenset[str] = frozenset()) -> list[str]:
    """The left-to-right values of plain `text` (patterns and `known`) outside LRI/FSI … PDI.

    A value right after a left-to-right mark (U+200E, as a translation may put before
    "(.ics)") is laid out in order too.
    """
    depth_at, depth = [], 0
    for character in text:
        if character in (LRI, FSI):
            depth += 1
        elif character == PDI and depth:
            depth -= 1
        depth_at.append(depth)
    spans = [match.span() for match in LTR_VALUE.finditer(text)]
    for value in known:
        spans.extend((match.start(), match.end()) for match in re.finditer(re.escape(value), text))
    return sorted(
        {
            text[start:end]
            for start, end in spans
            if min(depth_at[start:end], default=0) == 0 and text[start - 1 : start] != LRM
        }
    )
