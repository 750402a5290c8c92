"""User-provided rich text: only a small set of tags survives, cleaned by nh3."""

import re

import nh3
from django.utils.html import linebreaks
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "h3", "h4"}
MARKUP = re.compile(r"</?[a-zA-Z][^>]*>")
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


def clean_html(html: str) -> SafeString:
    """Markup a user wrote (or an import brought) as safe HTML: scripts, event handlers,
    styles and javascript: links are removed; links get rel="noopener noreferrer"."""
    cleaned = nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    # nh3 has just removed everything unsafe.
    return mark_safe(cleaned)  # noqa: S308  # nosec B308 B703


def rich_text(text: str) -> SafeString:
    """Plain text with paragraphs becomes <p>s; text that already holds markup is cleaned."""
    if not MARKUP.search(text or ""):
        escaped = linebreaks(text or "", autoescape=True)
        return mark_safe(escaped)  # noqa: S308  # nosec B308 B703
    return clean_html(text)
