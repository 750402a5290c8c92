"""The memo as a tagged PDF (PDF/UA-1) for the council's papers: WeasyPrint from the HTML,
selectable text, embedded DejaVu fonts, page numbers "Side X af Y"."""

import dataclasses
import json
from pathlib import Path

from django.utils import translation
from django.utils.translation import gettext as _

from actionplan.core import xmltext

from . import charts
from .data import Memo, Progress
from .render_html import render_html

PRINT_CSS = Path(__file__).with_name("print.css")
PDF_VARIANT = "pdf/ua-1"
# PNG, not SVG: WeasyPrint places a picture faster than it draws Vega's SVG (1 CPU s more
# for 28 charts), and with less memory.
CHART_FORMAT = "png"


def _css_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def page_label_css() -> str:
    """'Page %(page)s of %(pages)s', translated, as a CSS content value with counters."""
    marker_page, marker_pages = "\x00PAGE\x00", "\x00PAGES\x00"
    text = _("Page %(page)s of %(pages)s") % {"page": marker_page, "pages": marker_pages}
    parts = []
    for chunk in (
        text.replace(marker_pages, "\x01pages\x01")
        .replace(marker_page, "\x01page\x01")
        .split("\x01")
    ):
        if chunk == "page":
            parts.append("counter(page)")
        elif chunk == "pages":
            parts.append("counter(pages)")
        elif chunk:
            parts.append(_css_string(chunk))
    return " ".join(parts)


def render_pdf(memo: Memo, *, progress: Progress | None = None) -> bytes:
    """progress(stage, done, total), when given: "html", "layout" (WeasyPrint, most of the
    time), "pdf" (writing the file), each with done of 3."""
    if progress is not None:
        progress("html", 0, 3)
    # The charts are drawn in a child process while this one writes the HTML and WeasyPrint
    # reads it and its style; the pictures are waited for when WeasyPrint first places one.
    charts.start(memo.chart_specs(), CHART_FORMAT)
    try:
        content = _render(memo, progress)
    except BaseException:
        charts.cancel()
        raise
    charts.wait()  # none left, unless a chart was not placed
    return content


def _render(memo: Memo, progress: Progress | None) -> bytes:
    # The states (what the next round compares with) are not printed: not cleaned either.
    memo = xmltext.clean(dataclasses.replace(memo, states=()))
    from weasyprint import HTML
    from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

    class ChartFetcher(URLFetcher):
        """The charts from reports.charts (drawn by its child process), the rest as usual."""

        def fetch(self, url, headers=None):
            try:
                found = charts.fetch(url)
            except charts.ChartError as exc:  # a memo without its charts is not finished
                raise FatalURLFetchingError(str(exc)) from exc
            if found is None:
                return super().fetch(url, headers)
            return URLFetcherResponse(url, found["string"], {"Content-Type": found["mime_type"]})

    with translation.override(memo.language or None):
        footer = f"{memo.title} · {memo.round_name}"
        css = (
            PRINT_CSS.read_text(encoding="utf-8")
            .replace("PAGE_LABEL", page_label_css())
            .replace("FOOTER_LABEL", _css_string(footer))
        )
        html = render_html(memo, extra_css=css, chart_format=f"pdf-{CHART_FORMAT}")
    if progress is not None:
        progress("layout", 1, 3)
    document = HTML(
        string=html, base_url=str(Path(__file__).parent), url_fetcher=ChartFetcher()
    ).render(pdf_variant=PDF_VARIANT, pdf_tags=True)
    if progress is not None:
        progress("pdf", 2, 3)
    return document.write_pdf(pdf_variant=PDF_VARIANT, pdf_tags=True)
