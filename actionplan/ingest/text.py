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
_PUNCTUATION = ".,;:()\u201d\u201c\"'\u2019\u2018!?"
_PAGE_NUMBER = re.compile(r"^\d{1,3}$")


def extract_text(upload: Upload) -> str:
    """The document as text lines; DOCX and PDF structure is written into it the way
    `clean_lines` reads it: "#"s for a heading's level, indentation for a list item's depth,
    a form feed between pages."""
    if upload.kind in {"text", "csv"}:
        from actionplan.core.tables import decode

        return decode(upload.data)[0]
    if upload.kind == "pdf":
        try:
            return pdf_text(upload.data)
        except Exception as exc:  # pdfminer raises many kinds for a broken file
            raise IngestError(
                _("the PDF cannot be read: %(error)s") % {"error": exc}, file=upload.name
            ) from exc
    if upload.kind == "docx":
        try:
            return docx_text(upload.data)
        except Exception as exc:
            raise IngestError(
                _("the DOCX cannot be read: %(error)s") % {"error": exc}, file=upload.name
            ) from exc
    raise IngestError(
        _("%(kind)s files hold no document text; use TXT, PDF or DOCX.")
        % {"kind": upload.kind.upper()},
        file=upload.name,
    )


_HEADING_STYLE = re.compile(r"(?:heading|overskrift)\s*(\d)", re.I)
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _docx_property(paragraph, tag: str):
    """A paragraph property (w:outlineLvl, w:numPr) set on the paragraph or its styles."""
    element = paragraph._p.pPr.find(f"{_W}{tag}") if paragraph._p.pPr is not None else None
    style = paragraph.style
    while element is None and style is not None:
        ppr = style.element.pPr
        element = ppr.find(f"{_W}{tag}") if ppr is not None else None
        style = style.base_style
    return element


def docx_text(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    lines: list[str] = []
    for paragraph in document.paragraphs:
        text = " ".join(paragraph.text.split())
        if not text:
            continue
        style = (paragraph.style.name or "") if paragraph.style else ""
        level = 0
        match = _HEADING_STYLE.search(style)
        if match:
            level = int(match.group(1))
        else:
            outline = _docx_property(paragraph, "outlineLvl")
            if outline is not None and outline.get(f"{_W}val", "9").isdigit():
                value = int(outline.get(f"{_W}val"))
                level = value + 1 if value < 9 else 0
        if level:
            lines.append(f"{'#' * min(level, 6)} {text}")
            lines.append(" ")
            continue
        numbering = _docx_property(paragraph, "numPr")
        listed = numbering is not None or re.search(r"list|liste|bullet|punkt", style, re.I)
        if listed:
            depth = 0
            ilvl = numbering.find(f"{_W}ilvl") if numbering is not None else None
            if ilvl is not None and ilvl.get(f"{_W}val", "0").isdigit():
                depth = int(ilvl.get(f"{_W}val"))
            else:  # "List Bullet 2", "Opstilling med punkttegn 2"
                digit = re.search(r"(\d)\s*$", style)
                depth = int(digit.group(1)) - 1 if digit else 0
            if not _GLYPH_ITEM.match(text):
                text = f"{BULLET} {text}"
            lines.append(" " * 4 * depth + text)
        else:
            lines.append(text)
        lines.append(" ")  # a paragraph in Word is a paragraph: keep it apart
    return "\n".join(lines)


def _running(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.split())).casefold()


