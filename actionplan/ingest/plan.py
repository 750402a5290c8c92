"""An action plan's text -> its structure (themes, focus areas and their sections) as plain
data in the shape of the demo YAML (actionplan/demo/data/SCHEMA.md), with doubts.

Read from the document's structure, not one template: `text.clean_lines` gives every line its
heading level and list depth (from "#"s, numbering, indentation, bullets of any kind, DOCX
styles, PDF fonts); `roles.Vocabulary` says which lines are labels of a theme, a focus area or
one of its sections, in Danish or English and with an organisation's own words. Where labels
are missing the structure is taken from the headings and the content, with a doubt.
"""

import re
from difflib import SequenceMatcher
from typing import Any

from .roles import SECTION_ROLES, Label, Vocabulary
from .text import BULLET, SUB_BULLET, Line, clean_lines, join_lines, vocabulary

TITLE_MAX = 200  # longer than this, a "title" is a section that lost its label
_YEAR = re.compile(r"\b(20\d\d)\b")
_FUNDING_WORDS = re.compile(
    r"\b(eu|interreg|horizon|life|fond|fonde|fonden|midler|pulje|puljen|program|erdf|esf"
    r"|socialfond|regionalfond|finansiering|tilskud|foundation|fund)\b",
    re.I,
)


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\wæøå ]", " ", text.casefold()).split())


def _similar(a: str, b: str) -> float:
    return SequenceMatcher(None, _norm(a), _norm(b)).ratio()


