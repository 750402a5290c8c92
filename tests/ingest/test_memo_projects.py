"""Memo ingest finds every named project of the seed memo, in its own layout and in others,
and never takes a heading for a project."""

import re
from difflib import SequenceMatcher

import pytest

from actionplan.demo.loader import read
from actionplan.ingest.memo import enumerated_efforts, further_initiatives, parse_memo_text
from tests.ingest.test_memo import MEMO, _plan_candidates

SEED = MEMO.read_text(encoding="utf-8")


def _norm(text):
    return " ".join(re.sub(r"[^\wæøå ]", " ", text.casefold().replace("-\n", "")).split())


def _likeness(curated, item):
    """How well a parsed item stands for a curated project: its title, or the curated title's
    or description's words in the item's text (a bullet titled differently from the curated
    name)."""
    want, title = _norm(curated["title"]), _norm(item["title"])
    if want == title:
        return 1.0
    ratio = SequenceMatcher(None, want, title).ratio()
    contained = 0.9 if want in title or title in want else 0.0
    words = set(want.split())
    text = set(_norm(item["text"]).split())
    in_text = len(words & text) / len(words)
    described = set(_norm(curated.get("description") or "").split())
    in_description = len(described & text) / max(len(described), 1)
    return max(ratio, contained, in_text * 0.85, in_description * 0.85)


def _matched(parsed):
    """Each curated project paired with a parsed item of its own focus area, one to one."""
    items = [
        (s["focus_area"] or "tvaerfagligt-spor", i, item)
        for s in parsed["sections"]
        for i, item in enumerate(s["items"])
    ]
    curated = read("memo-2021.yaml")["projects"]
    pairs = sorted(
        (
            (_likeness(project, item), p, n)
            for p, project in enumerate(curated)
            for n, (area, _i, item) in enumerate(items)
            if area in project["focus_areas"]
        ),
        reverse=True,
    )
    found, used = {}, set()
    for value, p, n in pairs:
        if value >= 0.6 and p not in found and n not in used:
            found[p] = items[n][2]["title"]
            used.add(n)
    missing = [c["title"] for p, c in enumerate(curated) if p not in found]
    extra = [items[n][2]["title"] for n in range(len(items)) if n not in used]
    return curated, missing, extra


def _headings(text, mark):
    """The memo with its section bullets written as headings (projects stay bullets)."""
    starts = [
        "Bidrage til at reducere klimaforandringer",
        "Medvirke til at anvende",
        "Sikre grundvandet",
        "Flere får naturvidenskabelige",
        "Bidrage til flere faglærte",
        "Sikre attraktive uddannelser",
        "Bidrage til gode læringsforløb",
        "Tværfagligt spor",
        "Gøre kollektiv transport",
        "Bruge teknologi og data",
        "Sikre bedre trafikale",
        "Øge folkesundheden",
        "Sundere borgere via",
        "Give den enkelte patient",
    ]
    lines = text.split("\n")
    for index, line in enumerate(lines):
        body = line.strip().lstrip("•").strip()
        if line.strip().startswith("•") and any(body.startswith(start) for start in starts):
            lines[index] = f"\n{mark}{body}"
    return "\n".join(lines)


def _layouts():
    yield "seed", SEED
    yield "dash bullets", SEED.replace("• ", "- ").replace("•  ", "- ")
    yield "star bullets", SEED.replace("•", "*")
    yield "no blank lines", re.sub(r"\n\s*\n", "\n", SEED)
    yield "sections as markdown headings", _headings(SEED, "## ")
    yield "sections as plain lines", _headings(SEED, "")
    yield "dash bullets, no blank lines", re.sub(r"\n\s*\n", "\n", re.sub(r"•\s+", "- ", SEED))
    yield "one line per paragraph", re.sub(r"(?<=[^\s-])\s*\n(?=[a-zæøå])", " ", SEED)