def pdf_text(data: bytes) -> str:
    """Text lines from the PDF's layout: headings from font size and weight, running headers,
    footers and page numbers left out, and no break where a list crosses a page."""
    from collections import Counter

    import pdfplumber

    pages: list[list[dict]] = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            words = page.extract_words(extra_attrs=["size", "fontname"], keep_blank_chars=False)
            rows: list[dict] = []
            for word in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
                if rows and abs(word["top"] - rows[-1]["top"]) <= 2.5:
                    rows[-1]["words"].append(word)
                else:
                    rows.append({"top": word["top"], "words": [word]})
            for row in rows:
                row["words"].sort(key=lambda w: w["x0"])
                row["text"] = " ".join(w["text"] for w in row["words"])
                row["x0"] = row["words"][0]["x0"]
                row["bottom"] = max(w["bottom"] for w in row["words"])
                row["size"] = max(w["size"] for w in row["words"])
                row["bold"] = all(
                    re.search(r"bold|black|heavy|semibold", w["fontname"], re.I)
                    for w in row["words"]
                )
                row["height"] = page.height
            pages.append(rows)
    # Running headers and footers: the same text (numbers aside) in the top or bottom band of
    # several pages.
    bands: Counter = Counter()
    for rows in pages:
        for row in rows:
            if row["top"] < row["height"] * 0.09 or row["bottom"] > row["height"] * 0.91:
                bands[_running(row["text"])] += 1
    running = {text for text, count in bands.items() if count >= 2 and count >= len(pages) * 0.3}
    body: list[dict] = []
    for number, rows in enumerate(pages):
        for row in rows:
            marginal = row["top"] < row["height"] * 0.09 or row["bottom"] > row["height"] * 0.91
            if marginal and (
                _running(row["text"]) in running or _PAGE_NUMBER.match(row["text"].strip())
            ):
                continue
            row["page"] = number
            body.append(row)
    if not body:
        return ""
    sizes: Counter = Counter()
    for row in body:
        sizes[round(row["size"], 1)] += len(row["text"])
    normal = sizes.most_common(1)[0][0]
    bigger = sorted({round(r["size"], 1) for r in body if r["size"] >= normal + 1.5}, reverse=True)
    left = min(row["x0"] for row in body)
    out: list[str] = []
    previous: dict | None = None
    for row in body:
        level = 0
        size = round(row["size"], 1)
        if size in bigger:
            level = bigger.index(size) + 1
        elif row["bold"] and len(row["text"]) < 150 and not _GLYPH_ITEM.match(row["text"]):
            level = len(bigger) + 1
        row["level"] = level
        prefix = ""
        if previous is not None:
            same_page = previous["page"] == row["page"]
            gap = row["top"] - previous["bottom"] if same_page else 0
            if level and previous["level"] == level and same_page and gap < row["size"] * 0.9:
                out[-1] += " " + row["text"]  # a heading over two lines
                previous = row
                continue
            if not same_page:
                prefix = "\f"  # no blank line: a paragraph or list goes on over the break
            elif gap > row["size"] * 0.9 or level or previous["level"]:
                out.append(" ")
        indent = int((row["x0"] - left) / max(normal * 0.5, 1))
        if level:
            out.append(f"{prefix}{'#' * min(level, 6)} {row['text']}")
        else:
            out.append(prefix + " " * indent + row["text"])
        previous = row
    return "\n".join(out)


@dataclass
class Line:
    text: str  # stripped; a list item starts with BULLET (top level) or SUB_BULLET (nested)
    width: int = 0  # length as extracted, without trailing spaces
    top: bool = False  # first line of a page (indented by the extraction)
    # Spaces after the text: text extractors write two or more after a paragraph's last line.
    trailing: int = 0
    heading: int = 0  # heading level (1 = highest) from "#", numbering, DOCX styles or PDF fonts
    depth: int = -1  # list depth of a list item (0 = top level), -1 for other lines
    number: str = ""  # the heading's or item's own numbering as written ("1.2", "a")
    lineno: int = 0  # where it was in the extracted text (1-based)
    page: int = 1
    indent: int = 0

    @property
    def blank(self) -> bool:
        return not self.text

    @property
    def item(self) -> bool:
        return self.depth >= 0

    @property
    def where(self) -> str:
        return f"page {self.page}, line {self.lineno}"


