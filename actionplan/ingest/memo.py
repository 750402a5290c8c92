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

from actionplan.core.l10n import month_names, parse_dkk
from actionplan.projects.services import STATUS_WORDS

from .text import Line, clean_lines, join_lines, vocabulary

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
    # "X er et samarbejde med ...", "Forskningspulje er udmøntet": the name is what comes
    # before the verb.
    verb = re.search(r"\s(?:er|har|skal|bliver|behandles|blev|var)\s", title)
    if verb and (len(title) > 80 or len(title[verb.end() :].split()) <= 4):
        title = title[: verb.start()]
    title = re.sub(r"\s+(?:mv|m\.v|m\.m|osv)\.?$", "", title).strip(" \"”“'.,;:")
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
        item["amounts"].append(_amount(match.group(0), parsed))
    decided = decided_in(text)
    if decided:
        item["decided"] = decided
    found = status_word(text)
    if found:
        item["status_word"], item["status"] = found
    else:
        doubts.append("no status word")
    if len(title) > 150:
        doubts.append("the title may be a whole sentence")
    item["doubts"] = doubts
    return item


def _amount(text: str, parsed) -> dict[str, Any]:
    return {
        "text": text,
        "amount": str(parsed.amount),
        "upper_bound": parsed.upper_bound,
        "approximate": parsed.approximate,
    }


_MONTH_YEAR = re.compile(r"\b(" + "|".join(month_names("da")) + r")\s+(20\d\d)\b", re.I)


def decided_in(text: str) -> str | None:
    """When a grant was decided, as the memo says it: "I august 2021 er der bevilget",
    "bevilget 1,5 mio.kr. i 2020", "(2020)"."""
    from actionplan.core.l10n import parse_partial_date

    near = re.search(r"bevil\w*|afsat", text, re.I)
    if near:
        window = text[max(near.start() - 40, 0) : near.end() + 60]
        month = _MONTH_YEAR.search(window)
        if month:
            return parse_partial_date(month.group(0)).iso()
        year = re.search(r"\bi\s+(20\d\d)\b", window)
        if year:
            return year.group(1)
    bracket = _YEAR_IN_BRACKETS.search(text)
    return bracket.group(1) if bracket else None


# Where money comes from, as a memo names it: the regional development pool or the region's
# health funds. A lead-in such as "Følgende projekter har fået bevilget midler fra RUS-puljen:"
# gives every project in the list below it a grant from that source.
_HEALTH = re.compile(r"sundhedsmidl", re.I)
_POOL = re.compile(r"rus-pulje|udviklingsmidl|rus-midl|regionale\s+midler", re.I)
_GRANTED = re.compile(r"bevil|afsat|finansier|\bvia\b.*midl|støtte\s+fra|midler\s+fra", re.I)


def funding_named(sentence: str, *, default_pool: bool) -> str | None:
    if _HEALTH.search(sentence):
        return "health"
    if _POOL.search(sentence) or (default_pool and _GRANTED.search(sentence)):
        return "pool"
    return None


def _lead_in(text: str) -> str | None:
    """The funding a list's lead-in sentence (the one ending in a colon) names."""
    sentences = re.split(r"(?<=[.!?])\s+|(?<=:)\s+(?=[A-ZÆØÅ])", text.strip())
    last = sentences[-1] if sentences else ""
    if not last.endswith(":"):
        return None
    return funding_named(last, default_pool=True)


_EFFORT = re.compile(
    r"\b(?:igangsat|iværksat|igangsætter|iværksætter|engageret\s+sig|arbejder\s+(?:vi|regionen)"
    r"\s+på\s+at)\b",
    re.I,
)