@pytest.mark.parametrize(("name", "text"), list(_layouts()), ids=[n for n, _t in _layouts()])
def test_every_curated_project_is_found_and_nothing_else(name, text):
    parsed = parse_memo_text(text, *_plan_candidates())
    curated, missing, extra = _matched(parsed)
    assert len(curated) == 42
    assert missing == [] and extra == []


@pytest.mark.parametrize(("name", "text"), list(_layouts()), ids=[n for n, _t in _layouts()])
def test_a_heading_is_never_taken_for_a_project(name, text):
    candidates, themes = _plan_candidates()
    parsed = parse_memo_text(text, candidates, themes)
    headings = {_norm(n) for c in candidates for n in c.names}
    headings |= {_norm(n) for names in themes.values() for n in names}
    headings |= {_norm(s["heading"]) for s in parsed["sections"]}
    titles = [item["title"] for s in parsed["sections"] for item in s["items"]]
    assert [t for t in titles if _norm(t) in headings] == []
    assert len(parsed["sections"]) == 15


def test_the_stem_sentence_gives_three_efforts():
    parsed = parse_memo_text(SEED, *_plan_candidates())
    stem = next(s for s in parsed["sections"] if s["focus_area"] == "stem")
    assert [i["title"] for i in stem["items"]] == [
        "Undervisningsforløb i gymnasierne",
        "Forløb om rollemodeller",
        "Flere kvinder i STEM",
    ]
    assert all(i["status_word"] == "igangsat" for i in stem["items"])


@pytest.mark.parametrize(
    ("what", "names"),
    [
        (
            "et projekt om grøn omstilling i havnene, et forløb for iværksættere og en "
            "indsats der styrker kystturismen.",
            ["Projekt om grøn omstilling i havnene", "Forløb for iværksættere", "Kystturismen"],
        ),
        (
            "et netværk for fødevarevirksomheder og et projekt om madspild.",
            ["Netværk for fødevarevirksomheder", "Projekt om madspild"],
        ),
        # one effort described, not an enumeration of efforts
        ("en række indsatser, der skal styrke X, udvikle Y og følge Z.", []),
        ("en række projekter med fokus på at styrke trafikken og samspillet med cykler.", []),
        ("et projekt om cykelstier, herunder skilte, kort og apps.", []),
    ],
)
def test_enumerations_of_named_efforts_are_split(what, names):
    assert enumerated_efforts(what) == names


def test_a_further_initiative_inside_an_item_is_found():
    text = (
        "Sundhedsklynge Nord - Et samarbejde mellem tre kommuner om forebyggelse. Desuden "
        "støttes etableringen af Center for Sund Aldring. Projektet er i gang."
    )
    assert further_initiatives(text) == [
        (
            "Etableringen af Center for Sund Aldring",
            "Desuden støttes etableringen af Center for Sund Aldring.",
        )
    ]
    parsed = parse_memo_text(SEED, *_plan_candidates())
    area = next(s for s in parsed["sections"] if s["focus_area"] == "maalrettet-behandling")
    assert [i["title"] for i in area["items"]] == [
        "Personlig medicin i Østdanmark",
        "Opbygningen af Nationalt Genom Center",
    ]


def test_every_doubt_says_where_in_the_memo():
    parsed = parse_memo_text(SEED, *_plan_candidates())
    lines = SEED.splitlines()
    assert parsed["doubts"]
    for doubt in parsed["doubts"]:
        place = re.match(r"^line (\d+): ", doubt)
        assert place, doubt
        assert lines[int(place.group(1)) - 1].strip()
    stationen = next(d for d in parsed["doubts"] if "Tværfagligt spor” matches no" in d)
    assert "Tværfagligt spor" in lines[int(re.match(r"line (\d+)", stationen).group(1)) - 1]
    grant = next(d for d in parsed["doubts"] if "Copenhagen Skills”; check it" in d)
    number = int(re.match(r"line (\d+)", grant).group(1))
    # the paragraph the amount is in starts there
    assert "\n".join(lines[number - 1 : number + 6]).count("6 mio. kr.") == 1