# A list item's mark: glyphs that are always bullets, and those that are bullets only where a
# list can start (a dash or an "o" may also begin a wrapped line).
_ALWAYS = "•●▪■◦‣∙·○◆◇►▸➢➤✓✔*+\uf0b7\uf0a7\uf0d8"
_SOMETIMES = "-\u2013\u2014o"
_GLYPH_ITEM = re.compile(rf"^([{re.escape(_ALWAYS + _SOMETIMES)}])\s+(\S.*)$")
_NUMBERED = re.compile(r"^(\d{1,2}(?:\.\d{1,2})+)\.?\s+(\S.*)$|^(\d{1,2})[.)]\s+(\S.*)$")
_LETTERED = re.compile(r"^\(?([a-zA-Z])[.)]\s+(\S.*)$")
_MD_HEADING = re.compile(r"^(#{1,6})\s+(\S.*)$")


@dataclass
class _Raw:
    text: str
    indent: int
    width: int
    trailing: int
    top: bool
    lineno: int
    page: int
    mark: str = ""  # glyph, or "1" / "a" / "A" for the kind of numbering
    number: str = ""
    heading: int = 0

    @property
    def blank(self) -> bool:
        return not self.text


def _mark_kind(mark: str) -> str:
    if mark.isdigit():
        return "1"
    if mark.isalpha() and len(mark) == 1 and mark not in "o":
        return "a" if mark.islower() else "A"
    return mark


def clean_lines(text: str) -> list[Line]:
    """Lines with their structure: headings (level), list items (depth), page and line number.

    Any bullet glyph, dash, "o", number or letter starts a list item; the depth comes from the
    indentation, or, where there is none, from a change of mark ("•" then "o", "1." then
    "a)"). A numbered line that is no item of a numbered list is a numbered heading.
    """
    raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    numbered = list(enumerate(raw_lines, start=1))
    empty = sum(1 for _n, line in numbered if line == "")
    if empty > len(numbered) * 0.4:
        # Double-spaced extraction: the empty lines mean nothing; whitespace-only lines do.
        numbered = [(n, line) for n, line in numbered if line != ""]
    indents = [len(p) - len(p.lstrip(" ")) for _n, p in numbered if p.strip()]
    base = min(indents, default=0) if indents else 0
    raws: list[_Raw] = []
    page = 1
    pending_bullet = ""
    for lineno, piece in numbered:
        page += piece.count("\f")
        form_feed = "\f" in piece
        # Other characters XML cannot carry (stray control characters from a PDF's text
        # layer) would be refused on commit: dropped.
        piece = xmltext.clean(piece.replace("\f", "")).replace("\t", "    ")
        piece = piece.replace("\u00a0", " ")
        stripped = piece.strip()
        indent = len(piece) - len(piece.lstrip(" ")) - base if stripped else 0
        if _PAGE_NUMBER.match(stripped) or re.match(
            r"^(side|page)\s+\d+(\s+(af|of)\s+\d+)?$", stripped, re.I
        ):
            continue
        if stripped in {BULLET, SUB_BULLET, *_ALWAYS, "-", "\u2013"}:
            pending_bullet = stripped  # a bullet alone on its line: it belongs to the next
            continue
        if pending_bullet and stripped:
            stripped = f"{pending_bullet} {stripped}"
            pending_bullet = ""
        trailing = len(piece) - len(piece.rstrip(" ")) if stripped else 0
        raws.append(
            _Raw(
                stripped,
                max(indent, 0),
                len(piece.rstrip()),
                trailing,
                form_feed or indent == 1,
                lineno,
                page,
            )
        )
    _find_marks(raws)
    return _with_depths(raws)


def _find_marks(raws: list[_Raw]) -> None:
    """Which lines are headings ("#", numbered headings) and which are list items."""
    in_list: str = ""  # the mark of the list being read ("" outside a list)
    previous: _Raw | None = None
    for raw in raws:
        text = raw.text
        if not text:
            previous = raw
            continue
        heading = _MD_HEADING.match(text)
        if heading:
            raw.heading, raw.text = len(heading.group(1)), heading.group(2).strip()
            in_list, previous = "", raw
            continue
        glyph = _GLYPH_ITEM.match(text)
        number = _NUMBERED.match(text)
        letter = _LETTERED.match(text) if not glyph else None
        opens = (
            previous is None
            or previous.blank
            or previous.text.endswith(":")
            or bool(previous.mark)
            or previous.heading > 0
        )
        if glyph:
            mark = glyph.group(1)
            if mark in _ALWAYS or opens or in_list or _has_siblings(raws, raw, mark):
                raw.mark, raw.text = mark, glyph.group(2).strip()
                in_list = mark
        elif number and number.group(1):
            raw.mark, raw.number, raw.text = "1.1", number.group(1), number.group(2).strip()
        elif number:
            raw.mark, raw.number, raw.text = "1", number.group(3), number.group(4).strip()
            in_list = "1"
        elif letter and (opens or in_list):
            raw.mark = "a" if letter.group(1).islower() else "A"
            raw.number, raw.text = letter.group(1), letter.group(2).strip()
            in_list = raw.mark
        elif previous is not None and previous.blank:
            in_list = ""
        previous = raw
    _numbered_headings(raws)