def effort_title(sentence: str) -> str:
    """A name for an effort a sentence tells of: "For at styrke X har regionen igangsat en
    række indsatser, der ..." -> "Indsatser for at styrke X"."""
    sentence = sentence.strip().rstrip(".")
    working = re.search(r"arbejder\s+(?:vi|regionen)\s+på\s+at\s+(.+)", sentence, re.I)
    if working:
        return _capital(re.sub(r"\bvores\s+", "", working.group(1)))
    started = re.search(
        r"(?:igangsat|iværksat|engageret\s+sig\s+i)\s+(?:en\s+række\s+|et\s+|en\s+|nogle\s+)?"
        r"(?P<what>.+)",
        sentence,
        re.I,
    )
    what = started.group("what") if started else sentence
    what = re.split(r",\s*(?:der|som|hvor)\b|,\s+|\s+hvor\s+", what)[0]
    purpose = re.match(r"^(?:for\s+at\s+)(?P<p>.+?)\s+(?:har|er)\s+", sentence, re.I)
    if purpose:
        what = f"{what} for at {purpose.group('p')}"
    elif len(what.split()) < 2 and started:
        clause = re.sub(r",\s*(?:der|som)\s+(?:netop\s+)?", " der ", started.group("what"))
        what = re.split(r"[,.;]", clause)[0][:100]
    return _capital(what.strip(" ,.;:\"'\u2019\u2018”“"))[:200]


# The generic head of an effort in an enumeration, and what it does: "indsatser som udvikler
# X", "et projekt, som har fokus på at få X": the name is X.
_GENERIC_HEAD = re.compile(
    r"^(?:(?:et|en|nogle|flere|to|tre)\s+)?(?:række\s+)?"
    r"(?:indsats(?:er)?|projekt(?:er)?|initiativ(?:er)?|aktivitet(?:er)?|forløb|tiltag)\s+"
    r"(?:som|der)\s+(?:bl\.\s*a\.\s+|blandt\s+andet\s+)?"
    r"(?:udvikler|arbejder\s+med|handler\s+om|sætter\s+fokus\s+på|styrker"
    r"|har\s+(?:fokus\s+på|til\s+formål)|skal)"
    r"(?:\s+(?:at|på))*(?:\s+at)?(?:\s+(?:få|skabe|styrke|udvikle|sikre|øge))?\s+",
    re.I,
)
_ARTICLE = re.compile(r"^(?:et|en)\s+", re.I)
_EXAMPLES = re.compile(r",?\s+(?:herunder|fx|f\.\s*eks\.|bl\.\s*a\.|eksempelvis)\s.*$", re.I)


def enumerated_efforts(what: str) -> list[str]:
    """The named efforts an enumeration lists after its verb: "indsatser som udvikler
    undervisningsforløb i gymnasierne, forløb om rollemodeller og et projekt, som har fokus
    på at få flere kvinder i STEM" -> three names. One name, or none when the words after the
    verb describe a single effort ("en række indsatser, der blandt andet skal ...")."""
    what = what.strip().rstrip(".")
    head = re.match(r"^(?:\S+\s+){0,4}?\S+,\s*(?:der|som|hvor)\b", what)
    if head:
        return []  # "en række indsatser, der ...": a description of one effort
    what = _EXAMPLES.sub("", what)
    # a relative clause after a comma belongs to the part before it
    what = re.sub(r",\s*(?=(?:der|som|hvor)\s)", " ", what)
    parts = [p.strip() for p in re.split(r",\s+|;\s+", what) if p.strip()]
    if len(parts) >= 2:
        last = re.split(r"\s+(?:og|samt)\s+", parts[-1], maxsplit=1)
        parts = parts[:-1] + last
    else:
        parts = re.split(r"\s+(?:og|samt)\s+(?=(?:et|en|nogle)\s)", what)
    if len(parts) < 2 or any(len(p.split()) < 2 for p in parts):
        return []
    names = []
    for part in parts:
        name = _GENERIC_HEAD.sub("", part)
        name = _ARTICLE.sub("", name) if name == part else name
        names.append(_capital(name.strip(" ,.;:\"'”“")))
    return names


def effort_titles(sentence: str) -> list[str]:
    """Every effort a sentence tells of: the names of an enumeration, else one title."""
    started = re.search(
        r"(?:igangsat|iværksat|igangsætter|iværksætter|etableret|engageret\s+sig\s+i)\s+(?P<what>.+)",
        sentence.strip(),
        re.I,
    )
    if started:
        names = enumerated_efforts(started.group("what"))
        if names:
            return names
    return [effort_title(sentence)]


