"""An action plan's text -> its structure (themes, focus areas and their sections) as plain
data in the shape of the demo YAML (actionplan/demo/data/SCHEMA.md), with doubts.

The plan's layout (Region Hovedstaden's template): a theme heading on its own at the top of a
page, then per focus area "RUS-indsatsområde: <title>", "Udfordringen", "Fakta: ...",
"Det vil vi gøre", "Mål: ...", "Mulige aktiviteter", "Mulige partnere", "Finansiering".
"""

import re
from typing import Any

from .text import BULLET, Line, clean_lines, join_lines, vocabulary

FOCUS_MARK = "RUS-indsatsområde:"
SECTIONS = {
    "udfordringen": "challenge",
    "det vil vi gøre": "approach",
    "mulige aktiviteter": "activities",
    "mulige partnere": "partners",
    "finansiering": "funding",
}
_YEAR = re.compile(r"\b(20\d\d)\b")


def _section_of(text: str) -> str | None:
    return SECTIONS.get(text.strip().rstrip(":").casefold())


class PlanParser:
    def __init__(self, text: str):
        self.lines = clean_lines(text)
        self.words = vocabulary(self.lines)
        widths = sorted(line.width for line in self.lines if line.width)
        self.width = widths[int(len(widths) * 0.97)] if widths else 100
        self.doubts: list[str] = []

    # -- paragraphs --------------------------------------------------------------------

    def _ends_paragraph(self, line: Line, following: Line | None) -> bool:
        if following is None or following.blank:
            return True
        if not line.text.endswith((".", ":", "!", "?")):
            return False
        if line.trailing >= 2:
            return True
        first = following.text.split(" ")[0]
        return line.width + 1 + len(first) < self.width - 3

    def paragraphs(self, lines: list[Line]) -> list[str]:
        result, current = [], []
        for index, line in enumerate(lines):
            if line.blank:
                if current:
                    result.append(join_lines(current, self.words))
                    current = []
                continue
            current.append(line.text)
            following = lines[index + 1] if index + 1 < len(lines) else None
            if self._ends_paragraph(line, following):
                result.append(join_lines(current, self.words))
                current = []
        if current:
            result.append(join_lines(current, self.words))
        return [p for p in result if p]

    def bullets(self, lines: list[Line], *, headings: bool = True) -> tuple[list[str], list[dict]]:
        """Leading paragraph lines, then bullet items with "o" sub-items and group headings."""
        before: list[Line] = []
        items: list[dict] = []
        current: dict | None = None
        target: list[str] | None = None  # the lines of the item being read
        group: dict | None = None
        for line in lines:
            text = line.text
            if line.blank:
                target = None if current is None or target is None else target
                continue
            if text.startswith(BULLET + " "):
                body = [text[2:]]
                if group is not None:
                    group["_items"].append(body)
                else:
                    current = {"_text": body, "_items": []}
                    items.append(current)
                target = body
            elif re.match(r"^o\s+[A-ZÆØÅ0-9]", text) and (current is not None or group):
                body = [re.sub(r"^o\s+", "", text)]
                (group or current)["_items"].append(body)
                target = body
            elif not items and group is None and (not headings or not text.endswith(":")):
                before.append(line)
            elif text.endswith(":") and (target is None or not items) and not text[0].islower():
                group = {"_heading": [text], "_items": []}
                items.append(group)
                current, target = None, None
            elif target is not None:
                target.append(text)
            else:
                before.append(line)
                self.doubts.append(f"Text outside any bullet: “{text[:80]}”")
        result = []
        for item in items:
            sub = [join_lines(body, self.words) for body in item["_items"]]
            if "_heading" in item:
                entry = {"heading": join_lines(item["_heading"], self.words), "items": sub}
            else:
                entry = {"text": join_lines(item["_text"], self.words)}
                if sub:
                    entry["items"] = sub
            result.append(entry)
        return self.paragraphs(before), result

    # -- structure ---------------------------------------------------------------------

    def parse(self) -> dict[str, Any]:
        lines = self.lines
        marks = [i for i, line in enumerate(lines) if line.text.startswith(FOCUS_MARK)]
        if not marks:
            self.doubts.append(f"No “{FOCUS_MARK}” heading found: no focus areas read.")
        themes: list[dict] = []
        intro_end = marks[0] if marks else len(lines)
        # A theme heading: the last non-bullet line on top of a page before a focus area.
        theme_at: dict[int, str] = {}
        for mark in marks:
            index = mark - 1
            while index >= 0 and lines[index].blank:
                index -= 1
            if index >= 0 and lines[index].top and not lines[index].text.startswith(BULLET):
                theme_at[mark] = lines[index].text
                if mark == marks[0]:
                    intro_end = index
            elif mark == marks[0]:
                self.doubts.append("The first focus area has no theme heading above it.")
        intro = self.paragraphs(lines[:intro_end])
        for number, mark in enumerate(marks):
            end = marks[number + 1] if number + 1 < len(marks) else len(lines)
            if number + 1 < len(marks) and marks[number + 1] in theme_at:
                end = self._theme_line(marks[number + 1])
            if mark in theme_at or not themes:
                themes.append({"title": theme_at.get(mark, ""), "focus_areas": []})
            themes[-1]["focus_areas"].append(self.focus_area(lines[mark:end]))
        return {"intro": intro, "themes": themes, "doubts": self.doubts}

    def _theme_line(self, mark: int) -> int:
        index = mark - 1
        while self.lines[index].blank:
            index -= 1
        return index

    def focus_area(self, lines: list[Line]) -> dict[str, Any]:
        title_lines = [lines[0].text[len(FOCUS_MARK) :].strip()]
        index = 1
        while index < len(lines) and not lines[index].blank and not _section_of(lines[index].text):
            title_lines.append(lines[index].text)
            index += 1
        title = join_lines(title_lines, self.words)
        title = re.sub(r"\s+[\u2013-]\s+\(", " (", title)
        parts: dict[str, list[Line]] = {"preamble": []}
        current = "preamble"
        for line in lines[index:]:
            section = _section_of(line.text)
            if section and section not in parts:
                current = section
                parts[current] = []
                continue
            parts[current].append(line)
        area: dict[str, Any] = {"title": title}
        challenge_lines, facts, caption = self._split_facts(parts.get("challenge", []))
        area["challenge"] = "\n\n".join(self.paragraphs(challenge_lines))
        area["facts"] = facts
        if caption:
            area["figure_caption"] = caption
        approach_lines, goals = self._split_goals(parts.get("approach", []))
        area["approach"] = "\n\n".join(self.paragraphs(approach_lines))
        area["goals"] = goals
        _before, area["activities"] = self.bullets(parts.get("activities", []))
        _before, partners = self.bullets(parts.get("partners", []), headings=False)
        area["partners"] = [p.get("text") or p.get("heading", "") for p in partners]
        funding_text, funding = self.bullets(parts.get("funding", []), headings=False)
        area["funding_text"] = "\n\n".join(funding_text)
        area["funding_sources"] = [{"text": f.get("text") or f.get("heading", "")} for f in funding]
        for name in ("challenge", "approach"):
            if name not in parts:
                self.doubts.append(f"“{title[:60]}”: no {name} section found.")
        if any(not line.blank for line in parts["preamble"]):
            self.doubts.append(f"“{title[:60]}”: text before the first section was skipped.")
        return area

    def _split_facts(self, lines: list[Line]) -> tuple[list[Line], list[dict], str]:
        body: list[Line] = []
        facts: list[list[Line]] = []
        rest: list[Line] = []
        in_fact = False
        for line in lines:
            if line.text.startswith("Fakta:"):
                text = line.text[len("Fakta:") :].strip()
                facts.append([Line(text, line.width, line.top)])
                in_fact = True
                continue
            if in_fact:
                previous = facts[-1][-1]
                if line.blank or self._ends_paragraph(previous, line):
                    in_fact = False
                    if not line.blank:
                        rest.append(line)
                    continue
                facts[-1].append(line)
            elif facts:
                rest.append(line)
            else:
                body.append(line)
        caption = " ".join(self.paragraphs(rest))
        return body, [{"text": join_lines([x.text for x in f], self.words)} for f in facts], caption

    def _split_goals(self, lines: list[Line]) -> tuple[list[Line], list[dict]]:
        body: list[Line] = []
        goal_lines: list[Line] = []
        for line in lines:
            if line.text.startswith("Mål:") or goal_lines:
                if line.text.startswith("Mål:"):
                    line = Line(line.text[len("Mål:") :].strip(), line.width, line.top)
                goal_lines.append(line)
            else:
                body.append(line)
        goals = []
        for statement in self.paragraphs(goal_lines):
            years = []
            for year in _YEAR.findall(statement):
                if int(year) not in years:
                    years.append(int(year))
            goals.append({"statement": statement, "target_years": years})
        return body, goals