def _has_siblings(raws: list[_Raw], raw: _Raw, mark: str) -> bool:
    """A dash or "o" that starts other lines nearby (at the same indentation, give or take a
    stray space) marks a list."""
    index = raws.index(raw)
    for other in raws[max(index - 15, 0) : index + 16]:
        level = abs(other.indent - raw.indent) <= 1
        if other is not raw and level and other.text.startswith(mark + " "):
            return True
        if other is not raw and other.mark == mark and level:
            return True
    return False


def _numbered_headings(raws: list[_Raw]) -> None:
    """A numbered line with no neighbour numbered one more or one less is a heading."""
    marked = [(i, r) for i, r in enumerate(raws) if r.mark in {"1", "1.1", "A"}]
    for position, (index, raw) in enumerate(marked):
        if raw.mark == "1.1":
            raw.heading, raw.mark = raw.number.count(".") + 1, ""
            continue
        value = _ordinal(raw.number)
        neighbours = []
        for step in (-1, 1):
            other = position + step
            if 0 <= other < len(marked):
                o_index, o_raw = marked[other]
                close = abs(o_index - index) <= 12
                low, high = sorted((o_index, index))
                between = raws[low + 1 : high]
                # bullets between two numbered lines at their indentation: they are headings
                # of sections that hold lists, not items of one list
                apart = any(
                    r.mark and _mark_kind(r.mark) not in {"1", "a", "A"} and r.indent <= raw.indent
                    for r in between
                )
                same = o_raw.mark == raw.mark and _ordinal(o_raw.number) == value + step
                if close and same and not apart:
                    neighbours.append(o_raw)
        if neighbours:
            continue
        if len(raw.text) <= 150 and not raw.text.endswith((".", ",", ";")):
            raw.heading, raw.mark = 1, ""


def _ordinal(number: str) -> int:
    return int(number) if number.isdigit() else ord(number.lower()) - ord("a") + 1


def _with_depths(raws: list[_Raw]) -> list[Line]:
    lines: list[Line] = []
    stack: list[tuple[int, str]] = []  # (indent, kind of mark) of the open list levels
    after_blank = False
    for raw in raws:
        depth = -1
        if raw.mark:
            kind = _mark_kind(raw.mark)
            while stack and raw.indent < stack[-1][0] - 1:
                stack.pop()
            if not stack or raw.indent > stack[-1][0] + 1:
                stack.append((raw.indent, kind))
            elif kind != stack[-1][1]:
                kinds = [k for _i, k in stack]
                if kind in kinds:
                    del stack[kinds.index(kind) + 1 :]
                else:
                    stack.append((raw.indent, kind))
            depth = len(stack) - 1
            text = f"{BULLET if depth == 0 else SUB_BULLET} {raw.text}"
        else:
            text = raw.text
            if raw.heading or (text and after_blank):
                stack = []
        after_blank = not raw.text
        lines.append(
            Line(
                text,
                raw.width,
                raw.top,
                raw.trailing,
                heading=raw.heading,
                depth=depth,
                number=raw.number,
                lineno=raw.lineno,
                page=raw.page,
                indent=raw.indent,
            )
        )
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
            if tail.casefold() in _CONJUNCTIONS:
                result += " " + text  # "læse- eller regnefærdigheder"
            elif _keeps_hyphen(stem, tail, words):
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
