"""Rendering an email from the caller's templates, in the recipient's language."""

from dataclasses import dataclass

from django.template import Context, TemplateDoesNotExist
from django.template.loader import get_template
from django.utils import translation


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    body_text: str
    body_html: str


def _render(template, context: dict, *, autoescape: bool) -> str:
    # The Django backend escapes HTML by default; a plain-text part must not turn
    # "O'Brien & Sons" into "O&#x27;Brien &amp; Sons", so render it unescaped.
    engine_template = getattr(template, "template", None)
    if not autoescape and engine_template is not None:
        return engine_template.render(Context(context, autoescape=False))
    return template.render(context)


def email_render(*, template_prefix: str, context: dict, language: str) -> RenderedEmail:
    """Render `<prefix>_subject.txt`, `<prefix>.txt` and (if it exists) `<prefix>.html`.

    Rendered under `translation.override(language)`, so `{% translate %}` and
    date formats follow the recipient. The subject is folded onto one line; the
    text parts are rendered without HTML escaping.
    """
    subject_template = get_template(f"{template_prefix}_subject.txt")
    text_template = get_template(f"{template_prefix}.txt")
    try:
        html_template = get_template(f"{template_prefix}.html")
    except TemplateDoesNotExist:
        html_template = None
    with translation.override(language):
        subject = _render(subject_template, context, autoescape=False)
        body_text = _render(text_template, context, autoescape=False)
        body_html = _render(html_template, context, autoescape=True) if html_template else ""
    return RenderedEmail(
        subject=" ".join(subject.split()), body_text=body_text.strip() + "\n", body_html=body_html
    )
