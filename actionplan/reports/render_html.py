"""The memo as HTML: a fragment the portal can include (reports/memo_body.html with
{"memo": memo}) and a standalone page."""

from pathlib import Path

from django.template.loader import render_to_string
from django.utils import translation

from . import charts
from .data import Memo

CSS = Path(__file__).with_name("memo.css")


def render_html_fragment(memo: Memo) -> str:
    with translation.override(memo.language or None):
        return render_to_string("reports/memo_body.html", {"memo": memo})


def render_html(memo: Memo, *, extra_css: str = "", chart_format: str = "svg") -> str:
    """A complete HTML page with its style inline, for saving as a file; the charts as SVG,
    or as PNG with chart_format="png"."""
    css = CSS.read_text(encoding="utf-8") + extra_css
    if chart_format.startswith("pdf-"):
        # render_pdf's url_fetcher waits for the pictures: WeasyPrint reads the HTML meanwhile.
        charts.start(memo.chart_specs(), chart_format.removeprefix("pdf-"))
    else:
        charts.draw_all(memo.chart_specs(), chart_format)
    context = {"memo": memo, "css": css, "chart_format": chart_format}
    with translation.override(memo.language or None):
        return render_to_string("reports/memo_page.html", context)
