"""The memo's formats: one table of content type, renderer and label, used by the workspace,
the portal and the command line."""

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class MemoFormat:
    content_type: str
    label: str

    def render(self, memo: Any, *, progress: Any = None) -> bytes:
        """The memo in this format; progress(stage, done, total) hears of the stages."""
        # The renderers import WeasyPrint and python-docx: loaded when a memo is asked for.
        if self is FORMATS["docx"]:
            from .render_docx import render_docx

            return render_docx(memo, progress=progress)
        if self is FORMATS["pdf"]:
            from .render_pdf import render_pdf

            return render_pdf(memo, progress=progress)
        from .render_html import render_html

        if progress is not None:
            progress("html", 0, 1)
        return render_html(memo).encode("utf-8")


FORMATS: dict[str, MemoFormat] = {
    "docx": MemoFormat(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word (DOCX)"
    ),
    "pdf": MemoFormat("application/pdf", "PDF"),
    "html": MemoFormat("text/html; charset=utf-8", "HTML"),
}


def memo_response(memo: Any, fmt: str, name: str):
    """The memo as a download named notat-<name>.<fmt>."""
    from django.http import HttpResponse

    memo_format = FORMATS[fmt]
    response = HttpResponse(memo_format.render(memo), content_type=memo_format.content_type)
    response["Content-Disposition"] = f'attachment; filename="notat-{name}.{fmt}"'
    return response
