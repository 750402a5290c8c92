"""The memo as HTML: a fragment the portal can include (reports/memo_body.html with
{"memo": memo}) and a standalone page."""

from pathlib import Path

from django.template.loader import render_to_string
from django.utils import translation

from .data import Memo

CSS = Path(__file__).with_name("memo.css")


def render_html_fragment(memo: Memo) -> str:
    with translation.override(memo.language or None):
        return render_to_string("reports/memo_body.html", {"memo": memo})


def render_html(memo: Memo, *, extra_css: str = "") -> str:
    """A complete HTML page with its style inline, for saving as a file."""
    css = CSS.read_text(encoding="utf-8") + extra_css
    with translation.override(memo.language or None):
        return render_to_string("reports/memo_page.html", {"memo": memo, "css": css})
