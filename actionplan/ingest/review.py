"""Changes a reviewer makes to a plan draft's structure, as pure functions on its data:
give a part another role, move, merge or split items, move a focus area to another theme.
`services.plan_draft_restructure` saves the result; nothing reaches the plan before commit.
"""

import copy
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# The parts of a focus area: text parts are paragraphs, list parts are items.
TEXT_PARTS = ("challenge", "approach", "funding_text")
LIST_PARTS = ("facts", "goals", "activities", "partners", "funding_sources")
PARTS = TEXT_PARTS + LIST_PARTS
_YEAR = re.compile(r"\b(20\d\d)\b")


def _item_text(part: str, item) -> str:
    if part == "facts" or part == "funding_sources":
        return item["text"]
    if part == "goals":
        return item["statement"]
    if part == "activities":
        return item.get("text") or item.get("heading", "")
    return item


def _make_item(part: str, text: str):
    text = " ".join(text.split())
    if part in {"facts", "funding_sources"}:
        return {"text": text}
    if part == "goals":
        years: list[int] = []
        for year in _YEAR.findall(text):
            if int(year) not in years:
                years.append(int(year))
        return {"statement": text, "target_years": years}
    if part == "activities":
        return {"text": text}
    return text


def _texts(area: dict, part: str) -> list[str]:
    """A part's content as a list of texts (paragraphs of a text part, items of a list)."""
    if part in TEXT_PARTS:
        return [p for p in (area.get(part) or "").split("\n\n") if p.strip()]
    texts = []
    for item in area.get(part) or []:
        texts.append(_item_text(part, item))
        if part == "activities":
            texts.extend(item.get("items") or [])
    return texts


def _set(area: dict, part: str, texts: list[str]) -> None:
    if part in TEXT_PARTS:
        area[part] = "\n\n".join(t.strip() for t in texts if t.strip())
    else:
        area[part] = [_make_item(part, t) for t in texts if t.strip()]


def _area(data: dict, theme: int, area: int) -> dict:
    try:
        return data["themes"][theme]["focus_areas"][area]
    except (IndexError, KeyError, TypeError):
        raise ValidationError(_("There is no such focus area in the draft.")) from None


def _index(items: list, index: int) -> int:
    if not 0 <= index < len(items):
        raise ValidationError(_("There is no such item in the draft."))
    return index


def restructure(
    data: dict, *, op: str, theme: int, area: int, part: str = "", index: int = 0, target: str = ""
) -> dict:
    """A copy of the draft's data with one change made (op: role, move_item, up, down,
    merge, split, move_area)."""
    data = copy.deepcopy(data)
    found = _area(data, theme, area)
    if op == "move_area":
        themes = data["themes"]
        try:
            destination = int(target)
            themes[destination]
        except (ValueError, IndexError):
            raise ValidationError(_("There is no such theme in the draft.")) from None
        moved = themes[theme]["focus_areas"].pop(area)
        themes[destination]["focus_areas"].append(moved)
        return data
    if part not in PARTS:
        raise ValidationError(_("Unknown part of a focus area: %(part)s") % {"part": part})
    if op == "role":
        # the whole part becomes (is added to) another part: "this list is partners"
        if target not in PARTS or target == part:
            raise ValidationError(_("Choose another part for it."))
        _set(found, target, _texts(found, target) + _texts(found, part))
        _set(found, part, [])
        return data
    if op == "move_item":
        if target not in PARTS or target == part:
            raise ValidationError(_("Choose another part for it."))
        texts = _texts(found, part)
        moved = texts.pop(_index(texts, index))
        _set(found, part, texts)
        _set(found, target, [*_texts(found, target), moved])
        return data
    items = list(found.get(part) or []) if part in LIST_PARTS else _texts(found, part)
    position = _index(items, index)
    if op in {"up", "down"}:
        other = position - 1 if op == "up" else position + 1
        if 0 <= other < len(items):
            items[position], items[other] = items[other], items[position]
    elif op == "merge":
        if position + 1 >= len(items):
            raise ValidationError(_("The last item has nothing after it to merge with."))
        first, second = items[position], items.pop(position + 1)
        if part in TEXT_PARTS:
            items[position] = f"{first} {second}"
        else:
            merged = _make_item(part, f"{_item_text(part, first)} {_item_text(part, second)}")
            if part == "activities":
                sub = (first.get("items") or []) + (second.get("items") or [])
                if sub:
                    merged["items"] = sub
            items[position] = merged
    elif op == "split":
        text = items[position] if part in TEXT_PARTS else _item_text(part, items[position])
        cut = text.find(target) if target else -1
        if cut <= 0:
            sentence = re.search(r"(?<=[.:;!?])\s+(?=\S)", text)
            if sentence is None:
                raise ValidationError(_("Say where to split: the words the new item starts with."))
            cut = sentence.end()
        head, tail = text[:cut].strip(), text[cut:].strip()
        if part in TEXT_PARTS:
            items[position : position + 1] = [head, tail]
        else:
            first = _make_item(part, head)
            if part == "activities" and items[position].get("items"):
                first["items"] = items[position]["items"]
            items[position : position + 1] = [first, _make_item(part, tail)]
    else:
        raise ValidationError(_("Unknown change: %(op)s") % {"op": op})
    if part in TEXT_PARTS:
        found[part] = "\n\n".join(items)
    else:
        found[part] = items
    return data