# A further initiative told of inside a project's text: "Derudover understøttes opbygningen af
# Nationalt Genom Center."
_FURTHER = re.compile(
    r"^(?:Derudover|Desuden|Endvidere|Herudover|Ydermere|Samtidig|Også)\s+"
    r"(?:(?:har|er)\s+(?:regionen|vi|administrationen)\s+(?:\w+\s+)?(?:igangsat|iværksat|etableret|støttet)"
    r"|(?:under)?støttes|igangsættes|iværksættes|etableres|gennemføres|finansieres|udvikles)"
    r"\s+(?P<what>[^.;]+)",
)


def further_initiatives(text: str) -> list[tuple[str, str]]:
    """(title, sentence) for each further initiative an item's text tells of."""
    found = []
    for sentence in re.split(r"(?<=[.!?])\s+(?=[A-ZÆØÅ])", text)[1:]:
        match = _FURTHER.match(sentence.strip())
        if match:
            what = _EXAMPLES.sub("", match.group("what")).strip(" ,.;:")
            if len(what.split()) >= 2:
                found.append((_capital(what)[:200], sentence.strip()))
    return found


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def named_in(sentence: str, position: int) -> str:
    """The project an amount in running text funds: a name written with capitals
    ("arbejdet i Copenhagen Skills, hvor regionen har bevilget 6 mio. kr."), or else what
    the money is for ("afsat 6 mio. kr. til medfinansiering af ... kulturbegivenheder")."""
    after = sentence[position:]
    purpose = re.search(r"\btil\s+(?P<p>[^.,;]+)", after)
    before = sentence[:position]
    names = re.findall(
        r"(?<!^)(?<![.!?]\s)\b((?:[A-ZÆØÅ][\wæøå\-]+|[A-ZÆØÅ]{2,}\d*)(?:\s+(?:[A-ZÆØÅ][\wæøå\-]+|\d[\w.]*))+)",
        before,
    )
    names = [n for n in names if not re.match(r"^Region\s+Hovedstaden$", n)]
    if names:
        return names[-1]
    if purpose:
        return _capital(purpose.group("p").strip())
    return sentence[:200]


def _unfinished(line: str) -> bool:
    return line.endswith("-") or line.rsplit(" ", 1)[-1] in _JOINERS


