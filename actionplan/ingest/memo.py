"""A status memo's text -> sections matched to the plan's focus areas, with the projects and
initiatives named under each: amounts, years, status words. Uncertain items are flagged.

Sections are bullets whose text matches a focus area's title or one of its aliases (fuzzy:
difflib ratio over normalised words, so "Gøre kollektiv transport et førstevalg for flere"
finds "Kollektiv transport som førstevalg for flere"). A bullet with no match that is followed
by a paragraph of its own, like "Tværfagligt spor", is offered as a new section.
"""

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from django.core.exceptions import ValidationError

from actionplan.core.amounts import parse_dkk
from actionplan.projects.services import STATUS_WORDS

from .text import BULLET, Line, clean_lines, join_lines, vocabulary

MATCH = 0.82  # at or above: matched
MAYBE = 0.7  # between MAYBE and MATCH: matched but flagged

_AMOUNT = re.compile(
    r"(?:op til\s+)?\d[\d.]*(?:,\d+)?\s*(?:mio\.?\s*kr\.?|mio\.?\s*kroner|millioner\s+kroner"
    r"|mia\.?\s*kr\.?|kr\.|kroner|dkk)",
    re.I,
)
_YEAR_IN_BRACKETS = re.compile(r"\((20\d\d)\)")
_YEAR = re.compile(r"\b(20\d\d)\b")
_JOINERS = {"og", "samt", "i", "af", "for", "til", "med", "om", "på", "eller", "den", "det"}


@dataclass
class Candidate:
    slug: str
    theme: str
    names: list[str]


def _norm(text: str) -> str:
    text = text.casefold()
    return " ".join(re.sub(r"[^\wæøå ]", " ", text).split())


def score(text: str, candidate: Candidate) -> float:
    wanted = _norm(text)
    best = 0.0
    for name in candidate.names:
        name_norm = _norm(name)
        ratio = SequenceMatcher(None, wanted, name_norm).ratio()
        words_a, words_b = set(wanted.split()), set(name_norm.split())
        overlap = len(words_a & words_b) / max(len(words_a | words_b), 1)
        best = max(best, ratio, (ratio + overlap) / 2)
    return best


def best_match(text: str, candidates: list[Candidate]) -> tuple[Candidate | None, float]:
    scored = [(score(text, c), c) for c in candidates]
    if not scored:
        return None, 0.0
    value, candidate = max(scored, key=lambda pair: pair[0])
    return candidate, value


def status_word(text: str) -> tuple[str, str] | None:
    lower = " ".join(text.casefold().split())
    for phrase, status in STATUS_WORDS:
        if phrase in lower:
            return phrase, str(status)
    return None


def _item(text: str) -> dict[str, Any]:
    """A project or initiative bullet: its title, amounts, years and status word."""
    title_match = re.match(r"^(.+?)(?:\s+\((20\d\d)\)|:\s|\.\s|\s+-\s+(?=[A-ZÆØÅ])|\.?$)", text)
    title = (title_match.group(1) if title_match else text).strip().rstrip(".:,;")
    if len(title) > 80:
        # "X er et samarbejde med ...": the name is what comes before the verb.
        verb = re.search(r"\s(?:er|har|skal|bliver)\s", title)
        if verb:
            title = title[: verb.start()]
    item: dict[str, Any] = {"title": title, "text": text, "amounts": [], "years": []}
    bracket = _YEAR_IN_BRACKETS.search(text)
    if bracket:
        item["year"] = int(bracket.group(1))
    item["years"] = sorted({int(y) for y in _YEAR.findall(text)})
    doubts = []
    for match in _AMOUNT.finditer(text):
        try:
            parsed = parse_dkk(match.group(0))
        except ValidationError as exc:
            doubts.append(f"amount “{match.group(0)}” not read: {' '.join(exc.messages)}")
            continue
        item["amounts"].append(
            {
                "text": match.group(0),
                "amount": str(parsed.amount),
                "upper_bound": parsed.upper_bound,
            }
        )
    found = status_word(text)
    if found:
        item["status_word"], item["status"] = found
    else:
        doubts.append("no status word")
    if len(title) > 150:
        doubts.append("the title may be a whole sentence")
    item["doubts"] = doubts
    return item


def _unfinished(line: str) -> bool:
    return line.endswith("-") or line.rsplit(" ", 1)[-1] in _JOINERS