class PlanParser:
    def __init__(self, text: str, labels: dict[str, list[str]] | None = None):
        self.lines = clean_lines(text)
        self.words = vocabulary(self.lines)
        self.vocabulary = Vocabulary(labels)
        self.labels: list[Label | None] = [self._label(line) for line in self.lines]
        widths = sorted(line.width for line in self.lines if line.width)
        self.width = widths[int(len(widths) * 0.97)] if widths else 100
        self.doubts: list[str] = []

    def _label(self, line: Line) -> Label | None:
        if line.blank:
            return None
        text = line.text
        if line.item:
            # a list item is a label only when it is nothing but one ("1. Udfordringen")
            found = self.vocabulary.match(text[2:])
            return found if found and found.alone else None
        if len(text) > 160 and not re.match(r"^[^:]{1,40}:", text):
            return None
        return self.vocabulary.match(text)

    def _role(self, index: int) -> str | None:
        label = self.labels[index]
        return label.role if label else None

    def doubt(self, line: Line | None, message: str) -> None:
        if line is None:
            self.doubts.append(message)
        elif any(other.page > 1 for other in self.lines[-1:]):
            self.doubts.append(f"{line.where}: {message}")
        else:
            self.doubts.append(f"line {line.lineno}: {message}")

    # -- paragraphs --------------------------------------------------------------------

    def _ends_paragraph(self, line: Line, following: Line | None) -> bool:
        if following is None or following.blank or following.heading or line.heading:
            return True
        if following.item:
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
        """Leading paragraph lines, then list items with their sub-items and group headings."""
        before: list[Line] = []
        items: list[dict] = []
        current: dict | None = None
        target: list[str] | None = None  # the lines of the item being read
        group: dict | None = None
        for line in lines:
            text = line.text
            if line.blank:
                if current is None:
                    target = None  # inside a group: a blank line ends the item
                continue
            if text.startswith(BULLET + " "):
                body = [text[2:]]
                if group is not None:
                    group["_items"].append(body)
                else:
                    current = {"_text": body, "_items": []}
                    items.append(current)
                target = body
            elif text.startswith(SUB_BULLET + " ") and line.item and (current or group):
                body = [text[2:]]
                (group or current)["_items"].append(body)
                target = body
            elif text.startswith(SUB_BULLET + " ") and line.item:
                current = {"_text": [text[2:]], "_items": []}
                items.append(current)
                target = current["_text"]
            elif not items and group is None and (not headings or not text.endswith(":")):
                before.append(line)
            elif (
                headings
                and text.endswith(":")
                and (
                    target is None
                    or not items
                    or line.heading
                    or (group is not None and target[-1].endswith((".", "!", "?")))
                )
                and not text[0].islower()
            ):
                group = {"_heading": [text], "_items": []}
                items.append(group)
                current, target = None, None
            elif target is not None and not line.heading:
                target.append(text)
            else:
                before.append(line)
                self.doubt(line, f"text outside any list item: “{text[:80]}”")
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

    # -- where themes and focus areas start --------------------------------------------

    def _previous(self, index: int) -> int:
        index -= 1
        while index >= 0 and self.lines[index].blank:
            index -= 1
        return index

    def _headings(self) -> list[int]:
        return [i for i, line in enumerate(self.lines) if line.heading and self.labels[i] is None]

    def _focus_starts(self) -> tuple[list[int], int]:
        """Indexes of the lines that start a focus area, and the heading level of focus areas
        when they are headings (0 when they are labels or plain lines)."""
        labelled = [i for i, label in enumerate(self.labels) if label and label.role == "focus"]
        if labelled:
            return labelled, 0
        # No label: a focus area is what the section labels follow. A section role seen again
        # starts the next one.
        firsts: list[int] = []
        seen: set[str] = set()
        for index, label in enumerate(self.labels):
            if not label or label.role not in SECTION_ROLES:
                continue
            if label.role in {"facts", "goal"} and not label.alone:
                continue  # "Fakta: ..." and "Mål: ..." come several to an area
            if not firsts or label.role in seen:
                firsts.append(index)
                seen = set()
            seen.add(label.role)
        if not firsts:
            return [], 0
        headings = self._headings()
        starts: list[int] = []
        levels: list[int] = []
        floor = -1
        for first in firsts:
            above = [h for h in headings if floor < h < first]
            if above:
                starts.append(above[-1])
                levels.append(self.lines[above[-1]].heading)
            else:
                start = self._title_block(first, floor)
                if start is None:
                    self.doubt(self.lines[first], "a focus area without a title")
                    start = first
                starts.append(start)
            floor = first
        level = max(set(levels), key=levels.count) if levels else 0
        for start in starts:
            if not self.lines[start].heading:
                self.doubt(
                    self.lines[start],
                    f"“{self.lines[start].text[:60]}” read as a focus area's title (no label)",
                )
        return starts, level

    def _title_block(self, first: int, floor: int) -> int | None:
        """The lines just above a section label that are no list item or sentence: a title."""
        index = self._previous(first)
        start = None
        while index > floor and index >= 0:
            line = self.lines[index]
            if line.blank or line.item or line.text.endswith((".", ";", ",")):
                break
            start = index
            if first - index > 3:
                break
            index -= 1
        return start

    def _known_themes(self, end: int) -> list[str]:
        """Theme titles from an overview list before the first focus area: the items that
        have sub-items."""
        titles = []
        for index in range(end):
            line = self.lines[index]
            if line.item and line.depth == 0:
                following = next(
                    (self.lines[j] for j in range(index + 1, end) if not self.lines[j].blank), None
                )
                if following is not None and following.item and following.depth > 0:
                    titles.append(line.text[2:].strip())
        return titles

    def _theme_before(self, start: int, level: int, known: list[str]) -> int | None:
        index = self._previous(start)
        if index < 0:
            return None
        line, label = self.lines[index], self.labels[index]
        if label and label.role == "theme":
            return index
        if label is not None or line.item:
            return None
        text = line.text
        if line.heading:
            if level and line.heading >= level:
                return None
            return index
        if len(text) > 120 or text.endswith((".", ",", ";", ":")) or not text[:1].isupper():
            return None
        if any(_similar(text, title) >= 0.85 for title in known):
            return index
        before = self._previous(index)
        if line.top or before < 0:
            return index
        if self.lines[before].item:
            # right under a list item it may be the item's last line; a theme heading is not
            # indented under the item and goes straight on to the focus area
            item = self.lines[before]
            if before < index - 1 or (line.indent <= item.indent and start == index + 1):
                return index
            return None
        if before < index - 1 or self.lines[before].text.endswith((".", "!", "?")):
            return index
        return None

    # -- structure ---------------------------------------------------------------------

    def parse(self) -> dict[str, Any]:
        lines = self.lines
        starts, level = self._focus_starts()
        if not starts:
            self.doubt(
                None,
                "no focus area found: no label such as “Indsatsområde:” and no "
                "sections such as “Udfordringen” or “Mål”.",
            )
        known = self._known_themes(starts[0] if starts else len(lines))
        # Themes: labelled, headings above the focus areas' level, or a heading-like line
        # just above a focus area.
        theme_at: dict[int, int] = {}  # line index of a theme -> index of its focus area
        for index, label in enumerate(self.labels):
            if label and label.role == "theme" and (not starts or index < starts[-1]):
                later = [s for s in starts if s > index]
                if later:
                    theme_at[index] = later[0]
        if level:
            for index in self._headings():
                if lines[index].heading < level and starts and index > starts[0] - 1:
                    later = [s for s in starts if s > index]
                    if later and not any(t < later[0] and t > index for t in theme_at):
                        theme_at.setdefault(index, later[0])
        for start in starts:
            if any(theme_at[t] == start for t in theme_at):
                continue
            found = self._theme_before(start, level, known)
            if found is not None:
                theme_at[found] = start
                line = lines[found]
                if not (line.top or line.heading or self.labels[found]) and not any(
                    _similar(line.text, title) >= 0.85 for title in known
                ):
                    self.doubt(line, f"“{line.text[:60]}” read as a theme heading")
        if starts and not theme_at:
            self.doubt(lines[starts[0]], "no theme heading found above the focus areas")
        # Cut the document at every theme and focus area.
        cuts = sorted({*theme_at, *starts})
        first_cut = cuts[0] if cuts else len(lines)
        intro = self.paragraphs([ln for ln in lines[:first_cut] if not ln.item])
        themes: list[dict] = []
        for number, cut in enumerate(cuts):
            end = cuts[number + 1] if number + 1 < len(cuts) else len(lines)
            if cut in theme_at:
                title, rest = self._theme_title(cut)
                themes.append({"title": title, "focus_areas": []})
                leftover = [ln for ln in lines[rest:end] if not ln.blank]
                if leftover and end != theme_at[cut]:
                    themes[-1]["description"] = "\n\n".join(self.paragraphs(lines[rest:end]))
                continue
            if not themes:
                themes.append({"title": "", "focus_areas": []})
            themes[-1]["focus_areas"].append(self.focus_area(lines[cut:end], cut))
        self._aliases(themes, first_cut)
        return {
            "title": self._title(first_cut),
            "intro": intro,
            "themes": themes,
            "period": self._period(),
            "doubts": self.doubts,
        }

    def _aliases(self, themes: list[dict], end: int) -> None:
        """Other wordings from an overview list in the introduction ("Fire strategiske temaer
        ...: • Klima og miljø i balance o Sikre grundvandet"): a status memo may use them."""
        overview: list[tuple[str, list[str]]] = []
        for line in self.lines[:end]:
            if line.item and line.depth == 0:
                overview.append((line.text[2:].strip(), []))
            elif line.item and overview:
                overview[-1][1].append(line.text[2:].strip())
        overview = [(title, areas) for title, areas in overview if areas]
        for theme in themes:
            best = max(overview, key=lambda o: _similar(o[0], theme["title"]), default=None)
            if best is None or _similar(best[0], theme["title"]) < 0.6:
                continue
            if _norm(best[0]) != _norm(theme["title"]):
                theme["aliases"] = [best[0]]
            for area in theme["focus_areas"]:
                name = max(best[1], key=lambda n: _similar(n, area["title"]))
                if _similar(name, area["title"]) >= 0.5 and _norm(name) != _norm(area["title"]):
                    area["aliases"] = [name]

    def _title(self, end: int) -> str:
        """The plan's name: a line before the first theme that says it is a plan."""
        for line in self.lines[: min(end, 40)]:
            short = len(line.text) < 70 and not line.text.endswith((".", ",", ";"))
            named = re.match(
                r"^(\S+\s+){0,3}(handlingsplan|udviklingsplan|action plan)", line.text, re.I
            )
            if short and named:
                return self._short(line.text.lstrip("#• "), line)[:200]
        period = self._period()
        return f"Handlingsplan {period[0]}-{period[1]}" if period else ""

    def _period(self) -> list[int]:
        pattern = re.compile(r"\b(20\d\d)\s*[-\u2013/]\s*(20\d\d)\b")
        head = " ".join(line.text for line in self.lines[:40])
        found = pattern.search(head)
        if found:
            return [int(found.group(1)), int(found.group(2))]
        pairs = [
            (int(a), int(b)) for a, b in pattern.findall(" ".join(ln.text for ln in self.lines))
        ]
        pairs = [p for p in pairs if 0 < p[1] - p[0] <= 6]
        return list(max(set(pairs), key=pairs.count)) if pairs else []

    def _theme_title(self, index: int) -> tuple[str, int]:
        label = self.labels[index]
        line = self.lines[index]
        if label and label.role == "theme":
            if label.rest:
                return self._short(label.rest.lstrip("\u2013-: "), line), index + 1
            following = index + 1
            while following < len(self.lines) and self.lines[following].blank:
                following += 1
            if following < len(self.lines):
                return self._short(self.lines[following].text, line), following + 1
            return "", following
        return self._short(line.text.lstrip("•o ").strip(), line), index + 1

    def _short(self, title: str, line: Line) -> str:
        title = re.sub(r"\s+[\u2013-]\s+\(", " (", " ".join(title.split()))
        if len(title) > TITLE_MAX:
            self.doubt(
                line,
                f"a title of {len(title)} characters (“{title[:60]}…”): a section may have lost "
                "its label; shortened.",
            )
            sentence = re.split(r"(?<=[.!?])\s", title)[0]
            title = sentence if len(sentence) <= TITLE_MAX else title[:TITLE_MAX].rsplit(" ", 1)[0]
        return title

    def _area_title(self, lines: list[Line]) -> tuple[str, int]:
        """The focus area's title and the index (in lines) of its first body line."""
        first, label = lines[0], self._label(lines[0])
        if label and label.role == "focus":
            title_lines = [label.rest.lstrip("\u2013-: ")] if label.rest else []
            index = 1
            while index < len(lines) and lines[index].blank and not title_lines:
                index += 1
            while (
                index < len(lines)
                and not lines[index].blank
                and not self._label(lines[index])
                and not lines[index].item
                and (not title_lines or len(title_lines) < 4)
            ):
                if title_lines and lines[index].heading:
                    break
                title_lines.append(lines[index].text)
                index += 1
                if title_lines[-1].endswith(".") and index < len(lines) and label.rest:
                    break
            return self._short(join_lines(title_lines, self.words), first), index
        title_lines = [first.text]
        index = 1
        while (
            not first.heading
            and index < len(lines)
            and not lines[index].blank
            and not self._label(lines[index])
            and not lines[index].item
            and len(title_lines) < 4
        ):
            title_lines.append(lines[index].text)
            index += 1
        return self._short(join_lines(title_lines, self.words), first), index

    def focus_area(self, lines: list[Line], offset: int) -> dict[str, Any]:
        title, index = self._area_title(lines)
        parts: dict[str, list[Line]] = {"preamble": []}
        current = "preamble"
        for line in lines[index:]:
            label = self._label(line)
            if label and label.role in SECTION_ROLES:
                inline_inside = label.role in {"facts", "goal"} and not label.alone
                if inline_inside and (current != "preamble" or label.role == "facts"):
                    parts[current].append(line)  # split out below, where it stands
                    continue
                current = label.role
                if current in parts and current not in {"facts", "goal"}:
                    self.doubt(line, f"“{title[:50]}”: a second “{line.text[:40]}” section")
                parts.setdefault(current, [])
                if label.rest:
                    parts[current].append(self._relabelled(line, label.rest))
                continue
            parts[current].append(line)
        for name in ("activities", "partners", "funding"):
            # a lone numbered line in a list section is its only item, not a heading
            parts[name] = [
                self._as_item(line) if line.heading and line.number else line
                for line in parts.get(name, [])
            ]
        area: dict[str, Any] = {"title": title}
        if not any(not ln.blank for ln in parts.get("challenge", [])) and any(
            not ln.blank for ln in parts["preamble"]
        ):
            # No "Udfordringen" label: the text right under the title is the challenge.
            parts["challenge"] = parts.pop("preamble")
            parts["preamble"] = []
            self.doubt(lines[0], f"“{title[:60]}”: the text under the title read as the challenge")
        facts: list[dict] = []
        goals: list[dict] = []
        body, caption = {}, ""
        for name in ("challenge", "approach", "preamble", "activities", "partners", "funding"):
            found_facts, found_goals, kept, rest = self._split_inline(parts.get(name, []))
            facts += found_facts
            goals += found_goals
            body[name] = kept
            if name == "challenge":
                caption = " ".join(self.paragraphs(rest))
            else:
                body[name] = kept + rest
        facts += self._list_or_paragraphs(parts.get("facts", []))
        goals += [self._goal(t) for t in self._list_texts(parts.get("goal", []))]
        area["challenge"] = "\n\n".join(self.paragraphs(body["challenge"]))
        area["facts"] = facts
        if caption:
            area["figure_caption"] = caption
        area["approach"] = "\n\n".join(self.paragraphs(body["approach"]))
        area["goals"] = goals
        _before, area["activities"] = self.bullets(body["activities"])
        if _before and not area["activities"]:
            area["activities"] = [{"text": text} for text in _before]
        _before, partners = self.bullets(body["partners"], headings=False)
        area["partners"] = [p.get("text") or p.get("heading", "") for p in partners]
        if not partners and _before:
            area["partners"] = [
                name.strip() for text in _before for name in re.split(r"[;,]\s*", text)
            ]
        funding_text, funding = self.bullets(body["funding"], headings=False)
        area["funding_text"] = "\n\n".join(funding_text)
        area["funding_sources"] = [{"text": f.get("text") or f.get("heading", "")} for f in funding]
        self._unlabelled_lists(area, body, lines[0])
        for name in ("challenge", "approach"):
            if not area[name]:
                self.doubt(lines[0], f"“{title[:60]}”: no {name} section found.")
        if any(not line.blank for line in body["preamble"]):
            self.doubt(lines[0], f"“{title[:60]}”: text before the first section was skipped.")
        return area

    def _as_item(self, line: Line) -> Line:
        return Line(
            f"{BULLET} {line.text}",
            line.width,
            line.top,
            line.trailing,
            0,
            0,
            line.number,
            line.lineno,
            line.page,
            line.indent,
        )

    def _relabelled(self, line: Line, rest: str) -> Line:
        return Line(
            rest,
            line.width,
            line.top,
            line.trailing,
            line.heading,
            -1,
            "",
            line.lineno,
            line.page,
            line.indent,
        )

    def _unlabelled_lists(self, area: dict, body: dict, where: Line) -> None:
        """A list inside the approach with no label of its own: activities, partners or
        financing, told apart by what it says."""
        items = [ln for ln in body["approach"] if ln.item]
        if not items or (area["activities"] and area["partners"] and area["funding_sources"]):
            return
        _before, found = self.bullets(body["approach"])
        texts = [f.get("text") or f.get("heading", "") for f in found]
        if not texts:
            return
        funding = sum(bool(_FUNDING_WORDS.search(t)) for t in texts) > len(texts) / 2
        short = sum(len(t) for t in texts) / len(texts) < 50
        if funding and not area["funding_sources"]:
            area["funding_sources"] = [{"text": t} for t in texts]
            role = "financing"
        elif short and not area["partners"]:
            area["partners"] = texts
            role = "partners"
        elif not area["activities"]:
            area["activities"] = found
            role = "activities"
        else:
            return
        area["approach"] = "\n\n".join(
            self.paragraphs([ln for ln in body["approach"] if not ln.item])
        )
        self.doubt(where, f"“{area['title'][:60]}”: a list without a label read as {role}")

    def _list_texts(self, lines: list[Line]) -> list[str]:
        before, items = self.bullets(lines, headings=False)
        texts = list(before)
        for item in items:
            texts.append(item.get("text") or item.get("heading", ""))
            texts += item.get("items") or []
        return [t for t in texts if t]

    def _list_or_paragraphs(self, lines: list[Line]) -> list[dict]:
        return [{"text": text} for text in self._list_texts(lines)]

    def _goal(self, statement: str) -> dict:
        years: list[int] = []
        for year in _YEAR.findall(statement):
            if int(year) not in years:
                years.append(int(year))
        return {"statement": statement, "target_years": years}

    def _split_inline(
        self, lines: list[Line]
    ) -> tuple[list[dict], list[dict], list[Line], list[Line]]:
        """Facts ("Fakta: ...", one paragraph each) and goals ("Mål: ..." and what follows)
        written inside another section: (facts, goals, text before, text after the facts)."""
        body: list[Line] = []
        facts: list[list[Line]] = []
        goal_lines: list[Line] = []
        rest: list[Line] = []
        in_fact = False
        for line in lines:
            label = self._label(line) if not line.blank else None
            if label and label.role == "facts" and not label.alone:
                facts.append([self._relabelled(line, label.rest)])
                in_fact = True
                continue
            if label and label.role == "goal" and not label.alone:
                goal_lines.append(self._relabelled(line, label.rest))
                in_fact = False
                continue
            if goal_lines:
                goal_lines.append(line)
                continue
            if in_fact:
                previous = facts[-1][-1]
                if line.blank or line.item or self._ends_paragraph(previous, line):
                    in_fact = False
                    if not line.blank:
                        rest.append(line)
                    continue
                facts[-1].append(line)
            elif facts:
                rest.append(line)
            else:
                body.append(line)
        fact_dicts = [{"text": join_lines([x.text for x in f], self.words)} for f in facts]
        goals = [self._goal(s) for s in self._list_texts(goal_lines)] if goal_lines else []
        return fact_dicts, goals, body, rest


def parse_plan_text(text: str, labels: dict[str, list[str]] | None = None) -> dict[str, Any]:
    return PlanParser(text, labels).parse()


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