def parse_plan_text(text: str) -> dict[str, Any]:
    return PlanParser(text).parse()


# -- comparing with a curated plan ---------------------------------------------------------

AREA_FIELDS = [
    "title",
    "challenge",
    "approach",
    "facts",
    "goals",
    "activities",
    "partners",
    "funding_sources",
]


def _curated_area(area: dict) -> dict:
    return {
        "title": area["title"],
        "challenge": (area.get("challenge") or "").strip(),
        "approach": (area.get("approach") or "").strip(),
        "facts": [f["text"].strip() for f in area.get("facts") or []],
        "goals": [
            (g["statement"].strip(), list(g.get("target_years") or []))
            for g in area.get("goals") or []
        ],
        "activities": [
            ({"heading": a["heading"].strip()} if "heading" in a else {"text": a["text"].strip()})
            | ({"items": [i.strip() for i in a["items"]]} if a.get("items") else {})
            for a in area.get("activities") or []
        ],
        "partners": [p.strip() for p in area.get("partners") or []],
        "funding_sources": [f["text"].strip() for f in area.get("funding_sources") or []],
    }


def plan_differences(parsed: dict, curated_themes: list[dict]) -> list[str]:
    """Every difference between a parsed plan and curated themes, one line each."""
    differences: list[str] = []
    themes = parsed["themes"]
    if len(themes) != len(curated_themes):
        differences.append(f"themes: {len(themes)} read, {len(curated_themes)} curated")
    for t_index, (theme, want) in enumerate(zip(themes, curated_themes, strict=False), start=1):
        if theme["title"] != want["title"]:
            differences.append(f"theme {t_index} title: {theme['title']!r} != {want['title']!r}")
        areas, wanted = theme["focus_areas"], want["focus_areas"]
        if len(areas) != len(wanted):
            differences.append(
                f"theme {t_index}: {len(areas)} focus areas read, {len(wanted)} curated"
            )
        for area, curated in zip(areas, wanted, strict=False):
            got, expected = _curated_area(area), _curated_area(curated)
            for name in AREA_FIELDS:
                if got[name] != expected[name]:
                    differences.append(
                        f"{curated['slug']}.{name}: read {got[name]!r}\n"
                        f"    curated {expected[name]!r}"
                    )
    return differences