class MemoParser:
    def __init__(self, text: str, candidates: list[Candidate], themes: dict[str, list[str]]):
        self.lines = clean_lines(text)
        self.words = vocabulary(self.lines)
        self.candidates = candidates
        self.themes = themes  # theme slug -> title and aliases
        self.doubts: list[str] = []

    def _theme_of(self, text: str) -> str | None:
        for slug, names in self.themes.items():
            if any(_norm(text) == _norm(name) for name in names):
                return slug
        return None

    def blocks(self) -> list[tuple[str, list[str]]]:
        """("bullet" | "text" | "theme", lines) in order."""
        blocks: list[tuple[str, list[str]]] = []
        for line in self.lines:
            if line.blank:
                if blocks and blocks[-1][0] == "bullet" and _unfinished(blocks[-1][1][-1]):
                    continue  # an empty line inside a sentence is extraction damage
                if blocks and blocks[-1][0] != "gap":
                    blocks.append(("gap", []))
                continue
            text = line.text
            if text.startswith(BULLET):
                blocks.append(("bullet", [text[1:].strip()]))
            elif self._theme_of(text) and not text.endswith("."):
                blocks.append(("theme", [text]))
            elif (
                blocks
                and blocks[-1][0] == "bullet"
                and not self._starts_paragraph(blocks[-1][1], line)
            ) or (blocks and blocks[-1][0] == "text"):
                blocks[-1][1].append(text)
            else:
                blocks.append(("text", [text]))
        return [b for b in blocks if b[0] != "gap"]

    def _starts_paragraph(self, bullet: list[str], line: Line) -> bool:
        """A line after a section-title bullet starts the section's own text."""
        title = join_lines(bullet, self.words)
        if title.rsplit(" ", 1)[-1] in _JOINERS or title.endswith("-"):
            return False
        if title.endswith((".", ":", ";", ")", "..")) and len(bullet) > 1:
            return False
        _candidate, value = best_match(title, self.candidates)
        if value >= MAYBE:
            # the title is complete when adding the next line does not make it match better
            _c, longer = best_match(join_lines([*bullet, line.text], self.words), self.candidates)
            return longer <= value
        return False

    def parse(self) -> dict[str, Any]:
        sections: list[dict[str, Any]] = []
        theme: str | None = None
        blocks = self.blocks()
        for index, (kind, lines) in enumerate(blocks):
            text = join_lines(lines, self.words)
            if kind == "theme":
                theme = self._theme_of(text)
                continue
            if text.casefold().startswith(("notat", "indsatsområder")) and len(text) < 80:
                continue
            if kind == "bullet":
                candidate, value = best_match(text, self.candidates)
                following = blocks[index + 1][0] if index + 1 < len(blocks) else None
                heading_like = (
                    not text.endswith((".", ","))
                    and len(text) < 160
                    and not _YEAR_IN_BRACKETS.search(text)
                )
                if candidate and value >= MAYBE and heading_like:
                    section = {
                        "heading": text,
                        "focus_area": candidate.slug,
                        "theme": candidate.theme,
                        "score": round(value, 2),
                        "new": False,
                        "text": "",
                        "items": [],
                    }
                    if value < MATCH:
                        self.doubts.append(
                            f"“{text}” matched to focus area {candidate.slug} "
                            f"with {value:.0%} certainty; check it."
                        )
                    sections.append(section)
                    theme = candidate.theme
                    continue
                if heading_like and following == "text" and len(text) < 60 and "(" not in text:
                    sections.append(
                        {
                            "heading": text,
                            "focus_area": None,
                            "theme": theme,
                            "score": round(value, 2),
                            "new": True,
                            "text": "",
                            "items": [],
                        }
                    )
                    self.doubts.append(
                        f"“{text}” matches no focus area of the plan; offered as a new one."
                    )
                    continue
                if not sections:
                    self.doubts.append(f"Bullet before any section skipped: “{text[:80]}”")
                    continue
                item = _item(text)
                for doubt in item["doubts"]:
                    self.doubts.append(f"{item['title'][:60]}: {doubt}")
                sections[-1]["items"].append(item)
            else:
                if not sections:
                    continue
                section = sections[-1]
                section["text"] = (section["text"] + "\n\n" + text).strip()
                for match in _AMOUNT.finditer(text):
                    sentence = _sentence_around(text, match.start())
                    try:
                        parsed = parse_dkk(match.group(0))
                    except ValidationError:
                        self.doubts.append(f"amount “{match.group(0)}” not read")
                        continue
                    section["items"].append(
                        {
                            "title": sentence,
                            "text": sentence,
                            "amounts": [
                                {
                                    "text": match.group(0),
                                    "amount": str(parsed.amount),
                                    "upper_bound": parsed.upper_bound,
                                }
                            ],
                            "years": sorted({int(y) for y in _YEAR.findall(sentence)}),
                            "in_text": True,
                            **(
                                dict(
                                    zip(
                                        ("status_word", "status"),
                                        status_word(sentence),
                                        strict=True,
                                    )
                                )
                                if status_word(sentence)
                                else {}
                            ),
                            "doubts": [
                                "amount in the section text: which project it funds is a guess"
                            ],
                        }
                    )
                    self.doubts.append(
                        f"{match.group(0)} in the text of “{section['heading'][:50]}”: "
                        f"the project it funds is not named as a bullet."
                    )
        for section in sections:
            relevant = re.search(
                r"(fortsat|stadig)\s+(er\s+)?relevant|fortsat\s+behov", section["text"], re.I
            )
            section["still_relevant"] = True if relevant else None
        return {"sections": sections, "doubts": self.doubts}


def _sentence_around(text: str, position: int) -> str:
    starts = [m.end() for m in re.finditer(r"[.!?]\s+(?=[A-ZÆØÅ])", text[:position])]
    start = starts[-1] if starts else 0
    end_match = re.search(r"[.!?](\s+(?=[A-ZÆØÅ])|$)", text[position:])
    end = position + end_match.end() if end_match else len(text)
    return text[start:end].strip()


def parse_memo_text(
    text: str, candidates: list[Candidate], themes: dict[str, list[str]]
) -> dict[str, Any]:
    return MemoParser(text, candidates, themes).parse()