class MemoParser:
    def __init__(self, text: str, candidates: list[Candidate], themes: dict[str, list[str]]):
        self.lines = clean_lines(text)
        self.words = vocabulary(self.lines)
        self._position = {id(line): index for index, line in enumerate(self.lines)}
        widths = sorted(line.width for line in self.lines if line.width)
        # a typical line's width (the median: a text written one paragraph a line has many
        # wrapped lines too, in lists)
        self.width = widths[len(widths) // 2] if widths else 100
        self.candidates = candidates
        self.themes = themes  # theme slug -> title and aliases
        self.doubts: list[str] = []
        self._at: Line | None = None  # the line the block being read starts on
        self._section_lines: dict[int, Line | None] = {}

    def doubt(self, message: str, line: Line | None = None) -> None:
        """A doubt with its place, as the plan reader gives it: "line 12: ..." (or "page 2,
        line 12: ..." for a document with pages)."""
        line = line or self._at
        if line is None:
            self.doubts.append(message)
        elif any(other.page > 1 for other in self.lines[-1:]):
            self.doubts.append(f"{line.where}: {message}")
        else:
            self.doubts.append(f"line {line.lineno}: {message}")

    def _theme_of(self, text: str) -> str | None:
        for slug, names in self.themes.items():
            if any(_norm(text) == _norm(name) for name in names):
                return slug
        return None

    def blocks(self) -> list[tuple[str, list[str], Line | None]]:
        """("bullet" | "text" | "theme", lines, first line) in order."""
        blocks: list[tuple[str, list[str], Line | None]] = []
        previous: Line | None = None
        for line in self.lines:
            last, previous = previous, line
            if line.blank:
                if blocks and blocks[-1][0] == "bullet" and _unfinished(blocks[-1][1][-1]):
                    continue  # an empty line inside a sentence is extraction damage
                if blocks and blocks[-1][0] != "gap":
                    blocks.append(("gap", [], None))
                continue
            text = line.text
            if line.item:
                blocks.append(("bullet", [text[1:].strip()], line))
            elif self._section_heading(line, last):
                # a section written as a heading, not a bullet: read as the bullets are
                blocks.append(("bullet", [text.lstrip("#").strip()], line))
            elif self._theme_of(text) and not text.endswith("."):
                blocks.append(("theme", [text], line))
            elif (
                blocks
                and blocks[-1][0] == "bullet"
                and not self._starts_paragraph(blocks[-1][1], line, last)
            ) or (blocks and blocks[-1][0] == "text"):
                blocks[-1][1].append(text)
            else:
                blocks.append(("text", [text], line))
        return [b for b in blocks if b[0] != "gap"]

    def _section_heading(self, line: Line, last: Line | None) -> bool:
        """A line of its own that heads a section: a heading by its markup (#, numbering,
        DOCX style, PDF font), or a line after an empty one that names a focus area."""
        text = line.text.lstrip("#").strip()
        if (last is not None and not last.blank) or self._theme_of(text):
            return False
        if len(text) > 160 or text.endswith((".", ",", ":", ";")):
            return False
        if line.heading:
            return True
        _candidate, value = best_match(text, self.candidates)
        if value >= MATCH:
            return True
        # "Tværfagligt spor" on a line of its own, then a paragraph: a section the plan lacks
        following = next(
            (o for o in self.lines[self._position[id(line)] + 1 :] if not o.blank), None
        )
        return (
            following is not None
            and not following.item
            and 2 <= len(text.split()) <= 6
            and text[:1].isupper()
            and not re.search(r"\d", text)
            and following.width >= self.width * 0.6
            and not text.casefold().startswith(("notat", "indsatsområder", "status"))
        )

    def _starts_paragraph(self, bullet: list[str], line: Line, last: Line | None = None) -> bool:
        """A line after a section-title bullet starts the section's own text; so does a
        capitalised line after a bullet whose last line stopped short (a paragraph's end, where
        no empty line separates them)."""
        title = join_lines(bullet, self.words)
        if title.rsplit(" ", 1)[-1] in _JOINERS or title.endswith("-"):
            return False
        _candidate, value = best_match(title, self.candidates)
        if value >= MATCH:
            _c, longer = best_match(join_lines([*bullet, line.text], self.words), self.candidates)
            if longer <= value:
                return True
        short = last is not None and last.width < self.width * 0.6
        finished = title.endswith((".", ";", "!", "?")) or (
            len(title.split()) <= 8 and not title.endswith((",", ":"))
        )
        # "• Tværfagligt spor" / "Dette indsatsområde er ...": a short title, then text
        if (
            short
            and finished
            and line.text[:1].isupper()
            and not _YEAR_IN_BRACKETS.search(line.text[:80])
        ):
            return True
        if title.endswith((".", ":", ";", ")", "..")) and len(bullet) > 1:
            return False
        if value >= MAYBE:
            # the title is complete when adding the next line does not make it match better
            _c, longer = best_match(join_lines([*bullet, line.text], self.words), self.candidates)
            return longer <= value
        return False

    def parse(self) -> dict[str, Any]:
        sections: list[dict[str, Any]] = []
        theme: str | None = None
        blocks = self.blocks()
        lead_funding: str | None = None
        for index, (kind, lines, first) in enumerate(blocks):
            self._at = first
            text = join_lines(lines, self.words)
            if kind == "theme":
                theme = self._theme_of(text)
                lead_funding = None
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
                        self.doubt(
                            f"“{text}” matched to focus area {candidate.slug} "
                            f"with {value:.0%} certainty; check it."
                        )
                    sections.append(section)
                    self._section_lines[id(section)] = first
                    theme = candidate.theme
                    lead_funding = None
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
                    self._section_lines[id(sections[-1])] = first
                    self.doubt(f"“{text}” matches no focus area of the plan; offered as a new one.")
                    lead_funding = None
                    continue
                if not sections:
                    self.doubt(f"Bullet before any section skipped: “{text[:80]}”")
                    continue
                item = _item(text)
                item["funding"] = lead_funding or (
                    funding_named(text, default_pool=True) if item["amounts"] else None
                )
                for doubt in item["doubts"]:
                    self.doubt(f"{item['title'][:60]}: {doubt}")
                sections[-1]["items"].append(item)
                for title, sentence in further_initiatives(text):
                    sections[-1]["items"].append(_told_of(title, sentence, item["funding"]))
                    self.doubt(
                        f"“{item['title'][:50]}”: “{title[:60]}” read from its text as a "
                        "further initiative."
                    )
            else:
                if not sections:
                    continue
                section = sections[-1]
                section["text"] = (section["text"] + "\n\n" + text).strip()
                lead_funding = _lead_in(text)
                for match in _AMOUNT.finditer(text):
                    sentence = _sentence_around(text, match.start())
                    try:
                        parsed = parse_dkk(match.group(0))
                    except ValidationError:
                        self.doubt(f"amount “{match.group(0)}” not read")
                        continue
                    position = match.start() - text.find(sentence)
                    section["items"].append(
                        {
                            "title": named_in(sentence, max(position, 0)),
                            "text": sentence,
                            "kind": "initiative",
                            "amounts": [_amount(match.group(0), parsed)],
                            "funding": funding_named(sentence, default_pool=True) or "pool",
                            **({"decided": decided_in(sentence)} if decided_in(sentence) else {}),
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
                                "amount in the section text: the project's name is read from "
                                "the sentence"
                            ],
                        }
                    )
                    self.doubt(
                        f"{match.group(0)} in the text of “{section['heading'][:50]}”: "
                        f"read as a grant to “{section['items'][-1]['title'][:60]}”; check it."
                    )
        for section in sections:
            self._at = self._section_lines.get(id(section))
            self._efforts(section)
            relevant = re.search(
                r"(fortsat|stadig)\s+(er\s+)?relevant|fortsat\s+behov", section["text"], re.I
            )
            section["still_relevant"] = True if relevant else None
        return {"sections": sections, "doubts": self.doubts}

    def _efforts(self, section: dict[str, Any]) -> None:
        """A section that names no project as a bullet may tell of efforts in its text
        ("har regionen igangsat en række indsatser"): each becomes an initiative, with a grant
        when the section says where its money comes from ("finansieres via ...")."""
        text = section["text"]
        sentences = re.split(r"(?<=[.!?])\s+(?=[A-ZÆØÅ])", text)
        for sentence in sentences:
            # "et fælles interreg-projekt om et sammenhængende transportsystem (ESTSGC)"
            named = re.search(
                r"\b(?:et|en)\s+(?P<name>[^.,;:]*?\bprojekt[^.,;:]*?\([A-ZÆØÅ0-9-]{3,}\))",
                sentence,
            )
            if named:
                found = status_word(sentence)
                section["items"].append(
                    {
                        "title": _capital(named.group("name")),
                        "text": sentence.strip(),
                        "amounts": [],
                        "years": sorted({int(y) for y in _YEAR.findall(sentence)}),
                        "funding": None,
                        "from_text": True,
                        **(
                            dict(zip(("status_word", "status"), found, strict=True))
                            if found
                            else {}
                        ),
                        "doubts": ["a project named in the text"],
                    }
                )
        if any(not item.get("in_text") and not item.get("from_text") for item in section["items"]):
            return
        funding = None
        for sentence in sentences:
            if re.search(r"finansier\w*\s+(?:via|af|gennem|med)", sentence, re.I):
                funding = funding_named(sentence, default_pool=False)
        for sentence in sentences:
            if not _EFFORT.search(sentence) or _AMOUNT.search(sentence):
                continue
            for title in effort_titles(sentence):
                section["items"].append(_told_of(title, sentence, funding))
                self.doubt(
                    f"“{section['heading'][:50]}”: “{title[:60]}” read from the text as an "
                    "initiative."
                )


def _told_of(title: str, sentence: str, funding: str | None) -> dict[str, Any]:
    """An initiative told of in running text, not named as a project of its own."""
    found = status_word(sentence)
    return {
        "title": title,
        "text": sentence.strip(),
        "kind": "initiative",
        "amounts": [],
        "years": sorted({int(y) for y in _YEAR.findall(sentence)}),
        "funding": funding,
        "from_text": True,
        **(dict(zip(("status_word", "status"), found, strict=True)) if found else {}),
        "doubts": ["an effort told of in the text, not named as a project"],
    }


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
