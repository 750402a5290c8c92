"""Document text (TXT, PDF, DOCX) -> clean lines, with PDF extraction damage repaired.

Repairs: double-spaced extraction (every other line empty), page numbers on their own line,
bullets split from their text or written with other glyphs, and words split by a line-break
hyphen ("Po-\\nwer-to-X" -> "Power-to-X"). Real hyphens stay: a hyphen that starts a line
("og\\n-processer"), a compound the document writes with a hyphen elsewhere
("Interreg-\\nprojekter"), and a hyphen after an abbreviation or a number ("DK2020-", "STEM-").
"""

import io
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from actionplan.core import xmltext

from .errors import IngestError
from .safety import Upload

BULLET = "•"
SUB_BULLET = "o"
_BULLET_GLYPHS = "•●▪■◦‣∙·"
_PUNCTUATION = ".,;:()\u201d\u201c\"'\u2019\u2018!?"
_PAGE_NUMBER = re.compile(r"^\d{1,3}$")


@dataclass
class Line:
    text: str  # stripped
    width: int = 0  # length as extracted, without trailing spaces
    top: bool = False  # first line of a page (indented by the extraction)
    # Spaces after the text: text extractors write two or more after a paragraph's last line.
    trailing: int = 0

    @property
    def blank(self) -> bool:
        return not self.text


def extract_text(upload: Upload) -> str:
    if upload.kind in {"text", "csv"}:
        from .tables import decode

        return decode(upload.data)[0]
    if upload.kind == "pdf":
        import pdfplumber

        try:
            with pdfplumber.open(io.BytesIO(upload.data)) as pdf:
                return "\f".join((page.extract_text() or "") for page in pdf.pages)
        except Exception as exc:  # pdfminer raises many kinds for a broken file
            raise IngestError(
                _("the PDF cannot be read: %(error)s") % {"error": exc}, file=upload.name
            ) from exc
    if upload.kind == "docx":
        import docx

        try:
            document = docx.Document(io.BytesIO(upload.data))
        except Exception as exc:
            raise IngestError(
                _("the DOCX cannot be read: %(error)s") % {"error": exc}, file=upload.name
            ) from exc
        lines = []
        for paragraph in document.paragraphs:
            style = (paragraph.style.name or "").lower() if paragraph.style else ""
            text = paragraph.text
            if "list" in style and not text.lstrip().startswith(tuple(_BULLET_GLYPHS + "o-")):
                level = 2 if style.rstrip().endswith("2") else 1
                text = f"{BULLET if level == 1 else SUB_BULLET} {text}"
            lines.append(text)
            lines.append(" ")  # a paragraph in Word is a paragraph: keep it apart
        return "\n".join(lines)
    raise IngestError(
        _("%(kind)s files hold no document text; use TXT, PDF or DOCX.")
        % {"kind": upload.kind.upper()},
        file=upload.name,
    )


def clean_lines(text: str) -> list[Line]:
    raw = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    empty = sum(1 for line in raw if line == "")
    if empty > len(raw) * 0.4:
        # Double-spaced extraction: the empty lines mean nothing; whitespace-only lines do.
        raw = [line for line in raw if line != ""]
    lines: list[Line] = []
    pending_bullet = ""
    for piece in raw:
        top = piece.startswith("\f") or (piece.startswith(" ") and bool(piece.strip()))
        # Page breaks mark the top of a page; other characters XML cannot carry (stray
        # control characters from a PDF's text layer) would be refused on commit: dropped.
        piece = xmltext.clean(piece.replace("\f", ""))
        stripped = piece.strip()
        if _PAGE_NUMBER.match(stripped):
            continue
        if (stripped and stripped[0] in _BULLET_GLYPHS) or (
            re.match(r"^[-\u2013]\s+\S", stripped) and lines and lines[-1].blank
        ):
            stripped = BULLET + " " + stripped[1:].strip()
        if stripped.strip() in {BULLET, SUB_BULLET}:
            pending_bullet = stripped.strip()  # a bullet alone on its line: it belongs to the next
            continue
        if pending_bullet and stripped:
            stripped = f"{pending_bullet} {stripped}"
            pending_bullet = ""
        trailing = len(piece) - len(piece.rstrip(" ")) if stripped else 0
        lines.append(Line(stripped, len(piece.rstrip()), top, trailing))
    return lines


def vocabulary(lines: list[Line]) -> set[str]:
    words: set[str] = set()
    for line in lines:
        for token in line.text.split():
            words.add(token.strip(_PUNCTUATION).casefold())
    return words


def _keeps_hyphen(stem: str, tail: str, words: set[str]) -> bool:
    segment = stem.rsplit("-", 1)[-1]
    joined = (segment + tail).strip(_PUNCTUATION).casefold()
    hyphened = f"{segment}-{tail}".strip(_PUNCTUATION).casefold()
    whole_joined = (stem + tail).strip(_PUNCTUATION).casefold()
    if joined in words or whole_joined in words:
        return False
    prefix = f"{segment.casefold()}-"
    if hyphened in words or any(w.startswith(prefix) and len(w) > len(prefix) for w in words):
        return True
    return bool(re.search(r"\d", segment)) or sum(ch.isupper() for ch in segment) >= 2


def join_lines(texts: list[str], words: set[str]) -> str:
    """One paragraph from its lines, repairing line-break hyphenation."""
    result = ""
    for text in texts:
        text = text.strip()
        if not text:
            continue
        if not result:
            result = text
            continue
        last = result.split(" ")[-1]
        if (
            last.endswith("-")
            and len(last) > 1
            and last[-2].isalnum()
            and text[0].isalpha()
            and text[0].islower()
        ):
            stem, tail = last[:-1], text.split(" ")[0]
            if _keeps_hyphen(stem, tail, words):
                result += text
            else:
                result = result[:-1] + text
        else:
            result += " " + text
    result = re.sub(r" {2,}", " ", result)
    return _INLINE_BREAK.sub(lambda m: _rejoin(m, words), result)


_INLINE_BREAK = re.compile(r"\b(\w+)- (\w+)")
# "energi- og transportsektoren": a hyphen before these words is a real one.
_CONJUNCTIONS = {"og", "eller", "samt", "til", "som", "and", "or"}


def _rejoin(match: re.Match, words: set[str]) -> str:
    """A word split by a hyphen and a space inside one line, as extractors leave line breaks
    of the original ("hovedstads- regionen"): joined when the document knows the whole word."""
    first, second = match.group(1), match.group(2)
    if second.casefold() in _CONJUNCTIONS or (first + second).casefold() not in words:
        return match.group(0)
    return first + second
